import { useRef } from 'react';
import { Create, useDataProvider, useNotify, useRedirect, useTranslate, type RaRecord } from 'react-admin';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';
import { DraftForm } from './DraftForm.js';

/** Buat Naskah: the draft is saved first, then its PDF goes up as version 1. */
export default function DocumentCreate() {
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const pdf = useRef<File | undefined>(undefined);

  const transform = (data: RaRecord) => {
    pdf.current = (data.pdf as { rawFile?: File } | undefined)?.rawFile;
    return data;
  };

  const onSuccess = async (record: RaRecord) => {
    try {
      if (pdf.current) await dataProvider.uploadVersion(record.id, pdf.current, 'draft');
      notify('naskah.compose.saved', { type: 'success' });
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'warning' });
    }
    redirect('show', 'documents', record.id);
  };

  return (
    <Create title="naskah.menu.compose" transform={transform} mutationOptions={{ onSuccess }}>
      <DraftForm />
    </Create>
  );
}

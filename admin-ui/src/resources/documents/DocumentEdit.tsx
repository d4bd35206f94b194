import { useRef } from 'react';
import { Edit, useDataProvider, useNotify, useRedirect, useTranslate, type RaRecord } from 'react-admin';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';
import { DraftForm } from './DraftForm.js';

/** Revision of a draft or a returned document: the fields, and a new PDF version when one is attached. */
export default function DocumentEdit() {
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
      if (pdf.current) await dataProvider.uploadVersion(record.id, pdf.current, 'revision');
      notify('naskah.action.done.revise', { type: 'success' });
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'warning' });
    }
    redirect('show', 'documents', record.id);
  };

  return (
    <Edit mutationMode="pessimistic" transform={transform} mutationOptions={{ onSuccess }}>
      <DraftForm />
    </Edit>
  );
}

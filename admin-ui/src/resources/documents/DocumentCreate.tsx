import { useRef } from 'react';
import { Create, useDataProvider, useNotify, useRedirect, useTranslate, type RaRecord } from 'react-admin';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';
import { DraftForm } from './DraftForm.js';

interface Attachment {
  rawFile: File;
}

/** Buat Naskah: the draft is saved first, then each lampiran is uploaded to it. */
export default function DocumentCreate() {
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const pending = useRef<File[]>([]);

  const transform = (data: RaRecord) => {
    // The data provider turns the form into the API's draft body; the files go up afterwards.
    pending.current = ((data.attachments ?? []) as Attachment[]).map((a) => a.rawFile);
    return data;
  };

  const onSuccess = async (record: RaRecord) => {
    try {
      for (const file of pending.current) await dataProvider.uploadAttachment(record.id, file);
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

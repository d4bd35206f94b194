import { useRef } from 'react';
import { useDataProvider, useNotify, useRedirect, useTranslate, type RaRecord } from 'react-admin';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { lampiranApi } from '../../api/lampiran.js';
import { problemMessage } from '../../api/problem.js';

const fileOf = (value: unknown) => (value as { rawFile?: File } | undefined)?.rawFile;

/**
 * The draft form's fields are saved first; then the new lampiran go up, and
 * the version: the attached PDF if the user gave one, else the server renders
 * the saved fields (with the lampiran appended). The user lands on the
 * document's page. A failed step leaves what was saved in place and says why.
 */
export function useDraftPdfUpload(reason: 'draft' | 'revision', savedMessage: string) {
  const dataProvider = useDataProvider<NaskahDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const pdf = useRef<File | undefined>(undefined);
  const lampiran = useRef<File[]>([]);

  const transform = (data: RaRecord) => {
    pdf.current = fileOf(data.pdf);
    lampiran.current = ((data.lampiranFiles ?? []) as unknown[]).map(fileOf).filter((f): f is File => f !== undefined);
    return data;
  };

  const onSuccess = async (record: RaRecord) => {
    try {
      for (const file of lampiran.current) await lampiranApi.add(record.id, file);
      if (pdf.current) await dataProvider.uploadVersion(record.id, pdf.current, reason);
      else await lampiranApi.render(record.id);
      notify(savedMessage, { type: 'success' });
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'warning' });
    }
    redirect('show', 'documents', record.id);
  };

  return { transform, onSuccess };
}

import { useRef } from 'react';
import { useDataProvider, useNotify, useRedirect, useTranslate, type RaRecord } from 'react-admin';
import type { NaskahDataProvider } from '../../api/dataProvider.js';
import { problemMessage } from '../../api/problem.js';

/**
 * The draft form's fields are saved first; the attached PDF (if any) then goes
 * up as a version of the saved document, and the user lands on its page. A
 * failed upload leaves the saved fields in place and says why.
 */
export function useDraftPdfUpload(reason: 'draft' | 'revision', savedMessage: string) {
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
      if (pdf.current) await dataProvider.uploadVersion(record.id, pdf.current, reason);
      notify(savedMessage, { type: 'success' });
    } catch (error) {
      notify(problemMessage(error, translate), { type: 'warning' });
    }
    redirect('show', 'documents', record.id);
  };

  return { transform, onSuccess };
}

import { Edit } from 'react-admin';
import { DraftForm } from './DraftForm.js';
import { useDraftPdfUpload } from './useDraftPdfUpload.js';

/** Revision of a draft or a returned document: the fields, and a new PDF version when one is attached. */
export default function DocumentEdit() {
  const { transform, onSuccess } = useDraftPdfUpload('revision', 'naskah.action.done.revise');
  return (
    <Edit mutationMode="pessimistic" transform={transform} mutationOptions={{ onSuccess }}>
      <DraftForm />
    </Edit>
  );
}

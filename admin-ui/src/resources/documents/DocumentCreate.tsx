import { Create } from 'react-admin';
import { DraftForm } from './DraftForm.js';
import { useDraftPdfUpload } from './useDraftPdfUpload.js';

/** Buat Naskah: the draft is saved first, then its PDF goes up as version 1. */
export default function DocumentCreate() {
  const { transform, onSuccess } = useDraftPdfUpload('draft', 'naskah.compose.saved');
  return (
    <Create title="naskah.menu.compose" transform={transform} mutationOptions={{ onSuccess }}>
      <DraftForm />
    </Create>
  );
}

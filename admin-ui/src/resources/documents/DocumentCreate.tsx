import { Create, usePermissions, useTranslate } from 'react-admin';
import Alert from '@mui/material/Alert';
import { hasRole } from '../../auth/authProvider.js';
import { DraftForm } from './DraftForm.js';
import { useDraftPdfUpload } from './useDraftPdfUpload.js';

/**
 * Buat Naskah: the draft is saved first, then its PDF goes up as version 1.
 * Only drafters may start one (as the API decides); anyone else reads why at
 * once instead of filling a form that ends in a refusal.
 */
export default function DocumentCreate() {
  const { permissions, isPending } = usePermissions();
  const translate = useTranslate();
  if (isPending) return null;
  if (!hasRole(permissions, 'drafter')) {
    return <Alert severity="info" sx={{ m: 2 }} data-testid="create-not-allowed">{translate('naskah.compose.notAllowed')}</Alert>;
  }
  return <DraftCreate />;
}

function DraftCreate() {
  const { transform, onSuccess } = useDraftPdfUpload('draft', 'naskah.compose.saved');
  return (
    <Create title="naskah.menu.compose" transform={transform} mutationOptions={{ onSuccess }}>
      <DraftForm />
    </Create>
  );
}

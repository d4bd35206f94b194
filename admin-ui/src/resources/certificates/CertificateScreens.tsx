import { useState } from 'react';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import {
  AutocompleteInput,
  Button,
  Confirm,
  Create,
  DataTable,
  FunctionField,
  List,
  PasswordInput,
  ReferenceInput,
  SimpleForm,
  minLength,
  required,
  useNotify,
  usePermissions,
  useRecordContext,
  useRedirect,
  useRefresh,
  useTranslate,
  useUpdate,
} from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';
import { WaktuField } from '../../fields/WaktuField.js';
import { problemMessage } from '../../api/problem.js';
import { hasRole } from '../../auth/authProvider.js';

/** The CRL reasons the API accepts (PUT /certificates/:id). */
const REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const;

function RevokeButton() {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const { permissions } = usePermissions();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<(typeof REASONS)[number]>('unspecified');
  const [update, { isPending }] = useUpdate();
  // A provider's (gateway) certificate is revoked at the provider, not here.
  if (!record || record.status !== 'active' || record.provider !== 'internal' || !hasRole(permissions, 'admin')) return null;
  return (
    <>
      <Button
        label="naskah.certificate.revoke"
        color="error"
        disabled={isPending}
        onClick={(e) => { e.stopPropagation(); setOpen(true); }}
      />
      <Confirm
        isOpen={open}
        loading={isPending}
        title="naskah.certificate.revokeTitle"
        titleTranslateOptions={{ serial: record.serial, name: record.personName }}
        content={
          <>
            <p>{translate('naskah.certificate.revokeConfirm')}</p>
            <TextField
              select
              fullWidth
              size="small"
              label={translate('naskah.certificate.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])}
            >
              {REASONS.map((r) => <MenuItem key={r} value={r}>{translate(`naskah.certificate.reasons.${r}`)}</MenuItem>)}
            </TextField>
          </>
        }
        confirm="naskah.certificate.revoke"
        confirmColor="warning"
        onClose={() => setOpen(false)}
        onConfirm={() => {
          void update(
            'certificates',
            { id: record.id, data: { status: 'revoked', reason }, previousData: record },
            {
              mutationMode: 'pessimistic',
              onSuccess: () => { setOpen(false); notify('naskah.certificate.revoked', { type: 'success' }); refresh(); },
              onError: (error) => { setOpen(false); notify(problemMessage(error, translate), { type: 'error' }); },
            },
          );
        }}
      />
    </>
  );
}

export function CertificateList() {
  return (
    <List sort={{ field: 'notAfter', order: 'ASC' }}>
      <DataTable bulkActionButtons={false}>
        <DataTable.Col source="serial" />
        <DataTable.Col source="personName" />
        <DataTable.Col source="issuer" />
        <DataTable.Col source="status"><EnumField source="status" group="certificateStatus" chip /></DataTable.Col>
        <DataTable.Col source="notAfter"><WaktuField source="notAfter" dateOnly /></DataTable.Col>
        <DataTable.Col label="naskah.certificate.actions"><FunctionField render={() => <RevokeButton />} /></DataTable.Col>
      </DataTable>
    </List>
  );
}

const passphraseRules = [required(), minLength(8, 'naskah.certificate.passphraseTooShort')];
const sameAsPassphrase = (value: unknown, values: Record<string, unknown>) =>
  value === values.passphrase ? undefined : 'naskah.certificate.passphraseMismatch';

/** Issue a certificate from the internal CA; the passphrase protects the new key and is not stored. */
export function CertificateCreate() {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create
      mutationOptions={{
        // A custom onSuccess replaces react-admin's own, redirect included.
        onSuccess: () => { notify('naskah.certificate.issued', { type: 'success' }); redirect('list', 'certificates'); },
        onError: (error) => notify(problemMessage(error, translate), { type: 'error' }),
      }}
    >
      <SimpleForm>
        <ReferenceInput source="personId" reference="people"><AutocompleteInput validate={required()} /></ReferenceInput>
        <PasswordInput source="passphrase" validate={passphraseRules} autoComplete="new-password" helperText="naskah.certificate.passphraseHelp" />
        <PasswordInput source="passphraseConfirm" validate={[required(), sameAsPassphrase]} autoComplete="new-password" />
      </SimpleForm>
    </Create>
  );
}

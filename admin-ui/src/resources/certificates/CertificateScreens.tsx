import {
  AutocompleteInput,
  Button,
  Create,
  DataTable,
  FunctionField,
  List,
  PasswordInput,
  ReferenceInput,
  SimpleForm,
  required,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  useUpdate,
} from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';
import { WaktuField } from '../../fields/WaktuField.js';
import { problemMessage } from '../../api/problem.js';

function RevokeButton() {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [update, { isPending }] = useUpdate();
  if (!record || record.status !== 'active') return null;
  return (
    <Button
      label="naskah.certificate.revoke"
      color="error"
      disabled={isPending}
      onClick={(e) => {
        e.stopPropagation();
        if (!window.confirm(translate('naskah.certificate.revokeConfirm'))) return;
        void update(
          'certificates',
          { id: record.id, data: { status: 'revoked' }, previousData: record },
          {
            mutationMode: 'pessimistic',
            onSuccess: () => { notify('naskah.certificate.revoked', { type: 'success' }); refresh(); },
            onError: (error) => notify(problemMessage(error, translate), { type: 'error' }),
          },
        );
      }}
    />
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

/** Issue a certificate from the internal CA; the passphrase protects the new key and is not stored. */
export function CertificateCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <ReferenceInput source="personId" reference="people"><AutocompleteInput validate={required()} /></ReferenceInput>
        <PasswordInput source="passphrase" validate={required()} autoComplete="new-password" />
      </SimpleForm>
    </Create>
  );
}

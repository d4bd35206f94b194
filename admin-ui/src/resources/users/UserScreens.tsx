import {
  AutocompleteInput,
  BooleanField,
  BooleanInput,
  CheckboxGroupInput,
  Create,
  DataTable,
  Edit,
  FunctionField,
  List,
  PasswordInput,
  ReferenceInput,
  SimpleForm,
  TextInput,
  required,
  useTranslate,
} from 'react-admin';
import { SaveOnlyToolbar } from '../../layout/SaveOnlyToolbar.js';

const ROLES = ['drafter', 'reviewer', 'signer', 'secretariat', 'leader', 'auditor', 'admin'];
const roleChoices = ROLES.map((id) => ({ id, name: `naskah.enum.role.${id}` }));

export function UserList() {
  const translate = useTranslate();
  return (
    <List sort={{ field: 'username', order: 'ASC' }}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="username" />
        <DataTable.Col source="name" />
        <DataTable.Col source="roles"><FunctionField render={(r) => ((r.roles ?? []) as string[]).map((x) => translate(`naskah.enum.role.${x}`, { _: x })).join(', ')} /></DataTable.Col>
        <DataTable.Col source="active"><BooleanField source="active" /></DataTable.Col>
      </DataTable>
    </List>
  );
}

function UserForm({ creating }: { creating?: boolean }) {
  return (
    <SimpleForm toolbar={<SaveOnlyToolbar />}>
      <TextInput source="username" validate={required()} disabled={!creating} />
      <ReferenceInput source="personId" reference="people"><AutocompleteInput validate={required()} disabled={!creating} /></ReferenceInput>
      <CheckboxGroupInput source="roles" choices={roleChoices} validate={required()} />
      <BooleanInput source="active" defaultValue />
      <BooleanInput source="classifiedAccess" />
      <PasswordInput source="password" validate={creating ? required() : undefined} />
    </SimpleForm>
  );
}
export const UserEdit = () => <Edit mutationMode="pessimistic"><UserForm /></Edit>;
export const UserCreate = () => <Create><UserForm creating /></Create>;

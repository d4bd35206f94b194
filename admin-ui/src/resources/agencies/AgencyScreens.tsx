import { Create, DataTable, Edit, List, SimpleForm, TextInput, required } from 'react-admin';
import { SaveOnlyToolbar } from '../../layout/SaveOnlyToolbar.js';

export function AgencyList() {
  return (
    <List sort={{ field: 'name', order: 'ASC' }}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        <DataTable.Col source="city" />
        <DataTable.Col source="email" />
      </DataTable>
    </List>
  );
}

function AgencyForm() {
  return (
    <SimpleForm toolbar={<SaveOnlyToolbar />}>
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="address" fullWidth />
      <TextInput source="city" />
      <TextInput source="postalCode" />
      <TextInput source="phone" />
      <TextInput source="email" type="email" />
      <TextInput source="website" />
    </SimpleForm>
  );
}
export const AgencyEdit = () => <Edit mutationMode="pessimistic"><AgencyForm /></Edit>;
export const AgencyCreate = () => <Create redirect="list"><AgencyForm /></Create>;

import { AutocompleteInput, Create, DataTable, Edit, List, ReferenceField, ReferenceInput, SearchInput, SimpleForm, TextInput, regex, required } from 'react-admin';

export function PersonList() {
  return (
    <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'name', order: 'ASC' }}>
      <DataTable rowClick="edit">
        <DataTable.Col source="name" />
        <DataTable.Col source="nip" />
        <DataTable.Col source="positionId"><ReferenceField source="positionId" reference="positions" link={false} /></DataTable.Col>
        <DataTable.Col source="email" />
      </DataTable>
    </List>
  );
}

function PersonForm() {
  return (
    <SimpleForm>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="nip" validate={[required(), regex(/^\d{18}$/, 'naskah.validation.nip')]} />
      <TextInput source="nik" validate={regex(/^\d{16}$/, 'naskah.validation.nik')} />
      <TextInput source="email" type="email" />
      <TextInput source="phone" />
      <ReferenceInput source="positionId" reference="positions"><AutocompleteInput /></ReferenceInput>
    </SimpleForm>
  );
}
export const PersonEdit = () => <Edit mutationMode="pessimistic"><PersonForm /></Edit>;
export const PersonCreate = () => <Create><PersonForm /></Create>;

import { AutocompleteInput, Create, DataTable, List, ReferenceField, ReferenceInput, SearchInput, SimpleForm, TextInput, regex, required } from 'react-admin';

export function PersonList() {
  return (
    <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'name', order: 'ASC' }}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="nip" />
        <DataTable.Col source="positionId"><ReferenceField source="positionId" reference="positions" link={false} /></DataTable.Col>
        <DataTable.Col source="agencyId"><ReferenceField source="agencyId" reference="agencies" link={false} /></DataTable.Col>
        <DataTable.Col source="email" />
      </DataTable>
    </List>
  );
}

export function PersonCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="name" validate={required()} fullWidth />
        <TextInput source="nip" validate={regex(/^\d{18}$/, 'naskah.validation.nip')} />
        <TextInput source="nik" validate={[required(), regex(/^\d{16}$/, 'naskah.validation.nik')]} />
        <TextInput source="email" type="email" />
        <TextInput source="phone" />
        <ReferenceInput source="agencyId" reference="agencies"><AutocompleteInput validate={required()} /></ReferenceInput>
        <ReferenceInput source="positionId" reference="positions"><AutocompleteInput /></ReferenceInput>
      </SimpleForm>
    </Create>
  );
}

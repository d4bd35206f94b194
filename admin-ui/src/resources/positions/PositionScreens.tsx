import { AutocompleteInput, Create, DataTable, Edit, List, ReferenceField, ReferenceInput, SimpleForm, TextInput, required } from 'react-admin';

export function PositionList() {
  return (
    <List filters={[<ReferenceInput key="a" source="agencyId" reference="agencies" alwaysOn><AutocompleteInput label="resources.positions.fields.agencyId" /></ReferenceInput>]}>
      <DataTable rowClick="edit">
        <DataTable.Col source="name" />
        <DataTable.Col source="eselon" />
        <DataTable.Col source="agencyId"><ReferenceField source="agencyId" reference="agencies" link={false} /></DataTable.Col>
        <DataTable.Col source="superiorId"><ReferenceField source="superiorId" reference="positions" link={false} /></DataTable.Col>
      </DataTable>
    </List>
  );
}

function PositionForm() {
  return (
    <SimpleForm>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="eselon" />
      <ReferenceInput source="agencyId" reference="agencies"><AutocompleteInput validate={required()} /></ReferenceInput>
      <ReferenceInput source="superiorId" reference="positions"><AutocompleteInput /></ReferenceInput>
    </SimpleForm>
  );
}
export const PositionEdit = () => <Edit mutationMode="pessimistic"><PositionForm /></Edit>;
export const PositionCreate = () => <Create><PositionForm /></Create>;

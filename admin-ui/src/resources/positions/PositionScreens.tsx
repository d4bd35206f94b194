import { AutocompleteInput, Create, DataTable, List, ReferenceField, ReferenceInput, SearchInput, SimpleForm, TextInput, regex, required } from 'react-admin';
import { PositionInput } from './PositionInputs.js';

export function PositionList() {
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn />,
        <ReferenceInput key="a" source="agencyId" reference="agencies"><AutocompleteInput label="resources.positions.fields.agencyId" /></ReferenceInput>,
      ]}
    >
      <DataTable rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="title" />
        <DataTable.Col source="eselon" />
        <DataTable.Col source="holderName" />
        <DataTable.Col source="agencyId"><ReferenceField source="agencyId" reference="agencies" link={false} /></DataTable.Col>
        <DataTable.Col source="superiorId"><ReferenceField source="superiorId" reference="positions" link={false} /></DataTable.Col>
      </DataTable>
    </List>
  );
}

export function PositionCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="title" validate={required()} fullWidth />
        <TextInput source="eselon" validate={regex(/^(I|II|III|IV|V)\.[ab]$/, 'naskah.validation.eselon')} />
        <ReferenceInput source="agencyId" reference="agencies"><AutocompleteInput validate={required()} /></ReferenceInput>
        <PositionInput source="superiorId" fullWidth />
      </SimpleForm>
    </Create>
  );
}

import { AutocompleteInput, Create, DataTable, DateTimeInput, Edit, List, ReferenceField, ReferenceInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';
import { WaktuField } from '../../fields/WaktuField.js';

const KINDS = ['plh', 'plt', 'an', 'ub'].map((id) => ({ id, name: `naskah.enum.delegationKind.${id}` }));

/** Plh / Plt (and a.n. / u.b.): who acts for which position, and when. */
export function DelegationList() {
  return (
    <List sort={{ field: 'from', order: 'DESC' }}>
      <DataTable rowClick="edit">
        <DataTable.Col source="kind"><EnumField source="kind" group="delegationKind" /></DataTable.Col>
        <DataTable.Col source="positionId"><ReferenceField source="positionId" reference="positions" link={false} /></DataTable.Col>
        <DataTable.Col source="delegateId"><ReferenceField source="delegateId" reference="people" link={false} /></DataTable.Col>
        <DataTable.Col source="from"><WaktuField source="from" /></DataTable.Col>
        <DataTable.Col source="to"><WaktuField source="to" /></DataTable.Col>
        <DataTable.Col source="reason" />
      </DataTable>
    </List>
  );
}

function DelegationForm() {
  return (
    <SimpleForm>
      <SelectInput source="kind" choices={KINDS} validate={required()} />
      <ReferenceInput source="positionId" reference="positions"><AutocompleteInput validate={required()} /></ReferenceInput>
      <ReferenceInput source="delegateId" reference="people"><AutocompleteInput validate={required()} /></ReferenceInput>
      <DateTimeInput source="from" validate={required()} />
      <DateTimeInput source="to" validate={required()} />
      <TextInput source="reason" fullWidth validate={required()} />
    </SimpleForm>
  );
}
export const DelegationEdit = () => <Edit mutationMode="pessimistic"><DelegationForm /></Edit>;
export const DelegationCreate = () => <Create><DelegationForm /></Create>;

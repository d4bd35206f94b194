import { AutocompleteInput, BulkDeleteButton, Create, DataTable, List, ReferenceInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { WaktuInput } from '../../time/WaktuInput.js';
import { PositionInput } from '../positions/PositionInputs.js';
import { EnumField } from '../../fields/EnumField.js';
import { WaktuField } from '../../fields/WaktuField.js';

const KINDS = ['plh', 'plt', 'an', 'ub'].map((id) => ({ id, name: `naskah.enum.delegationKind.${id}` }));

/** Plh / Plt (and a.n. / u.b.): who acts for which position, and when. */
export function DelegationList() {
  return (
    <List sort={{ field: 'validFrom', order: 'DESC' }}>
      <DataTable rowClick={false} bulkActionButtons={<BulkDeleteButton mutationMode="pessimistic" label="naskah.action.revoke" />}>
        <DataTable.Col source="kind"><EnumField source="kind" group="delegationKind" /></DataTable.Col>
        <DataTable.Col source="positionTitle" />
        <DataTable.Col source="delegateName" />
        <DataTable.Col source="validFrom"><WaktuField source="validFrom" /></DataTable.Col>
        <DataTable.Col source="validTo"><WaktuField source="validTo" /></DataTable.Col>
        <DataTable.Col source="reason" />
      </DataTable>
    </List>
  );
}

export function DelegationCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <SelectInput source="kind" choices={KINDS} validate={required()} />
        <PositionInput source="positionId" validate={required()} fullWidth />
        <ReferenceInput source="delegateId" reference="people"><AutocompleteInput validate={required()} /></ReferenceInput>
        <WaktuInput source="validFrom" validate={required()} />
        <WaktuInput source="validTo" validate={required()} />
        <TextInput source="reason" fullWidth validate={required()} />
      </SimpleForm>
    </Create>
  );
}

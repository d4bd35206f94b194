import { DataTable, List, NumberField, TextField } from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';

export default function AgreementList() {
  return (
    <List sort={{ field: 'year', order: 'DESC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="title" />
        <DataTable.Col source="kind"><EnumField source="kind" group="agreementKind" /></DataTable.Col>
        <DataTable.Col source="year" />
        <DataTable.Col source="agency.name" label="resources.agreements.fields.agency"><TextField source="agency.name" /></DataTable.Col>
        <DataTable.Col source="status"><EnumField source="status" group="status" chip /></DataTable.Col>
        <DataTable.Col source="achievement"><NumberField source="achievement" options={{ maximumFractionDigits: 1 }} /></DataTable.Col>
      </DataTable>
    </List>
  );
}

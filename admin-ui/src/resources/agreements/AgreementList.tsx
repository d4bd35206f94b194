import { DataTable, List, ReferenceField } from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';

export default function AgreementList() {
  return (
    <List sort={{ field: 'year', order: 'DESC' }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="title" />
        <DataTable.Col source="kind"><EnumField source="kind" group="agreementKind" /></DataTable.Col>
        <DataTable.Col source="year" />
        <DataTable.Col source="version" />
        <DataTable.Col source="agencyId" label="resources.agreements.fields.agency"><ReferenceField source="agencyId" reference="agencies" link={false} /></DataTable.Col>
        <DataTable.Col source="status"><EnumField source="status" group="agreementStatus" chip /></DataTable.Col>
      </DataTable>
    </List>
  );
}

import { DataTable, FunctionField, List, TextInput, useTranslate } from 'react-admin';
import { WaktuField } from '../../fields/WaktuField.js';
import { AuditActor } from './AuditActor.js';

export default function AuditEventList() {
  const translate = useTranslate();
  return (
    <List filters={[<TextInput key="s" source="subjectId" alwaysOn />, <TextInput key="a" source="action" />]} sort={{ field: 'id', order: 'DESC' }}>
      <DataTable bulkActionButtons={false}>
        <DataTable.Col source="at"><WaktuField source="at" /></DataTable.Col>
        <DataTable.Col source="actorName"><FunctionField render={(r) => <AuditActor event={r} />} /></DataTable.Col>
        <DataTable.Col source="action"><FunctionField render={(r) => translate(`naskah.enum.auditAction.${r.action}`, { _: String(r.action) })} /></DataTable.Col>
        <DataTable.Col source="subjectType" />
        <DataTable.Col source="subjectId" />
        <DataTable.Col source="hash"><FunctionField render={(r) => <code>{String(r.hash ?? '').slice(0, 16)}</code>} /></DataTable.Col>
      </DataTable>
    </List>
  );
}

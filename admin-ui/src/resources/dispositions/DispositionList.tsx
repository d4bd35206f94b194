import { DataTable, FunctionField, List, SelectInput, TextField } from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';
import { Tenggat } from '../../fields/Tenggat.js';
import { WaktuField } from '../../fields/WaktuField.js';

const STATES = ['unread', 'read', 'disposed', 'closed', 'withdrawn'];

export default function DispositionList() {
  return (
    <List
      filters={[<SelectInput key="state" source="state" choices={STATES.map((id) => ({ id, name: `naskah.enum.dispositionState.${id}` }))} alwaysOn />]}
      sort={{ field: 'deadline', order: 'ASC' }}
    >
      <DataTable rowClick="show">
        <DataTable.Col source="letter.hal" label="resources.dispositions.fields.hal"><TextField source="letter.hal" /></DataTable.Col>
        <DataTable.Col source="from.name" label="resources.dispositions.fields.from"><TextField source="from.name" /></DataTable.Col>
        <DataTable.Col source="to.name" label="resources.dispositions.fields.to"><TextField source="to.name" /></DataTable.Col>
        <DataTable.Col source="instruction"><EnumField source="instruction" group="instruction" /></DataTable.Col>
        <DataTable.Col source="state"><EnumField source="state" group="dispositionState" chip /></DataTable.Col>
        <DataTable.Col source="deadline"><FunctionField render={(r) => (['closed', 'withdrawn'].includes(String(r.state)) ? <WaktuField source="deadline" /> : <Tenggat deadline={r.deadline as string} />)} /></DataTable.Col>
      </DataTable>
    </List>
  );
}

import { AutocompleteInput, BooleanInput, DataTable, FunctionField, List, ReferenceField, ReferenceInput, SelectInput, SimpleList, useTranslate, type RaRecord } from 'react-admin';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { EnumField } from '../../fields/EnumField.js';
import { Tenggat } from '../../fields/Tenggat.js';
import { WaktuField } from '../../fields/WaktuField.js';
import { instructionKey, instructionsOf } from './instruction-key.js';
import { CLOSED_STATES } from './DispositionTree.js';

const STATES = ['sent', 'read', 'forwarded', 'done', 'withdrawn'];

export default function DispositionList() {
  const translate = useTranslate();
  // A phone gets react-admin demo's SimpleList: hal, from → instruction, state and deadline, no 900 px table.
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <List
      filters={[
        <SelectInput key="state" source="state" choices={STATES.map((id) => ({ id, name: `naskah.enum.dispositionState.${id}` }))} alwaysOn />,
        // What the dashboard's overdue counts open (drill-down): open branches past their deadline, per agency.
        <BooleanInput key="overdue" source="overdue" alwaysOn />,
        <ReferenceInput key="agencyId" source="agencyId" reference="agencies" alwaysOn><AutocompleteInput optionText="name" sx={{ minWidth: 260 }} /></ReferenceInput>,
      ]}
      sort={{ field: 'createdAt', order: 'DESC' }}
    >
      {small ? (
        <SimpleList
          linkType="show"
          primaryText={(r: RaRecord) => String(r.hal ?? '')}
          secondaryText={(r: RaRecord) => (
            <>
              <ReferenceField record={r} source="fromPositionId" reference="positions" link={false} /> · {instructionsOf(r).map((i) => translate(instructionKey(i), { _: i })).join(' · ')}
            </>
          )}
          tertiaryText={(r: RaRecord) => translate(`naskah.enum.dispositionState.${String(r.state)}`, { _: String(r.state ?? '') })}
          rowSx={() => ({ '& .MuiListItemText-primary': { whiteSpace: 'normal' } })}
        />
      ) : (
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="hal" />
        <DataTable.Col source="fromPositionId"><ReferenceField source="fromPositionId" reference="positions" link={false} /></DataTable.Col>
        <DataTable.Col source="toPositionId"><ReferenceField source="toPositionId" reference="positions" link={false} /></DataTable.Col>
        <DataTable.Col source="instruction"><FunctionField render={(r) => instructionsOf(r).map((i) => translate(instructionKey(i), { _: i })).join(' · ')} /></DataTable.Col>
        <DataTable.Col source="state"><EnumField source="state" group="dispositionState" chip /></DataTable.Col>
        <DataTable.Col source="deadline">
          <FunctionField render={(r) => (CLOSED_STATES.includes(String(r.state)) ? <WaktuField source="deadline" /> : <Tenggat deadline={r.deadline as string} />)} />
        </DataTable.Col>
      </DataTable>
      )}
    </List>
  );
}

import {
  ArrayInput,
  BooleanInput,
  Create,
  NumberInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  required,
} from 'react-admin';
import { indicatorDirections } from '@naskah/domain/rulebook';
import { PositionArrayInput } from '../positions/PositionInputs.js';

const minTwo = (v: unknown[] | undefined) => (!v || v.length < 2 ? { message: 'ra.validation.minValue', args: { min: 2 } } : undefined);

/** Draft of a perjanjian kinerja / kerja sama: the parties (positions) and the indicators with yearly and quarterly targets. */
export default function AgreementCreate() {
  return (
    <Create redirect="show">
      <SimpleForm>
        <TextInput source="title" validate={required()} fullWidth />
        <SelectInput source="kind" choices={[{ id: 'kinerja', name: 'naskah.enum.agreementKind.kinerja' }, { id: 'kerja_sama', name: 'naskah.enum.agreementKind.kerja_sama' }]} defaultValue="kinerja" validate={required()} />
        <NumberInput source="year" defaultValue={new Date().getFullYear()} validate={required()} />
        <PositionArrayInput source="parties" validate={minTwo} fullWidth />
        <BooleanInput source="parallel" />
        <ArrayInput source="indicators">
          <SimpleFormIterator inline>
            <TextInput source="code" label="resources.agreements.fields.code" validate={required()} sx={{ width: 90 }} />
            <TextInput source="name" label="resources.agreements.fields.indicator" validate={required()} sx={{ minWidth: 280 }} />
            <TextInput source="unit" label="resources.agreements.fields.unit" validate={required()} sx={{ width: 100 }} />
            <SelectInput source="direction" label="resources.agreements.fields.direction" choices={indicatorDirections.map((id) => ({ id, name: `naskah.enum.direction.${id}` }))} defaultValue="higher" />
            <NumberInput source="targetYear" label="resources.agreements.fields.targetYear" validate={required()} sx={{ width: 110 }} />
            <NumberInput source="targetQuarters.0" label="naskah.agreement.quarterShort.1" sx={{ width: 80 }} />
            <NumberInput source="targetQuarters.1" label="naskah.agreement.quarterShort.2" sx={{ width: 80 }} />
            <NumberInput source="targetQuarters.2" label="naskah.agreement.quarterShort.3" sx={{ width: 80 }} />
            <NumberInput source="targetQuarters.3" label="naskah.agreement.quarterShort.4" sx={{ width: 80 }} />
          </SimpleFormIterator>
        </ArrayInput>
      </SimpleForm>
    </Create>
  );
}

import { ArrayInput, Create, NumberInput, ReferenceInput, SelectInput, SimpleForm, SimpleFormIterator, TextInput, AutocompleteInput, required } from 'react-admin';

/** Draft of a perjanjian kinerja: parties and indicators with yearly and quarterly targets. */
export default function AgreementCreate() {
  return (
    <Create redirect="show">
      <SimpleForm>
        <TextInput source="title" validate={required()} fullWidth />
        <SelectInput source="kind" choices={[{ id: 'kinerja', name: 'naskah.enum.agreementKind.kinerja' }, { id: 'kerja-sama', name: 'naskah.enum.agreementKind.kerja-sama' }]} defaultValue="kinerja" validate={required()} />
        <NumberInput source="year" defaultValue={new Date().getFullYear()} validate={required()} />
        <ReferenceInput source="agencyId" reference="agencies">
          <AutocompleteInput label="resources.agreements.fields.agency" validate={required()} />
        </ReferenceInput>
        <ArrayInput source="indicators">
          <SimpleFormIterator inline>
            <TextInput source="name" label="resources.agreements.fields.indicator" validate={required()} sx={{ minWidth: 280 }} />
            <TextInput source="unit" label="resources.agreements.fields.unit" sx={{ width: 100 }} />
            <SelectInput source="direction" label="resources.agreements.fields.direction" choices={[{ id: 'up', name: 'naskah.enum.direction.up' }, { id: 'down', name: 'naskah.enum.direction.down' }]} defaultValue="up" />
            <NumberInput source="target" label="resources.agreements.fields.target" validate={required()} sx={{ width: 110 }} />
            <NumberInput source="quarterlyTargets.0" label="naskah.agreement.quarterShort.1" sx={{ width: 80 }} />
            <NumberInput source="quarterlyTargets.1" label="naskah.agreement.quarterShort.2" sx={{ width: 80 }} />
            <NumberInput source="quarterlyTargets.2" label="naskah.agreement.quarterShort.3" sx={{ width: 80 }} />
            <NumberInput source="quarterlyTargets.3" label="naskah.agreement.quarterShort.4" sx={{ width: 80 }} />
          </SimpleFormIterator>
        </ArrayInput>
      </SimpleForm>
    </Create>
  );
}

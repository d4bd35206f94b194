import { Create, DateInput, DateTimeInput, FileField, FileInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { choices, SIFAT } from '../documents/choices.js';

/** Registrasi surat masuk by TU: the scan and the agenda data in one form (multipart). */
export default function IncomingLetterCreate() {
  return (
    <Create redirect="show">
      <SimpleForm>
        <TextInput source="agendaNumber" helperText="naskah.incoming.agendaHelp" />
        <TextInput source="from" validate={required()} fullWidth />
        <TextInput source="theirNumber" validate={required()} />
        <DateInput source="theirDate" validate={required()} />
        <DateTimeInput source="receivedAt" validate={required()} defaultValue={new Date()} />
        <SelectInput source="sifat" choices={choices('sifat', SIFAT)} defaultValue="biasa" validate={required()} />
        <TextInput source="hal" validate={required()} fullWidth />
        <FileInput source="scan" accept={{ 'application/pdf': ['.pdf'] }} validate={required()}>
          <FileField source="src" title="title" />
        </FileInput>
      </SimpleForm>
    </Create>
  );
}

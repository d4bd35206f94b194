import { Create, DateInput, FileField, FileInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { WaktuInput } from '../../time/WaktuInput.js';
import { PositionInput } from '../positions/PositionInputs.js';
import { choices, KLASIFIKASI_KEAMANAN, SIFAT } from '../documents/choices.js';

/** Registrasi surat masuk by TU: the agenda data and the scan (PDF) in one form. */
export default function IncomingLetterCreate() {
  return (
    <Create redirect="show">
      <SimpleForm>
        <TextInput source="agendaNumber" helperText="naskah.incoming.agendaHelp" />
        <TextInput source="senderName" validate={required()} fullWidth />
        <TextInput source="senderNumber" validate={required()} />
        <DateInput source="senderDate" validate={required()} />
        <WaktuInput source="receivedAt" validate={required()} defaultValue={new Date()} />
        <SelectInput source="sifat" choices={choices('sifat', SIFAT)} defaultValue="biasa" validate={required()} />
        <SelectInput source="classification" choices={choices('keamanan', KLASIFIKASI_KEAMANAN)} defaultValue="biasa" validate={required()} />
        <TextInput source="hal" validate={required()} fullWidth />
        <PositionInput source="addressedToId" fullWidth />
        <FileInput source="scan" accept={{ 'application/pdf': ['.pdf'] }}>
          <FileField source="src" title="title" />
        </FileInput>
      </SimpleForm>
    </Create>
  );
}

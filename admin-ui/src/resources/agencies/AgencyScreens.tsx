import { Create, DataTable, Edit, List, SelectInput, SimpleForm, TextInput, required } from 'react-admin';

const ZONES = [
  { id: 'Asia/Jakarta', name: 'naskah.zone.WIB' },
  { id: 'Asia/Makassar', name: 'naskah.zone.WITA' },
  { id: 'Asia/Jayapura', name: 'naskah.zone.WIT' },
];

export function AgencyList() {
  return (
    <List sort={{ field: 'name', order: 'ASC' }}>
      <DataTable rowClick="edit">
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        <DataTable.Col source="timezone" />
      </DataTable>
    </List>
  );
}

function AgencyForm() {
  return (
    <SimpleForm>
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="address" fullWidth multiline />
      <SelectInput source="timezone" choices={ZONES} defaultValue="Asia/Makassar" />
    </SimpleForm>
  );
}
export const AgencyEdit = () => <Edit mutationMode="pessimistic"><AgencyForm /></Edit>;
export const AgencyCreate = () => <Create><AgencyForm /></Create>;

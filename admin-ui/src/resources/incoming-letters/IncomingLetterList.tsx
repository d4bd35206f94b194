import { DataTable, List, SearchInput, useTranslate } from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';
import { WaktuField } from '../../fields/WaktuField.js';

export default function IncomingLetterList() {
  const translate = useTranslate();
  return (
    <List filters={[<SearchInput key="q" source="q" alwaysOn placeholder={translate('naskah.action.search')} />]} sort={{ field: 'receivedAt', order: 'DESC' }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="agendaNumber" />
        <DataTable.Col source="senderName" />
        <DataTable.Col source="hal" />
        <DataTable.Col source="sifat"><EnumField source="sifat" group="sifat" /></DataTable.Col>
        <DataTable.Col source="receivedAt"><WaktuField source="receivedAt" /></DataTable.Col>
      </DataTable>
    </List>
  );
}

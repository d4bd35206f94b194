import { DataTable, List, NumberInput, SearchInput, TextField, TextInput, useTranslate } from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';
import { WaktuField } from '../../fields/WaktuField.js';

/** Arsip: what auditors search by (text, classification code, year). */
export default function ArchiveList() {
  const translate = useTranslate();
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder={translate('naskah.action.search')} />,
        <TextInput key="k" source="classification" />,
        <NumberInput key="y" source="year" />,
      ]}
      sort={{ field: 'archivedAt', order: 'DESC' }}
    >
      <DataTable rowClick="show">
        <DataTable.Col source="number" />
        <DataTable.Col source="hal" />
        <DataTable.Col source="classification" />
        <DataTable.Col source="agency.name" label="resources.archive.fields.agency"><TextField source="agency.name" /></DataTable.Col>
        <DataTable.Col source="archivedAt"><WaktuField source="archivedAt" /></DataTable.Col>
        <DataTable.Col source="retentionUntil"><WaktuField source="retentionUntil" dateOnly /></DataTable.Col>
        <DataTable.Col source="fate"><EnumField source="fate" group="fate" /></DataTable.Col>
      </DataTable>
    </List>
  );
}

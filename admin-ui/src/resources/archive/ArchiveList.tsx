import { DataTable, List, ReferenceField, SearchInput, TextInput, useTranslate } from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';
import { RetentionUntilField } from '../../fields/RetentionUntil.js';
import { WaktuField } from '../../fields/WaktuField.js';

/** Arsip: what auditors search by (text, classification code, year). */
export default function ArchiveList() {
  const translate = useTranslate();
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder={translate('naskah.action.search')} />,
        <TextInput key="k" source="archiveCode" />,
      ]}
      sort={{ field: 'archivedAt', order: 'DESC' }}
    >
      {/* No bulk delete: archived records are object-locked and the API has no DELETE for them. */}
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="number" />
        <DataTable.Col source="hal" />
        <DataTable.Col source="archiveCode" />
        <DataTable.Col source="agencyId"><ReferenceField source="agencyId" reference="agencies" link={false} /></DataTable.Col>
        <DataTable.Col source="archivedAt"><WaktuField source="archivedAt" /></DataTable.Col>
        <DataTable.Col source="retentionUntil"><RetentionUntilField /></DataTable.Col>
        <DataTable.Col source="fate"><EnumField source="fate" group="fate" /></DataTable.Col>
      </DataTable>
    </List>
  );
}

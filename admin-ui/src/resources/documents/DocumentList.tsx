import {
  CreateButton,
  DataTable,
  ExportButton,
  FilterButton,
  List,
  TopToolbar,
  usePermissions,
  SearchInput,
  SelectInput,
  useTranslate,
} from 'react-admin';
import { EnumField } from '../../fields/EnumField.js';
import { WaktuField } from '../../fields/WaktuField.js';
import { choices, DOCUMENT_STATUSES, DOCUMENT_TYPES } from './choices.js';
import { hasRole } from '../../auth/authProvider.js';

/** "Buat" only for drafters: the API refuses a konsep from anyone else. */
function ListActions() {
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      <FilterButton />
      {hasRole(permissions, 'drafter') && <CreateButton />}
      <ExportButton />
    </TopToolbar>
  );
}


export default function DocumentList() {
  const translate = useTranslate();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('naskah.action.search')} />,
    <SelectInput key="type" source="type" choices={choices('type', DOCUMENT_TYPES)} label="resources.documents.fields.type" />,
    <SelectInput key="status" source="status" choices={choices('status', DOCUMENT_STATUSES)} label="resources.documents.fields.status" />,
  ];
  return (
    <List filters={filters} sort={{ field: 'updatedAt', order: 'DESC' }} actions={<ListActions />}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="number" />
        <DataTable.Col source="hal" />
        <DataTable.Col source="type"><EnumField source="type" group="type" /></DataTable.Col>
        <DataTable.Col source="status"><EnumField source="status" group="status" chip /></DataTable.Col>
        <DataTable.Col source="updatedAt"><WaktuField source="updatedAt" /></DataTable.Col>
        <DataTable.Col source="drafterName" label="resources.documents.fields.drafter" />
      </DataTable>
    </List>
  );
}

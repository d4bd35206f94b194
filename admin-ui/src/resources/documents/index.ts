import { lazy } from 'react';
import DescriptionIcon from '@mui/icons-material/Description';
import type { RaRecord } from 'react-admin';

export default {
  list: lazy(() => import('./DocumentList.js')),
  show: lazy(() => import('./DocumentShow.js')),
  create: lazy(() => import('./DocumentCreate.js')),
  edit: lazy(() => import('./DocumentEdit.js')),
  icon: DescriptionIcon,
  recordRepresentation: (record: RaRecord) => (record.number as string | undefined) ?? (record.hal as string | undefined) ?? String(record.id),
};

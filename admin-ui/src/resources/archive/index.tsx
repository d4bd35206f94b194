import { lazy } from 'react';
import Inventory2Icon from '@mui/icons-material/Inventory2';
import type { RaRecord } from 'react-admin';

export default {
  list: lazy(() => import('./ArchiveList.js')),
  show: lazy(() => import('./ArchiveShow.js')),
  icon: Inventory2Icon,
  recordRepresentation: (r: RaRecord) => String(r.number ?? r.hal ?? r.id),
};

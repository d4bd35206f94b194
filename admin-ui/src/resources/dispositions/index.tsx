import { lazy } from 'react';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import type { RaRecord } from 'react-admin';

export default {
  list: lazy(() => import('./DispositionList.js')),
  show: lazy(() => import('./DispositionShow.js')),
  icon: AccountTreeIcon,
  recordRepresentation: (r: RaRecord) => String(r.instruction ?? r.id),
};

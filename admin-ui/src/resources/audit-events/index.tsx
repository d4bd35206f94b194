import { lazy } from 'react';
import HistoryIcon from '@mui/icons-material/History';
import type { RaRecord } from 'react-admin';

export default {
  list: lazy(() => import('./AuditEventList.js')),
  icon: HistoryIcon,
  recordRepresentation: (r: RaRecord) => String(r.action ?? r.id),
};

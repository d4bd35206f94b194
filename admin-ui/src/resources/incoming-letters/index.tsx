import { lazy } from 'react';
import MoveToInboxIcon from '@mui/icons-material/MoveToInbox';
import type { RaRecord } from 'react-admin';

export default {
  list: lazy(() => import('./IncomingLetterList.js')),
  show: lazy(() => import('./IncomingLetterShow.js')),
  create: lazy(() => import('./IncomingLetterCreate.js')),
  icon: MoveToInboxIcon,
  recordRepresentation: (r: RaRecord) => `${r.agendaNumber ?? ''} ${r.hal ?? ''}`.trim(),
};

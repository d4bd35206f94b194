import { lazy } from 'react';
import BadgeIcon from '@mui/icons-material/Badge';
import type { RaRecord } from 'react-admin';

const screens = () => import('./PositionScreens.js');
export default {
  list: lazy(() => screens().then((m) => ({ default: m.PositionList }))),
  edit: lazy(() => screens().then((m) => ({ default: m.PositionEdit }))),
  create: lazy(() => screens().then((m) => ({ default: m.PositionCreate }))),
  icon: BadgeIcon,
  recordRepresentation: (r: RaRecord) => String(r.name ?? r.id),
};

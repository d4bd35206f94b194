import { lazy } from 'react';
import BadgeIcon from '@mui/icons-material/Badge';
import type { RaRecord } from 'react-admin';

const screens = () => import('./PositionScreens.js');
export default {
  list: lazy(() => screens().then((m) => ({ default: m.PositionList }))),
  create: lazy(() => screens().then((m) => ({ default: m.PositionCreate }))),
  icon: BadgeIcon,
  recordRepresentation: (r: RaRecord) => String(r.title ?? r.name ?? r.id),
};

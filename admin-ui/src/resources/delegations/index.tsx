import { lazy } from 'react';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import type { RaRecord } from 'react-admin';

const screens = () => import('./DelegationScreens.js');
export default {
  list: lazy(() => screens().then((m) => ({ default: m.DelegationList }))),
  create: lazy(() => screens().then((m) => ({ default: m.DelegationCreate }))),
  icon: SwapHorizIcon,
  recordRepresentation: (r: RaRecord) => `${r.kind ?? ''} ${r.positionTitle ?? r.id}`,
};

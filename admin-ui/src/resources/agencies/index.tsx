import { lazy } from 'react';
import ApartmentIcon from '@mui/icons-material/Apartment';
import type { RaRecord } from 'react-admin';

const screens = () => import('./AgencyScreens.js');
export default {
  list: lazy(() => screens().then((m) => ({ default: m.AgencyList }))),
  edit: lazy(() => screens().then((m) => ({ default: m.AgencyEdit }))),
  create: lazy(() => screens().then((m) => ({ default: m.AgencyCreate }))),
  icon: ApartmentIcon,
  recordRepresentation: (r: RaRecord) => String(r.name ?? r.code ?? r.id),
};

import { lazy } from 'react';
import PeopleIcon from '@mui/icons-material/People';
import type { RaRecord } from 'react-admin';

const screens = () => import('./PersonScreens.js');
export default {
  list: lazy(() => screens().then((m) => ({ default: m.PersonList }))),
  create: lazy(() => screens().then((m) => ({ default: m.PersonCreate }))),
  icon: PeopleIcon,
  recordRepresentation: (r: RaRecord) => String(r.name ?? r.id),
};

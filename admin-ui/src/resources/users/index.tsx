import { lazy } from 'react';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import type { RaRecord } from 'react-admin';

const screens = () => import('./UserScreens.js');
export default {
  list: lazy(() => screens().then((m) => ({ default: m.UserList }))),
  edit: lazy(() => screens().then((m) => ({ default: m.UserEdit }))),
  create: lazy(() => screens().then((m) => ({ default: m.UserCreate }))),
  icon: ManageAccountsIcon,
  recordRepresentation: (r: RaRecord) => String(r.username ?? r.id),
};

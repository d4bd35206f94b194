import { lazy } from 'react';
import KeyIcon from '@mui/icons-material/Key';
import type { RaRecord } from 'react-admin';

const screens = () => import('./CertificateScreens.js');
export default {
  list: lazy(() => screens().then((m) => ({ default: m.CertificateList }))),
  create: lazy(() => screens().then((m) => ({ default: m.CertificateCreate }))),
  icon: KeyIcon,
  recordRepresentation: (r: RaRecord) => String(r.serial ?? r.id),
};

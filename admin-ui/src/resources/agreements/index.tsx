import { lazy } from 'react';
import AssessmentIcon from '@mui/icons-material/Assessment';
import type { RaRecord } from 'react-admin';

export default {
  list: lazy(() => import('./AgreementList.js')),
  show: lazy(() => import('./AgreementShow.js')),
  create: lazy(() => import('./AgreementCreate.js')),
  icon: AssessmentIcon,
  recordRepresentation: (r: RaRecord) => `${r.title ?? ''} ${r.year ?? ''}`.trim(),
};

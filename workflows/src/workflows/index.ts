export { RoutingWorkflow } from './routing.js';
export { DispositionWorkflow } from './disposition.js';
export { AgreementWorkflow } from './agreement.js';
export { pingWorkflow } from './ping.js';
export { integrityScanWorkflow } from '@naskah/archive/scan/workflows';
export { archiveRenewalWorkflow } from '@naskah/archive/ltv/workflows';
export { dashboardRollupWorkflow } from './dashboard-rollup.js';

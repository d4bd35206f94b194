// Bundled by the test worker: the real scan workflow plus a one-step archive workflow retried like the routing workflow's archive step.
import { proxyActivities } from '@temporalio/workflow';
import type { ArchiveActivities } from '../src/activities.js';

export { integrityScanWorkflow } from '../src/scan/workflows.js';

const { archiveDocument } = proxyActivities<ArchiveActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 1.5, maximumInterval: '2 seconds' },
});

export async function archiveStepWorkflow(documentId: string): Promise<{ archiveId: string }> {
  return archiveDocument({ workflowId: 'test', stepKey: 'archive', documentId });
}

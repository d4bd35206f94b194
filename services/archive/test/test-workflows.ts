// Bundled by the test worker: the real scan workflow plus a one-step archive workflow retried like the routing workflow's archive step.
import { proxyActivities } from '@temporalio/workflow';

export { integrityScanWorkflow } from '../src/scan/workflows.js';

/** The archive step as the test worker registers it: `archivePort(ctx).archiveDocument` with the key and id in one input. */
export interface ArchiveActivities {
  archiveDocument(input: { workflowId: string; stepKey: string; documentId: string }): Promise<{ archiveId: string }>;
}

const { archiveDocument } = proxyActivities<ArchiveActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 1.5, maximumInterval: '2 seconds' },
});

export async function archiveStepWorkflow(documentId: string): Promise<{ archiveId: string }> {
  return archiveDocument({ workflowId: 'test', stepKey: 'archive', documentId });
}

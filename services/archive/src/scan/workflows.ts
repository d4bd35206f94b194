// Decisions only: the scan's I/O is in activities.ts.
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IntegrityScanActivities } from './activities.js';
import type { IntegrityProblem } from './integrity-scan.js';
import { integrityScanProgress, type IntegrityScanState } from './messages.js';

const { scanArchiveBatch, finishIntegrityScan } = proxyActivities<IntegrityScanActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export interface IntegrityScanInput {
  batchSize?: number;
  /** Carried over continueAsNew: where the scan was, and what it found so far. */
  state?: IntegrityScanState;
  problems?: IntegrityProblem[];
}

/** Batches per workflow run before continueAsNew keeps the history short. */
const batchesPerRun = 50;
/** Problems kept in workflow state; the total count is always exact. */
const problemsKept = 500;

/**
 * Re-hashes every archived object, batch by batch, from a cursor held in
 * workflow state: a worker crash or MinIO outage retries the current batch
 * and carries on where it was, never from the start.
 */
export async function integrityScanWorkflow(input: IntegrityScanInput = {}): Promise<IntegrityScanState> {
  const batchSize = input.batchSize ?? 200;
  const state: IntegrityScanState = input.state ?? {
    // audit subject ids hold 64 characters: the run id (a UUID) fits, the scheduled workflow id may not.
    scanId: `scan-${workflowInfo().firstExecutionRunId}`, cursor: 0, checked: 0, bytes: 0, problems: 0,
    startedAt: new Date().toISOString(), finishedAt: null,
  };
  const problems = input.problems ?? [];
  setHandler(integrityScanProgress, () => state);
  for (let batch = 0; batch < batchesPerRun; batch += 1) {
    const result = await scanArchiveBatch({ cursor: state.cursor, batchSize });
    state.cursor = result.cursor;
    state.checked += result.checked;
    state.bytes += result.bytes;
    state.problems += result.problems.length;
    problems.push(...result.problems.slice(0, Math.max(0, problemsKept - problems.length)));
    if (result.done) {
      await finishIntegrityScan({ scanId: state.scanId, checked: state.checked, bytes: state.bytes, problems });
      state.finishedAt = new Date().toISOString();
      return state;
    }
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof integrityScanWorkflow>({ batchSize, state, problems });
}

// Decisions only: the renewal's I/O is in activities.ts.
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { ArchiveRenewalActivities } from './activities.js';

const { renewArchiveBatch } = proxyActivities<ArchiveRenewalActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export interface ArchiveRenewalInput {
  batchSize?: number;
  /** Carried over continueAsNew. */
  cursor?: number;
  now?: string;
  totals?: ArchiveRenewalTotals;
}

export interface ArchiveRenewalTotals {
  /** The time the walk judged expiry by (the run's start). */
  now: string;
  checked: number;
  renewed: number;
  failed: number;
}

const batchesPerRun = 50;

/**
 * Walks the archive once: each record whose newest document time-stamp's TSA
 * certificate expires within the configured window (or rests on a deprecated
 * hash, or has none yet) gets fresh validation data and a new document
 * time-stamp as a new archive version. One "now" for the whole walk: the time
 * the run started.
 */
export async function archiveRenewalWorkflow(input: ArchiveRenewalInput = {}): Promise<ArchiveRenewalTotals> {
  const batchSize = input.batchSize ?? 100;
  const now = input.now ?? new Date().toISOString();
  const totals = input.totals ?? { now, checked: 0, renewed: 0, failed: 0 };
  let cursor = input.cursor ?? 0;
  for (let batch = 0; batch < batchesPerRun; batch += 1) {
    const result = await renewArchiveBatch({ cursor, batchSize, now });
    cursor = result.cursor;
    totals.checked += result.checked;
    totals.renewed += result.renewed.length;
    totals.failed += result.failed.length;
    if (result.done) return totals;
  }
  return continueAsNew<typeof archiveRenewalWorkflow>({ batchSize, cursor, now, totals });
}

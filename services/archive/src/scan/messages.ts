import { defineQuery } from '@temporalio/workflow';

export interface IntegrityScanState {
  scanId: string;
  cursor: number;
  checked: number;
  bytes: number;
  problems: number;
  startedAt: string;
  finishedAt: string | null;
}

/** Progress of a running scan (records checked, bytes hashed, problems so far). */
export const integrityScanProgress = defineQuery<IntegrityScanState>('integrityScanProgress');

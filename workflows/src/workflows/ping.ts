import { workflowInfo } from '@temporalio/workflow';

/** Smallest round trip through a worker; the worker's own test uses it. */
export async function pingWorkflow(text: string): Promise<string> {
  return `pong: ${text} (${workflowInfo().taskQueue})`;
}

import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const integrityScanScheduleId = 'naskah-archive-integrity-scan';

/** Path of the workflow file, for a worker that bundles workflows itself. */
export const integrityScanWorkflowPath = new URL('./workflows.ts', import.meta.url).pathname;

/**
 * Creates the nightly integrity-scan schedule once (a second call finds it).
 * Overlap SKIP: a scan still running when the next one is due is left alone.
 */
export async function ensureIntegrityScanSchedule(client: Client, options: { taskQueue: string; cron?: string }): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: integrityScanScheduleId,
      // 01:30 WITA (UTC+8), after the working day.
      spec: { cronExpressions: [options.cron ?? '30 17 * * *'] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: { type: 'startWorkflow', workflowType: 'integrityScanWorkflow', taskQueue: options.taskQueue, args: [{}], workflowId: 'archive-integrity-scan' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}

import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const archiveRenewalScheduleId = 'naskah-archive-timestamp-renewal';

/**
 * Creates the nightly time-stamp renewal schedule once (a second call finds it).
 * Overlap SKIP: a walk still running when the next one is due is left alone.
 */
export async function ensureArchiveRenewalSchedule(client: Client, options: { taskQueue: string; cron?: string }): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: archiveRenewalScheduleId,
      // 02:30 WITA (UTC+8), after the integrity scan has started.
      spec: { cronExpressions: [options.cron ?? '30 18 * * *'] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: { type: 'startWorkflow', workflowType: 'archiveRenewalWorkflow', taskQueue: options.taskQueue, args: [{}], workflowId: 'archive-timestamp-renewal' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}

// The schedule that keeps dashboard_day current: shortly after midnight WITA
// the day just ended is rolled up. Reads stay exact whatever the lag (days
// after the watermark are counted from the documents); the schedule keeps that
// tail to about a day.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const dashboardRollupScheduleId = 'dashboard-rollup';

/** Creates the schedule once per namespace; a restart finds it and leaves it alone. */
export async function ensureDashboardRollupSchedule(client: Client, options: { taskQueue: string; cron?: string }): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: dashboardRollupScheduleId,
      // 00:10 WITA (UTC+8).
      spec: { cronExpressions: [options.cron ?? '10 16 * * *'] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: { type: 'startWorkflow', workflowType: 'dashboardRollupWorkflow', taskQueue: options.taskQueue, args: [], workflowId: 'dashboard-rollup' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}

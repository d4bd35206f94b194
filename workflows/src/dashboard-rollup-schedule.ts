// The schedule that reconciles dashboard_day: shortly after midnight WITA the
// last week is rebuilt from the records. The writers keep the rows current in
// their own transactions; this heals a row something outside them changed.
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

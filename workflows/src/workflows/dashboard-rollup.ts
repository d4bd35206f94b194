import { proxyActivities } from '@temporalio/workflow';
import type { DashboardRollupActivities } from '../activities/dashboard-rollup.js';

const { refreshDashboardRollup } = proxyActivities<DashboardRollupActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '30 seconds', maximumAttempts: 5 },
});

/** Started by the dashboard-rollup schedule: rolls the complete days up (the first run all of them). */
export async function dashboardRollupWorkflow(): Promise<{ from: string | null; until: string }> {
  return refreshDashboardRollup();
}

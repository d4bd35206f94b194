// The dashboard rollup's one activity: the nightly reconciliation of
// dashboard_day (services/domain owns the SQL; the writers keep the rows
// current, this rebuilds the last week from the records). Idempotent: a retry
// rebuilds the same days.
import type { DomainOrm } from '@naskah/domain';

export function createDashboardRollupActivities(orm: DomainOrm) {
  return {
    async refreshDashboardRollup(): Promise<{ from: string | null; until: string }> {
      const { refreshDashboardDays } = await import('@naskah/domain');
      return refreshDashboardDays(orm.em.fork());
    },
  };
}

export type DashboardRollupActivities = ReturnType<typeof createDashboardRollupActivities>;

// The dashboard rollup's one activity: rolls complete days up into
// dashboard_day (services/domain owns the SQL). Idempotent: a retry redoes the
// same days under the watermark row's lock.
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

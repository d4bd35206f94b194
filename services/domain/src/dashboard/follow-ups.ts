// The leader's dashboard beyond the documents (dashboard-days.ts): the agencies
// it lists and the agreements with their reports.
import type { EntityManager } from '@mikro-orm/postgresql';

/** Every agency of the installation (null), or the one named, in name order. */
export function dashboardAgencies(em: EntityManager, onlyAgencyId: number | null): Promise<{ id: number; code: string; name: string }[]> {
  return em.execute(`select id, code, name from agency ${onlyAgencyId === null ? '' : 'where id = ?'} order by name, id`, onlyAgencyId === null ? [] : [onlyAgencyId]);
}

export interface AgreementRow { agency_id: number | null; a: number; b: number; mean: number | null }

/**
 * Agreements of the years from..to with the progress reports of quarters
 * overlapping the period (a, b, mean achievement) per agency, plus their
 * all-agency total (agency_id null). `agencyIds` null: all. A Pemda has a few
 * hundred agreements a year, so they are read as they are (open dispositions
 * come from the per-day rollup, dashboard-days.ts).
 */
export function readDashboardAgreements(em: EntityManager, q: { from: string; to: string; agencyIds: string | null }): Promise<AgreementRow[]> {
  return em.execute<AgreementRow[]>(
    `select g.agency_id, count(distinct g.id)::int as a, count(r.id)::int as b, avg(r.achievement)::float8 as mean
       from agreement g
       left join indicator i on i.agreement_id = g.id
       left join progress_report r on r.indicator_id = i.id
             and make_date(g.year, r.quarter * 3 - 2, 1) < ?::date + 1 and make_date(g.year, r.quarter * 3 - 2, 1) + interval '3 months' > ?::date
      where (?::int[] is null or g.agency_id = any(?::int[])) and g.year between ? and ? and g.status <> 'superseded'
      group by grouping sets ((g.agency_id), ())`,
    [q.to, q.from, q.agencyIds, q.agencyIds, Number(q.from.slice(0, 4)), Number(q.to.slice(0, 4))]);
}

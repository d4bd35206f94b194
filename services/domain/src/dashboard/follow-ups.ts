// The leader's dashboard beyond the documents (dashboard-days.ts): the agencies
// it lists, open and overdue dispositions, and agreements with their reports.
import type { EntityManager } from '@mikro-orm/postgresql';

/** Every agency of the installation (null), or the one named, in name order. */
export function dashboardAgencies(em: EntityManager, onlyAgencyId: number | null): Promise<{ id: number; code: string; name: string }[]> {
  return em.execute(`select id, code, name from agency ${onlyAgencyId === null ? '' : 'where id = ?'} order by name, id`, onlyAgencyId === null ? [] : [onlyAgencyId]);
}

export interface FollowUpRow { metric: 'dispositions' | 'agreements'; agency_id: number | null; a: number; b: number; mean: number | null }

/**
 * Per agency: open dispositions made in [start, end) and those past their deadline at `now` (a, b);
 * agreements of the years from..to with the progress reports of quarters overlapping the period
 * (a, b, mean achievement), plus their all-agency total (agency_id null). `agencyIds` null: all.
 */
export function readDashboardFollowUps(em: EntityManager, q: { now: Date; start: Date; end: Date; from: string; to: string; agencyIds: string | null }): Promise<FollowUpRow[]> {
  // A branch stays open until its holder reports a follow-up (forwarding it down does not close it).
  return em.execute<FollowUpRow[]>(
    `select 'dispositions' as metric, l.agency_id, count(*)::int as a, count(*) filter (where x.deadline < ?)::int as b, null::float8 as mean
       from disposition x join incoming_letter l on l.id = x.incoming_letter_id
      where x.state in ('sent', 'read', 'forwarded') and x.created_at >= ? and x.created_at < ?
        and (?::int[] is null or l.agency_id = any(?::int[]))
      group by l.agency_id
     union all
     select 'agreements', g.agency_id, count(distinct g.id)::int, count(r.id)::int, avg(r.achievement)::float8
       from agreement g
       left join indicator i on i.agreement_id = g.id
       left join progress_report r on r.indicator_id = i.id
             and make_date(g.year, r.quarter * 3 - 2, 1) < ?::date + 1 and make_date(g.year, r.quarter * 3 - 2, 1) + interval '3 months' > ?::date
      where (?::int[] is null or g.agency_id = any(?::int[])) and g.year between ? and ? and g.status <> 'superseded'
      group by grouping sets ((g.agency_id), ())`,
    [q.now, q.start, q.end, q.agencyIds, q.agencyIds, q.to, q.from, q.agencyIds, q.agencyIds, Number(q.from.slice(0, 4)), Number(q.to.slice(0, 4))]);
}

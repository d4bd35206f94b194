// The leaders' dashboard as it was computed before the per-day rollup: every
// figure straight from document and disposition rows (the same statements,
// run side by side on connections of their own, as the use case ran them).
// The dashboard bench times it next to the rollup and checks that both give
// the same numbers.
import type { DomainEntityManager as EntityManager } from '@naskah/domain';

export interface DirectFigures { created: number; signed: number; cancelled: number; timed: number; median: number | null; p90: number | null; open: number; overdue: number }

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/** Figures per agency id and for the region (key 0) over the calendar days from..to in `zone`. */
export async function directDashboard(em: EntityManager, agencyIds: number[], period: { from: string; to: string }, zone: string, now: Date): Promise<Map<number, DirectFigures>> {
  const ids = `{${agencyIds.join(',')}}`;
  const [{ start, end }] = await em.execute<[{ start: Date; end: Date }]>(
    `select (?::date)::timestamp at time zone ? as start, (?::date + 1)::timestamp at time zone ? as end`, [period.from, zone, period.to, zone]);
  const withSortMemory = (sql: string, params: unknown[]) => em.fork().transactional(async (tx) => {
    await tx.execute(`set local work_mem = '32MB'`);
    return tx.execute<{ agency_id: number | null; n: number; timed: number; pct: number[] | null }[]>(sql, params);
  });
  const signedHours = `select agency_id, date_part('epoch', signed_at - submitted_at) / 3600 as hours from document
                        where agency_id = any(?::int[]) and signed_at >= ? and signed_at < ? and status in ('signed', 'distributed', 'archived')`;
  const [counts, agencySigned, regionSigned, dispositions] = await Promise.all([
    em.fork().execute<{ metric: string; agency_id: number; n: number }[]>(
      `select 'created' as metric, agency_id, count(*)::int as n from document where agency_id = any(?::int[]) and created_at >= ? and created_at < ? group by agency_id
       union all
       select 'cancelled', agency_id, count(*)::int from document
        where agency_id = any(?::int[]) and status = 'cancelled' and submitted_at is not null and updated_at >= ? and updated_at < ? group by agency_id`,
      [ids, start, end, ids, start, end]),
    withSortMemory(`select agency_id, count(*)::int as n, count(hours)::int as timed, percentile_cont(array[0.5, 0.9]) within group (order by hours) as pct
                      from (${signedHours}) s group by agency_id`, [ids, start, end]),
    withSortMemory(`select null::int as agency_id, count(*)::int as n, count(hours)::int as timed, percentile_cont(array[0.5, 0.9]) within group (order by hours) as pct
                      from (${signedHours}) s`, [ids, start, end]),
    em.fork().execute<{ agency_id: number; a: number; b: number }[]>(
      `select l.agency_id, count(*)::int as a, count(*) filter (where x.deadline < ?)::int as b
         from disposition x join incoming_letter l on l.id = x.incoming_letter_id
        where x.state in ('sent', 'read', 'forwarded') and x.created_at >= ? and x.created_at < ? and l.agency_id = any(?::int[])
        group by l.agency_id`, [now, start, end, ids]),
  ]);
  const out = new Map<number, DirectFigures>([0, ...agencyIds].map((a) => [a, { created: 0, signed: 0, cancelled: 0, timed: 0, median: null, p90: null, open: 0, overdue: 0 }]));
  const region = out.get(0)!;
  for (const r of counts) {
    const f = out.get(r.agency_id)!;
    if (r.metric === 'created') { f.created = r.n; region.created += r.n; } else { f.cancelled = r.n; region.cancelled += r.n; }
  }
  for (const r of [...agencySigned, ...regionSigned]) {
    Object.assign(out.get(r.agency_id ?? 0)!, { signed: r.n, timed: r.timed, median: round2(r.pct?.[0] ?? null), p90: round2(r.pct?.[1] ?? null) });
  }
  for (const r of dispositions) {
    Object.assign(out.get(r.agency_id)!, { open: r.a, overdue: r.b });
    region.open += r.a; region.overdue += r.b;
  }
  return out;
}

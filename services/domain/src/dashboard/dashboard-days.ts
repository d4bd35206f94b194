// The leaders' dashboard figures that come from documents, per agency per
// WITA calendar day. refreshDashboardDays rolls complete days up into
// dashboard_day (a Temporal schedule calls it); readDashboardDocuments sums
// the rolled-up days and reads only the days after the watermark from the
// documents, so the numbers are the same as counting every document, whatever
// the schedule's lag.
import type { EntityManager } from '@mikro-orm/postgresql';
import { finalDocumentStatuses } from '../rulebook/vocabularies.js';
import { preparedRows } from '../reads/prepared.js';

/** Finished by TTE: signed, distributed or archived. */
const finished = `(${finalDocumentStatuses.map((s) => `'${s}'`).join(',')})`;
/** Letters are dated in WITA (UTC+8, no daylight saving). */
const wita = 'Asia/Makassar';
/** Days before the watermark rolled up again on every refresh: a late change to a recent day is picked up. */
const rerollDays = 7;
const dayMs = 86_400_000;

/** UTC instant of 00:00 WITA on `date` (YYYY-MM-DD). */
export function witaMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

function witaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/**
 * Rolls every complete day (before today, WITA) up into dashboard_day: the
 * first time all of them, then the days since the watermark and the week
 * before it. Serialised by the watermark row's lock; returns the days redone.
 */
export async function refreshDashboardDays(em: EntityManager, now: Date = new Date()): Promise<{ from: string | null; until: string }> {
  const until = witaDate(now);
  return em.transactional(async (tx) => {
    await tx.execute(`insert into dashboard_rollup (id, complete_before, refreshed_at) values (1, '1900-01-01', now()) on conflict (id) do nothing`);
    const [state] = await tx.execute<{ complete_before: string }[]>(`select to_char(complete_before, 'YYYY-MM-DD') as complete_before from dashboard_rollup where id = 1 for update`);
    const previous = state!.complete_before;
    const first = previous === '1900-01-01';
    const from = first ? null : addDays(previous, -rerollDays);
    const start = from === null ? new Date(0) : witaMidnight(from);
    const end = witaMidnight(until);
    await tx.execute(`delete from dashboard_day where day >= ? and day < ?`, [from ?? '1900-01-01', until]);
    await tx.execute(
      `insert into dashboard_day (agency_id, day, created, signed, cancelled, timed, hours)
       select agency_id, day, sum(c)::int, sum(s)::int, sum(x)::int, count(h)::int, coalesce(array_agg(h order by h) filter (where h is not null), '{}'::float8[])
         from (
           select agency_id, (created_at at time zone '${wita}')::date as day, 1 as c, 0 as s, 0 as x, null::float8 as h
             from document where created_at >= ? and created_at < ?
           union all
           select agency_id, (signed_at at time zone '${wita}')::date, 0, 1, 0, date_part('epoch', signed_at - submitted_at) / 3600
             from document where signed_at >= ? and signed_at < ? and status in ${finished}
           union all
           select agency_id, (updated_at at time zone '${wita}')::date, 0, 0, 1, null
             from document where status = 'cancelled' and submitted_at is not null and updated_at >= ? and updated_at < ?
         ) s
        group by agency_id, day`, [start, end, start, end, start, end]);
    await tx.execute(`update dashboard_rollup set complete_before = greatest(complete_before, ?::date), refreshed_at = now() where id = 1`, [until]);
    return { from, until };
  });
}

export interface DashboardDocumentRow { metric: 'created' | 'cancelled' | 'signed'; agency_id: number | null; n: number; timed: number | null; pct: number[] | null }

/**
 * Documents created, cancelled and signed (with the median and p90 of
 * submit-to-sign hours) per agency and, for `signed`, for all of them
 * (agency_id null), over the calendar days `from`..`to` (WITA, inclusive).
 * Days before the watermark come from dashboard_day, later ones from the documents.
 */
export async function readDashboardDocuments(em: EntityManager, agencyIds: string, from: string, to: string): Promise<DashboardDocumentRow[]> {
  const [state] = await preparedRows<{ complete_before: string }>(em, `select to_char(complete_before, 'YYYY-MM-DD') as complete_before from dashboard_rollup where id = 1`, []);
  const dayAfter = addDays(to, 1);
  const watermark = state?.complete_before ?? from;
  // Rolled-up days: [from, rollEnd); documents: [rawStart, end).
  const rollEnd = watermark < dayAfter ? watermark : dayAfter;
  const rawStart = witaMidnight(watermark > from ? watermark : from);
  const end = witaMidnight(dayAfter);
  const roll = [agencyIds, from, rollEnd];
  const raw = [agencyIds, rawStart, end];
  const [counts, agencySigned, regionSigned] = await Promise.all([
    preparedRows<DashboardDocumentRow>(em,
      `select metric, agency_id, sum(n)::int as n, null::int as timed, null::float8[] as pct from (
         select 'created' as metric, agency_id, created as n from dashboard_day where agency_id = any(?::int[]) and day >= ?::date and day < ?::date
         union all
         select 'cancelled', agency_id, cancelled from dashboard_day where agency_id = any(?::int[]) and day >= ?::date and day < ?::date
         union all
         select 'created', agency_id, count(*) from document where agency_id = any(?::int[]) and created_at >= ? and created_at < ? group by agency_id
         union all
         select 'cancelled', agency_id, count(*) from document
          where agency_id = any(?::int[]) and status = 'cancelled' and submitted_at is not null and updated_at >= ? and updated_at < ? group by agency_id
       ) x group by metric, agency_id having sum(n) > 0`,
      [...roll, ...roll, ...raw, ...raw]),
    // Percentiles per agency and for the region on connections of their own, side by side (ordered-set aggregates run no parallel workers).
    signedFigures(em, 'agency_id', roll, raw),
    signedFigures(em, 'null::int', roll, raw),
  ]);
  return [...counts, ...agencySigned, ...regionSigned];
}

/**
 * Signed documents, timed ones and the median and p90 of submit-to-sign hours,
 * per agency (`key` agency_id) or for all of them (`key` null): every timed
 * signature's hours with weight 1, a rolled-up day's untimed ones as one null
 * row weighing signed - timed.
 */
function signedFigures(em: EntityManager, key: 'agency_id' | 'null::int', roll: unknown[], raw: unknown[]): Promise<DashboardDocumentRow[]> {
  return preparedRows<DashboardDocumentRow>(em,
    `select 'signed' as metric, ${key} as agency_id, coalesce(sum(w), 0)::int as n, count(h)::int as timed, percentile_cont(array[0.5, 0.9]) within group (order by h) as pct from (
       select agency_id, unnest(hours) as h, 1 as w from dashboard_day
        where agency_id = any(?::int[]) and day >= ?::date and day < ?::date and timed > 0
       union all
       select agency_id, null, signed - timed from dashboard_day where agency_id = any(?::int[]) and day >= ?::date and day < ?::date and signed > timed
       union all
       select agency_id, date_part('epoch', signed_at - submitted_at) / 3600, 1 from document
        where agency_id = any(?::int[]) and signed_at >= ? and signed_at < ? and status in ${finished}
     ) s${key === 'agency_id' ? ' group by agency_id' : ''}`,
    // A year of a large Pemda is ~20 MB of sort, which the default 4 MB work_mem would spill to disk.
    [...roll, ...roll, ...raw], { workMem: '32MB' });
}

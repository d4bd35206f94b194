// The leaders' dashboard per agency per calendar day in the Pemda's zone
// (dashboard_day), kept current by the writers themselves: every write that
// moves a figure (a konsep created; submitted, signed, cancelled; a
// disposition sent, followed up, withdrawn) applies the change to its day's
// row in the same transaction. The dashboard then sums a few thousand rows
// for a year instead of reading every document.
//
// How a change is applied: the record's contribution (which day it counts on,
// and how) is read before and after the write, and the difference goes into
// dashboard_day. A write that moves nothing the dashboard counts writes
// nothing; a retried write finds no difference.
import type { EntityManager } from '@mikro-orm/postgresql';
import { finalDocumentStatuses, openDispositionStates } from '../rulebook/vocabularies.js';
import { defaultPemdaTimeZone, pemdaTimeZones } from '../rulebook/pemda-time-zones.js';
import { preparedRows } from '../reads/prepared.js';

const quoted = (values: readonly string[]) => `(${values.map((s) => `'${s}'`).join(',')})`;
/** Finished by TTE: signed, distributed or archived. */
const finished = quoted(finalDocumentStatuses);
const open = quoted(openDispositionStates);
/** The Pemda's zone, in SQL: the day a letter is dated is the day it counts on. */
const zone = `coalesce((select time_zone from pemda_setting where id = 1), '${defaultPemdaTimeZone}')`;
/** Days before today rolled up again by the nightly reconciliation: heals a row a writer outside these operations left behind. */
const reconcileDays = 7;

/** What one document contributes: its created day; its signed day and hours; its cancelled day. */
interface DocumentFacts { agency_id: number; created_day: string; signed_day: string | null; hours: number | null; cancelled_day: string | null }
/** What one disposition branch contributes: open on its created day, with its deadline. */
interface DispositionFacts { agency_id: number; day: string; open: boolean; deadline: string | null }

interface DayChange {
  agencyId: number; day: string;
  created: number; signed: number; cancelled: number; timed: number; opened: number;
  hoursIn: number[]; hoursOut: number[]; deadlinesIn: string[]; deadlinesOut: string[];
}

function documentFacts(em: EntityManager, documentId: number): Promise<DocumentFacts | undefined> {
  return em.execute<DocumentFacts[]>(
    `select d.agency_id, to_char(d.created_at at time zone z.tz, 'YYYY-MM-DD') as created_day,
            case when d.status in ${finished} and d.signed_at is not null then to_char(d.signed_at at time zone z.tz, 'YYYY-MM-DD') end as signed_day,
            case when d.status in ${finished} and d.signed_at is not null and d.submitted_at is not null
                 then date_part('epoch', d.signed_at - d.submitted_at) / 3600 end as hours,
            case when d.status = 'cancelled' and d.submitted_at is not null then to_char(d.updated_at at time zone z.tz, 'YYYY-MM-DD') end as cancelled_day
       from document d cross join (select ${zone} as tz) z where d.id = ? for update of d`, [documentId]).then((rows) => rows[0]);
}

function dispositionFacts(em: EntityManager, workflowId: string, branchId: string): Promise<DispositionFacts | undefined> {
  // deadline as text with its offset: it goes back into a timestamptz[] exactly (a JS Date would drop the microseconds).
  return em.execute<DispositionFacts[]>(
    `select l.agency_id, to_char(x.created_at at time zone z.tz, 'YYYY-MM-DD') as day, x.state in ${open} as open, x.deadline::text as deadline
       from disposition x join incoming_letter l on l.id = x.incoming_letter_id cross join (select ${zone} as tz) z
      where x.workflow_id = ? and x.branch_id = ? for update of x`, [workflowId, branchId]).then((rows) => rows[0]);
}

class DayChanges {
  private readonly days = new Map<string, DayChange>();

  private at(agencyId: number, day: string): DayChange {
    const key = `${agencyId}/${day}`;
    let c = this.days.get(key);
    if (!c) {
      c = { agencyId, day, created: 0, signed: 0, cancelled: 0, timed: 0, opened: 0, hoursIn: [], hoursOut: [], deadlinesIn: [], deadlinesOut: [] };
      this.days.set(key, c);
    }
    return c;
  }

  document(f: DocumentFacts | undefined, sign: 1 | -1): this {
    if (!f) return this;
    this.at(f.agency_id, f.created_day).created += sign;
    if (f.signed_day !== null) {
      const c = this.at(f.agency_id, f.signed_day);
      c.signed += sign;
      if (f.hours !== null) { c.timed += sign; (sign > 0 ? c.hoursIn : c.hoursOut).push(Number(f.hours)); }
    }
    if (f.cancelled_day !== null) this.at(f.agency_id, f.cancelled_day).cancelled += sign;
    return this;
  }

  disposition(f: DispositionFacts | undefined, sign: 1 | -1): this {
    if (!f?.open) return this;
    const c = this.at(f.agency_id, f.day);
    c.opened += sign;
    if (f.deadline !== null) (sign > 0 ? c.deadlinesIn : c.deadlinesOut).push(f.deadline);
    return this;
  }

  /** Writes the net change per day, in key order (two writers touching the same days never wait on each other in a cycle). */
  async apply(em: EntityManager): Promise<void> {
    const changes = [...this.days.values()].sort((a, b) => a.agencyId - b.agencyId || a.day.localeCompare(b.day));
    for (const c of changes) {
      cancelOut(c.hoursIn, c.hoursOut, (a, b) => a === b);
      cancelOut(c.deadlinesIn, c.deadlinesOut, (a, b) => a === b);
      if (!c.created && !c.signed && !c.cancelled && !c.timed && !c.opened && !c.hoursIn.length && !c.hoursOut.length && !c.deadlinesIn.length && !c.deadlinesOut.length) continue;
      // Arrays gain the values added and lose one occurrence per value removed (a multiset difference: two documents with the
      // same hours stay two); a change that only adds (most: a signature, a new branch) appends.
      await em.execute(
        `insert into dashboard_day as t (agency_id, day, created, signed, cancelled, timed, hours, opened, open_deadlines)
         values (?, ?::date, ?, ?, ?, ?, ?::float8[], ?, ?::timestamptz[])
         on conflict (agency_id, day) do update set
           created = t.created + excluded.created, signed = t.signed + excluded.signed, cancelled = t.cancelled + excluded.cancelled,
           timed = t.timed + excluded.timed, opened = t.opened + excluded.opened,
           hours = case when ?::int = 0 then t.hours || excluded.hours else
                     (select coalesce(array_agg(v order by v), '{}') from (select v, row_number() over (partition by v) as k from unnest(t.hours || excluded.hours) v) a
                       where a.k > (select count(*) from unnest(?::float8[]) r where r = a.v)) end,
           open_deadlines = case when ?::int = 0 then t.open_deadlines || excluded.open_deadlines else
                     (select coalesce(array_agg(v order by v), '{}') from (select v, row_number() over (partition by v) as k from unnest(t.open_deadlines || excluded.open_deadlines) v) a
                       where a.k > (select count(*) from unnest(?::timestamptz[]) r where r = a.v)) end`,
        [c.agencyId, c.day, c.created, c.signed, c.cancelled, c.timed, floats(c.hoursIn), c.opened, instants(c.deadlinesIn),
          c.hoursOut.length, floats(c.hoursOut), c.deadlinesOut.length, instants(c.deadlinesOut)]);
    }
  }
}

/** Drops the values both added and removed (a document re-read unchanged). */
function cancelOut<T>(added: T[], removed: T[], same: (a: T, b: T) => boolean): void {
  for (let i = removed.length - 1; i >= 0; i--) {
    const j = added.findIndex((a) => same(a, removed[i]!));
    if (j >= 0) { added.splice(j, 1); removed.splice(i, 1); }
  }
}

// Array literals: String(n) of a float8 read from PostgreSQL is its shortest exact form, so the value goes back bit for bit.
const floats = (xs: number[]) => `{${xs.map(String).join(',')}}`;
const instants = (xs: string[]) => `{${xs.map((x) => `"${x}"`).join(',')}}`;

function assertTransaction(em: EntityManager, what: string): void {
  if (!em.isInTransaction()) throw new Error(`${what} must run inside the transaction that writes the record`);
}

/** A document just inserted (a konsep): counts it as created on its day. Same transaction as the insert. */
export async function rollUpNewDocument(em: EntityManager, documentId: number): Promise<void> {
  assertTransaction(em, 'rollUpNewDocument');
  await new DayChanges().document(await documentFacts(em, documentId), 1).apply(em);
}

/**
 * Runs `write` (a change to the document: status, submit, signature, number)
 * and moves the document's figures to where the change puts them. Locks the
 * document row first, so concurrent changes apply one after the other.
 */
export async function rollUpDocumentChange<T>(em: EntityManager, documentId: number, write: () => Promise<T>): Promise<T> {
  assertTransaction(em, 'rollUpDocumentChange');
  const before = await documentFacts(em, documentId);
  const result = await write();
  await new DayChanges().document(before, -1).document(await documentFacts(em, documentId), 1).apply(em);
  return result;
}

/**
 * Runs `write` (the branch's insert-if-new and update) and moves the branch's
 * figures. `inserted` tells whether `write` created the row: a branch another
 * transaction inserted first is read once that one committed.
 */
export async function rollUpDispositionChange(
  em: EntityManager, key: { workflowId: string; branchId: string }, write: (lockedBefore: () => Promise<void>) => Promise<{ inserted: boolean }>,
): Promise<void> {
  assertTransaction(em, 'rollUpDispositionChange');
  let before: DispositionFacts | undefined;
  // Called by `write` between its insert and its update: the row exists (ours or committed by another) and is locked from here on.
  const { inserted } = await write(async () => { before = await dispositionFacts(em, key.workflowId, key.branchId); });
  await new DayChanges().disposition(inserted ? undefined : before, -1).disposition(await dispositionFacts(em, key.workflowId, key.branchId), 1).apply(em);
}

/**
 * Rebuilds dashboard_day from the documents and dispositions for the days
 * [from, until) in the Pemda's zone (every day when `from` is null). Blocks
 * the writers for its duration, so no change lands between the delete and the
 * insert. The backfill, the zone change and the nightly reconciliation use it.
 */
export async function rebuildDashboardDays(em: EntityManager, days: { from: string | null; until: string | null } = { from: null, until: null }): Promise<void> {
  assertTransaction(em, 'rebuildDashboardDays');
  await em.execute('lock table dashboard_day in share row exclusive mode');
  const [{ tz }] = await em.execute<[{ tz: string }]>(`select ${zone} as tz`);
  // Spliced into the SQL below (a literal lets the planner use the time-range indexes): only a zone of the vocabulary.
  if (!(pemdaTimeZones as readonly string[]).includes(tz)) throw new Error(`pemda time zone ${tz} is not one of ${pemdaTimeZones.join(', ')}`);
  const start = days.from === null ? null : `${days.from}`;
  const end = days.until === null ? null : `${days.until}`;
  await em.execute(`delete from dashboard_day where (?::date is null or day >= ?::date) and (?::date is null or day < ?::date)`, [start, start, end, end]);
  // Instants bounding the days in the zone; open-ended when not given.
  const range = (column: string) => `(?::date is null or ${column} >= (?::date)::timestamp at time zone '${tz}') and (?::date is null or ${column} < (?::date)::timestamp at time zone '${tz}')`;
  const bounds = [start, start, end, end];
  await em.execute(
    `insert into dashboard_day (agency_id, day, created, signed, cancelled, timed, hours, opened, open_deadlines)
     select agency_id, day, sum(c)::int, sum(s)::int, sum(x)::int, count(h)::int, coalesce(array_agg(h order by h) filter (where h is not null), '{}'),
            sum(o)::int, coalesce(array_agg(dl order by dl) filter (where dl is not null), '{}')
       from (
         select agency_id, (created_at at time zone '${tz}')::date as day, 1 as c, 0 as s, 0 as x, null::float8 as h, 0 as o, null::timestamptz as dl
           from document where ${range('created_at')}
         union all
         select agency_id, (signed_at at time zone '${tz}')::date, 0, 1, 0, date_part('epoch', signed_at - submitted_at) / 3600, 0, null
           from document where status in ${finished} and signed_at is not null and ${range('signed_at')}
         union all
         select agency_id, (updated_at at time zone '${tz}')::date, 0, 0, 1, null, 0, null
           from document where status = 'cancelled' and submitted_at is not null and ${range('updated_at')}
         union all
         select l.agency_id, (x.created_at at time zone '${tz}')::date, 0, 0, 0, null, 1, x.deadline
           from disposition x join incoming_letter l on l.id = x.incoming_letter_id where x.state in ${open} and ${range('x.created_at')}
       ) s
      group by agency_id, day`, [...bounds, ...bounds, ...bounds, ...bounds]);
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The nightly reconciliation (the dashboard-rollup schedule): rebuilds the
 * last week and today from the records, and notes when. The writers keep the
 * rows current; this only heals a row a writer outside these operations left
 * behind (a repair script, a restored backup).
 */
export async function refreshDashboardDays(em: EntityManager, now: Date = new Date()): Promise<{ from: string | null; until: string }> {
  return em.transactional(async (tx) => {
    const [{ today }] = await tx.execute<[{ today: string }]>(`select to_char(?::timestamptz at time zone ${zone}, 'YYYY-MM-DD') as today`, [now]);
    const from = addDays(today, -reconcileDays);
    const until = addDays(today, 1);
    await rebuildDashboardDays(tx, { from, until });
    await tx.execute(`insert into dashboard_rollup (id, complete_before, refreshed_at) values (1, ?::date, now())
                      on conflict (id) do update set complete_before = excluded.complete_before, refreshed_at = excluded.refreshed_at`, [until]);
    return { from, until };
  });
}

export interface DashboardDocumentRow { metric: 'created' | 'cancelled' | 'signed'; agency_id: number | null; n: number; timed: number | null; pct: number[] | null }

/**
 * Documents created, cancelled and signed (with the median and p90 of
 * submit-to-sign hours) per agency and, for `signed`, for all of them
 * (agency_id null), over the calendar days `from`..`to` (Pemda's zone, inclusive).
 */
export async function readDashboardDocuments(em: EntityManager, agencyIds: string, from: string, to: string): Promise<DashboardDocumentRow[]> {
  const days = [agencyIds, from, to];
  const [counts, agencySigned, regionSigned] = await Promise.all([
    preparedRows<DashboardDocumentRow>(em,
      `select metric, agency_id, n, null::int as timed, null::float8[] as pct from (
         select agency_id, sum(created)::int as created, sum(cancelled)::int as cancelled from dashboard_day
          where agency_id = any(?::int[]) and day >= ?::date and day <= ?::date group by agency_id
       ) d cross join lateral (values ('created', d.created), ('cancelled', d.cancelled)) m(metric, n) where n > 0`, days),
    // Percentiles per agency and for the region on connections of their own, side by side (ordered-set aggregates run no parallel workers).
    signedFigures(em, 'agency_id', days),
    signedFigures(em, 'null::int', days),
  ]);
  return [...counts, ...agencySigned, ...regionSigned];
}

/**
 * Signed documents, timed ones and the median and p90 of submit-to-sign hours,
 * per agency (`key` agency_id) or for all of them (`key` null): every timed
 * signature's hours with weight 1, a day's untimed ones as one null row
 * weighing signed - timed.
 */
function signedFigures(em: EntityManager, key: 'agency_id' | 'null::int', days: unknown[]): Promise<DashboardDocumentRow[]> {
  return preparedRows<DashboardDocumentRow>(em,
    `select 'signed' as metric, ${key} as agency_id, coalesce(sum(w), 0)::int as n, count(h)::int as timed, percentile_cont(array[0.5, 0.9]) within group (order by h) as pct from (
       select agency_id, unnest(hours) as h, 1 as w from dashboard_day
        where agency_id = any(?::int[]) and day >= ?::date and day <= ?::date and timed > 0
       union all
       select agency_id, null, signed - timed from dashboard_day where agency_id = any(?::int[]) and day >= ?::date and day <= ?::date and signed > timed
     ) s${key === 'agency_id' ? ' group by agency_id' : ''}`,
    // A year of a large Pemda is ~20 MB of sort, which the default 4 MB work_mem would spill to disk.
    [...days, ...days], { workMem: '32MB' });
}

/** Open dispositions made on the days `from`..`to` per agency, and those of them past their deadline at `now`. `agencyIds` null: all. */
export function readDashboardDispositions(em: EntityManager, q: { now: Date; from: string; to: string; agencyIds: string | null }): Promise<{ agency_id: number; a: number; b: number }[]> {
  return preparedRows(em,
    `select agency_id, sum(opened)::int as a, sum(late.n)::int as b
       from dashboard_day t cross join lateral (select count(*) as n from unnest(t.open_deadlines) d where d < ?) late
      where t.opened > 0 and t.day >= ?::date and t.day <= ?::date and (?::int[] is null or t.agency_id = any(?::int[]))
      group by agency_id`,
    [q.now, q.from, q.to, q.agencyIds, q.agencyIds]);
}

// The per-day rollup gives the leaders' dashboard the same numbers as the
// direct query over documents and dispositions. The reference below is that
// direct query, written here from the dashboard's rule (calendar days in the
// Pemda's zone; created by created_at; cancelled after submission by
// updated_at; signed = signed, distributed or archived by signed_at, with
// percentile_cont of submit-to-sign hours; open dispositions by created_at,
// overdue when the deadline has passed), never by calling the code under test.
// The data spans a year boundary in WIT (UTC+9), where a UTC or WITA day
// would put the evening of 31 December UTC into the wrong year.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type pg from 'pg';
import type { DomainOrm } from '../orm.js';
import { seededTestDatabase } from '@naskah/domain/testing';
import { pgIntArray } from '../access/viewer.js';
import { pemdaSettings, savePemdaSettings } from '../organisation/pemda-settings.js';
import { markDocumentSigned, markSubmitted, setDocumentStatus } from '../routing/routing-records.js';
import { upsertDispositionBranch } from '../correspondence/workflow-records.js';
import { readDashboardDispositions, readDashboardDocuments, rebuildDashboardDays, refreshDashboardDays, rollUpDocumentChange, rollUpNewDocument } from './dashboard-days.js';

let orm: DomainOrm;
let done: () => Promise<void>;
let client: pg.Client;
let agencyIds: number[];
let positionId: number;
let personId: number;
/** Overdue is counted against this instant: 10 January 2026, 12:00 WIT. */
const now = new Date('2026-01-10T12:00:00+09:00');

interface Figures { created: number; cancelled: number; signed: number; timed: number; median: number | null; p90: number | null; open: number; overdue: number }
const blank = (): Figures => ({ created: 0, cancelled: 0, signed: 0, timed: 0, median: null, p90: null, open: 0, overdue: 0 });

beforeAll(async () => {
  const t = await seededTestDatabase();
  ({ orm, done, client } = t);
  const { seed } = t;
  agencyIds = ['Diskominfosp', 'Bappeda', 'Inspektorat', 'Setda'].map((code) => seed.agencyIds[code]).filter((id): id is number => id !== undefined);
  expect(agencyIds.length).toBeGreaterThanOrEqual(3);
  const settings = (await pemdaSettings(orm.em.fork()))!;
  await savePemdaSettings(orm.em.fork(), { ...settings, timeZone: 'Asia/Jayapura' });
  const { rows: [ids] } = await client.query<{ position: number; person: number }>('select (select min(id) from position) as position, (select min(id) from person) as person');
  positionId = ids!.position; personId = ids!.person;
  // 2,400 documents from 20 December 2025 to 20 January 2026 (WIT), every status; a 13th of the signed ones have no submit time.
  await client.query(
    `insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at, submitted_at, signed_at)
     select ($1::int[])[1 + g % array_length($1::int[], 1)], 'nota_dinas', 'Uji dasbor ' || g, '000.1.2.3', '[]', '[]', '{}', $2, $3, st.status,
            ts.at, ts.at + (g % 5) * interval '7 hours',
            case when st.status <> 'draft' and g % 13 <> 0 then ts.at + (g % 7) * interval '1 hour' end,
            case when st.status in ('signed', 'distributed', 'archived') then ts.at + ((g::bigint * 7919) % 400000) * interval '1 second' end
       from generate_series(1, 2400) g
       cross join lateral (select (array['draft','cancelled','in_review','signed','distributed','archived','signed','distributed','returned','cancelled'])[1 + (g / 3) % 10] as status) st
       cross join lateral (select timestamptz '2025-12-20 00:00:00+09' + ((g::bigint * 104729) % (31 * 86400)) * interval '1 second' as at) ts`,
    [pgIntArray(agencyIds), personId, positionId]);
  // Documents on both sides of midnight WIT at the year's end (15:00 UTC).
  await client.query(
    `insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, status, created_at, updated_at, submitted_at, signed_at)
     select $1, 'nota_dinas', 'Tengah malam ' || g, '000.1.2.3', '[]', '[]', '{}', $2, 'signed', at, at, at - interval '2 hours', at
       from generate_series(-3, 3) g cross join lateral (select timestamptz '2025-12-31 15:00:00+00' + g * interval '10 minutes' as at) x`,
    [agencyIds[0], personId]);
  // One incoming letter per agency; 600 disposition branches under them, every state, some without a deadline.
  await client.query(
    `insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, hal, registered_by_id, created_at)
     select a, 'UJI-' || a, 'Pengirim', 'X/1', date '2025-12-01', now(), 'Uji', $2, now() from unnest($1::int[]) a`, [pgIntArray(agencyIds), personId]);
  await client.query(
    `insert into disposition (incoming_letter_id, from_position_id, from_person_id, to_position_id, instruction, note, deadline, state, workflow_id, branch_id, created_at)
     select l.id, $2, $3, $2, 'Mohon ditindaklanjuti', '', case when g % 6 <> 0 then ts.at + (g % 11) * interval '1 day' end,
            (array['sent','read','forwarded','done','withdrawn','sent'])[1 + g % 6], 'dispo-uji-' || g, 'b1', ts.at
       from generate_series(1, 600) g
       join incoming_letter l on l.agenda_number = 'UJI-' || ($1::int[])[1 + g % array_length($1::int[], 1)]
       cross join lateral (select timestamptz '2025-12-20 00:00:00+09' + ((g::bigint * 15485863) % (31 * 86400)) * interval '1 second' as at) ts`,
    [pgIntArray(agencyIds), positionId, personId]);
  // The backfill: every day from the records.
  await orm.em.fork().transactional((tx) => rebuildDashboardDays(tx));
});
afterAll(async () => done?.());

/** The direct query: what the dashboard computed from documents and dispositions before the rollup. */
async function expected(zone: string, from: string, to: string): Promise<Map<number | null, Figures>> {
  const bounds = [pgIntArray(agencyIds), from, to, zone];
  const inPeriod = (column: string) => `${column} >= ($2::date)::timestamp at time zone $4 and ${column} < ($3::date + 1)::timestamp at time zone $4`;
  const { rows: counts } = await client.query<{ agency_id: number; created: number; cancelled: number }>(
    `select a as agency_id,
            (select count(*) from document where agency_id = a and ${inPeriod('created_at')})::int as created,
            (select count(*) from document where agency_id = a and status = 'cancelled' and submitted_at is not null and ${inPeriod('updated_at')})::int as cancelled
       from unnest($1::int[]) a`, bounds);
  const { rows: signed } = await client.query<{ agency_id: number | null; n: number; timed: number; median: number | null; p90: number | null }>(
    `select agency_id, count(*)::int as n, count(h)::int as timed,
            percentile_cont(0.5) within group (order by h) as median, percentile_cont(0.9) within group (order by h) as p90
       from (select agency_id, extract(epoch from signed_at - submitted_at)::float8 / 3600 as h from document
              where agency_id = any($1::int[]) and status in ('signed', 'distributed', 'archived') and ${inPeriod('signed_at')}) s
      group by grouping sets ((agency_id), ())`, bounds);
  const { rows: dispositions } = await client.query<{ agency_id: number; open: number; overdue: number }>(
    `select l.agency_id, count(*)::int as open, count(*) filter (where x.deadline < $5)::int as overdue
       from disposition x join incoming_letter l on l.id = x.incoming_letter_id
      where l.agency_id = any($1::int[]) and x.state in ('sent', 'read', 'forwarded') and ${inPeriod('x.created_at')}
      group by l.agency_id`, [...bounds, now]);
  const out = new Map<number | null, Figures>([[null, blank()], ...agencyIds.map((a) => [a, blank()] as [number, Figures])]);
  for (const r of counts) Object.assign(out.get(r.agency_id)!, { created: r.created, cancelled: r.cancelled });
  for (const r of signed) Object.assign(out.get(r.agency_id)!, { signed: r.n, timed: r.timed, median: r.median, p90: r.p90 });
  for (const r of dispositions) Object.assign(out.get(r.agency_id)!, { open: r.open, overdue: r.overdue });
  const region = out.get(null)!;
  for (const a of agencyIds) for (const k of ['created', 'cancelled', 'open', 'overdue'] as const) region[k] += out.get(a)![k];
  return out;
}

/** What the rollup reads give, in the same shape (the API adds agencies up for the region the same way). */
async function rolledUp(from: string, to: string): Promise<Map<number | null, Figures>> {
  const ids = pgIntArray(agencyIds);
  const [documents, dispositions] = await Promise.all([
    readDashboardDocuments(orm.em.fork(), ids, from, to),
    readDashboardDispositions(orm.em.fork(), { now, from, to, agencyIds: ids }),
  ]);
  const out = new Map<number | null, Figures>([[null, blank()], ...agencyIds.map((a) => [a, blank()] as [number, Figures])]);
  for (const r of documents) {
    const f = out.get(r.agency_id)!;
    if (r.metric === 'created') f.created = r.n;
    if (r.metric === 'cancelled') f.cancelled = r.n;
    if (r.metric === 'signed') Object.assign(f, { signed: r.n, timed: r.timed ?? 0, median: r.pct?.[0] ?? null, p90: r.pct?.[1] ?? null });
  }
  for (const r of dispositions) Object.assign(out.get(r.agency_id)!, { open: r.a, overdue: r.b });
  const region = out.get(null)!;
  for (const a of agencyIds) for (const k of ['created', 'cancelled', 'open', 'overdue'] as const) region[k] += out.get(a)![k];
  return out;
}

const periods: Array<[string, string]> = [
  ['2025-12-20', '2026-01-25'], ['2025-12-31', '2025-12-31'], ['2026-01-01', '2026-01-01'], ['2025-12-24', '2026-01-03'], ['2026-01-05', '2026-01-12'], ['2026-12-01', '2026-12-31'],
];

async function expectSame(zone: string): Promise<void> {
  for (const [from, to] of periods) {
    const want = await expected(zone, from, to);
    const got = await rolledUp(from, to);
    for (const [key, w] of want) {
      const g = got.get(key)!;
      const exact = (f: Figures) => ({ period: `${from}..${to}`, key, created: f.created, cancelled: f.cancelled, signed: f.signed, timed: f.timed, open: f.open, overdue: f.overdue });
      expect(exact(g)).toEqual(exact(w));
      for (const p of ['median', 'p90'] as const) {
        if (w[p] === null) expect(g[p]).toBeNull();
        else expect(g[p]).toBeCloseTo(w[p]!, 9);
      }
    }
  }
}

describe('dashboard per-day rollup', () => {
  test('the backfill gives every figure of the direct query, days cut at midnight WIT', async () => {
    const whole = (await expected('Asia/Jayapura', '2025-12-20', '2026-01-25')).get(null)!;
    expect(whole.created).toBe(2407);
    expect(whole.signed).toBeGreaterThan(500);
    expect(whole.open).toBeGreaterThan(200);
    expect(whole.overdue).toBeGreaterThan(20);
    // The data is sensitive to the zone: the seven midnight documents fall on other days in WITA.
    const newYear = async (zone: string) => (await expected(zone, '2026-01-01', '2026-01-01')).get(agencyIds[0]!)!.created;
    expect(await newYear('Asia/Jayapura')).not.toBe(await newYear('Asia/Makassar'));
    await expectSame('Asia/Jayapura');
  });

  test('changes written through the operations keep the rows equal to the direct query, with no rebuild', async () => {
    const em = orm.em.fork();
    await em.transactional(async (tx) => {
      // New konsep rows (as createDraft inserts them), one on each side of the year's end.
      const created = await tx.execute<{ id: number }[]>(
        `insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, status, created_at, updated_at)
         select ?, 'nota_dinas', 'Baru', '000.1.2.3', '[]', '[]', '{}', ?, 'draft', at, at
           from unnest(array[timestamptz '2025-12-31 14:59:59+00', timestamptz '2025-12-31 15:00:00+00']) at returning id`, [agencyIds[1], personId]);
      for (const { id } of created) await rollUpNewDocument(tx, id);
      // In review → signed at chosen instants (hours exact to the microsecond), and a signed one twice (a retry: no double count).
      const inReview = await tx.execute<{ id: number }[]>(`select id from document where status = 'in_review' order by id limit 12`);
      for (const [i, { id }] of inReview.entries()) {
        await rollUpDocumentChange(tx, id, () => tx.execute(
          `update document set status = 'signed', submitted_at = timestamptz '2026-01-02 08:00:00.123456+09', signed_at = timestamptz '2026-01-02 08:00:00+09' + ? * interval '37 minutes 0.000001 seconds' where id = ?`, [i, id]));
      }
      await rollUpDocumentChange(tx, inReview[0]!.id, () => tx.execute(`update document set status = 'signed' where id = ?`, [inReview[0]!.id]));
      // Two signatures of one agency with the same hours on the same day; then one leaves the signed ones: the other's hours stay.
      const twins = await tx.execute<{ id: number }[]>(`select id from document where status = 'in_review' and agency_id = ? order by id desc limit 2`, [agencyIds[2]]);
      for (const { id } of twins) {
        await rollUpDocumentChange(tx, id, () => tx.execute(
          `update document set status = 'signed', submitted_at = timestamptz '2026-01-04 07:00:00+09', signed_at = timestamptz '2026-01-04 09:15:00+09' where id = ?`, [id]));
      }
      await rollUpDocumentChange(tx, twins[0]!.id, () => tx.execute(`update document set status = 'signing' where id = ?`, [twins[0]!.id]));
      // Returned → cancelled (counts on its last change), and a cancelled one touched later moves to that day.
      const returned = await tx.execute<{ id: number }[]>(`select id from document where status = 'returned' and submitted_at is not null order by id limit 6`);
      for (const { id } of returned) {
        await rollUpDocumentChange(tx, id, () => tx.execute(`update document set status = 'cancelled', updated_at = timestamptz '2026-01-03 23:30:00+09' where id = ?`, [id]));
      }
      const [cancelled] = await tx.execute<{ id: number }[]>(`select id from document where status = 'cancelled' and submitted_at is not null and updated_at < timestamptz '2026-01-01 00:00:00+09' order by id limit 1`);
      await rollUpDocumentChange(tx, cancelled!.id, () => tx.execute(`update document set updated_at = timestamptz '2026-01-08 10:00:00+09' where id = ?`, [cancelled!.id]));
      // Signed → archived moves nothing; the real routing writers (now(): December 2026) on three documents.
      const [signed] = await tx.execute<{ id: number }[]>(`select id from document where status = 'signed' order by id limit 1`);
      await rollUpDocumentChange(tx, signed!.id, () => setDocumentStatus(tx, signed!.id, 'archived'));
      const drafts = await tx.execute<{ id: number }[]>(`select id from document where status = 'draft' and created_at < timestamptz '2026-01-01 00:00:00+09' order by id limit 3`);
      for (const { id } of drafts) {
        await rollUpDocumentChange(tx, id, async () => { await setDocumentStatus(tx, id, 'in_review'); await markSubmitted(tx, id); });
        await rollUpDocumentChange(tx, id, async () => { await setDocumentStatus(tx, id, 'signed'); await markDocumentSigned(tx, id); });
      }
    });
    // Disposition branches through the writer the workflow's activity uses: followed up, withdrawn, new, and a retried new one.
    const branch = (workflowId: string, state: 'sent' | 'read' | 'done' | 'withdrawn', deadline: string | null) => ({
      incomingLetterId: 0, parentId: null, fromPositionId: positionId, fromPersonId: personId, toPositionId: positionId, instruction: 'Mohon ditindaklanjuti', note: '',
      deadline, state, workflowId, branchId: 'b1', readAt: null, followUp: state === 'done' ? 'Selesai' : null, followUpAt: null, followUpStatus: null, followUpObjectKey: null,
    });
    const { rows: open } = await client.query<{ workflow_id: string; incoming_letter_id: number; deadline: string | null }>(
      `select workflow_id, incoming_letter_id, deadline::text from disposition where state in ('sent', 'read') order by id limit 30`);
    for (const [i, d] of open.entries()) {
      await upsertDispositionBranch(orm.em.fork(), { ...branch(d.workflow_id, i % 3 === 0 ? 'withdrawn' : i % 3 === 1 ? 'done' : 'read', d.deadline), incomingLetterId: d.incoming_letter_id });
    }
    const letter = open[0]!.incoming_letter_id;
    for (const n of [1, 2, 3, 3]) await upsertDispositionBranch(orm.em.fork(), { ...branch(`dispo-baru-${n}`, 'sent', n === 2 ? null : '2026-12-08 09:00:00+09'), incomingLetterId: letter });
    await expectSame('Asia/Jayapura');
    // Every row's arrays hold exactly its timed signatures' hours, and no more deadlines than open branches.
    const { rows: [bad] } = await client.query<{ n: number }>(`select count(*)::int as n from dashboard_day where cardinality(hours) <> timed or cardinality(open_deadlines) > opened`);
    expect(bad!.n).toBe(0);
    const { rows: [twinDay] } = await client.query<{ hours: number[] }>(`select hours from dashboard_day where agency_id = $1 and day = '2026-01-04'`, [agencyIds[2]]);
    expect(twinDay!.hours.filter((h) => h === 2.25)).toHaveLength(1);
  });

  test('a new time zone rebuilds the days; the nightly reconciliation keeps them', async () => {
    const settings = (await pemdaSettings(orm.em.fork()))!;
    await savePemdaSettings(orm.em.fork(), { ...settings, timeZone: 'Asia/Jakarta' });
    await expectSame('Asia/Jakarta');
    expect(await refreshDashboardDays(orm.em.fork(), new Date('2026-01-06T10:00:00+07:00'))).toEqual({ from: '2025-12-30', until: '2026-01-07' });
    await expectSame('Asia/Jakarta');
  });
});

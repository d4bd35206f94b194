// The per-day rollup gives the leaders' dashboard the same numbers as counting
// the documents themselves. Expected figures are worked out here from the raw
// rows by the dashboard's written rule (WITA calendar days; created by
// created_at; cancelled after submission by updated_at; signed = signed,
// distributed or archived by signed_at; percentile_cont of submit-to-sign
// hours over the timed ones), never by the code under test.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import type { DomainOrm } from '../orm.js';
import { migratedTestDatabase } from '../test-database.js';
import { seedDemo } from '../seed/seed.js';
import { pgIntArray } from '../access/viewer.js';
import { readDashboardDocuments, refreshDashboardDays, type DashboardDocumentRow } from './dashboard-days.js';

let orm: DomainOrm;
let done: () => Promise<void>;
let client: pg.Client;
let agencyIds: number[];

interface RawDoc { agency_id: number; status: string; created_at: Date; updated_at: Date; submitted_at: Date | null; signed_at: Date | null }
interface Figures { created: number; cancelled: number; signed: number; timed: number; median: number | null; p90: number | null }

beforeAll(async () => {
  const t = await migratedTestDatabase();
  orm = t.orm; done = t.done;
  const seed = await seedDemo(orm.em.fork());
  agencyIds = ['Diskominfosp', 'Bappeda', 'Inspektorat'].map((code) => seed.agencyIds[code]!);
  client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  // 3,000 documents over 120 days from 1 January 2026 (WITA), every status; a 13th of the signed ones have no submit time.
  await client.query(
    `insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at, submitted_at, signed_at)
     select ($1::int[])[1 + g % 3], 'nota_dinas', 'Uji dasbor ' || g, '000.1.2.3', '[]', '[]', '{}', (select min(id) from person), (select min(id) from position), st.status,
            ts.at, ts.at + (g % 5) * interval '1 day',
            case when st.status <> 'draft' and g % 13 <> 0 then ts.at + (g % 7) * interval '1 hour' end,
            case when st.status in ('signed', 'distributed', 'archived') then ts.at + ((g::bigint * 7919) % 400000) * interval '1 second' end
       from generate_series(1, 3000) g
       cross join lateral (select (array['draft','cancelled','in_review','signed','distributed','archived','signed','distributed','returned','archived'])[1 + (g / 3) % 10] as status) st
       cross join lateral (select timestamptz '2026-01-01 00:00:00+08' + ((g::bigint * 104729) % (120 * 86400)) * interval '1 second' as at) ts`, [pgIntArray(agencyIds)]);
});
afterAll(async () => {
  await client?.end();
  await done?.();
});

const wita = (date: string) => new Date(`${date}T00:00:00+08:00`).getTime();
const dayAfter = (date: string) => wita(date) + 86_400_000;

/** percentile_cont: linear interpolation between the order statistics around p·(n−1). */
function percentileCont(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

async function expected(from: string, to: string): Promise<Map<number | null, Figures>> {
  const { rows } = await client.query<RawDoc>('select agency_id, status, created_at, updated_at, submitted_at, signed_at from document');
  const start = wita(from);
  const end = dayAfter(to);
  const inPeriod = (d: Date | null) => d !== null && d.getTime() >= start && d.getTime() < end;
  const out = new Map<number | null, Figures>();
  for (const key of [...agencyIds, null]) {
    const docs = rows.filter((r) => key === null || r.agency_id === key);
    const signed = docs.filter((r) => ['signed', 'distributed', 'archived'].includes(r.status) && inPeriod(r.signed_at));
    const hours = signed.filter((r) => r.submitted_at).map((r) => (r.signed_at!.getTime() - r.submitted_at!.getTime()) / 3_600_000).sort((a, b) => a - b);
    out.set(key, {
      created: docs.filter((r) => inPeriod(r.created_at)).length,
      cancelled: docs.filter((r) => r.status === 'cancelled' && r.submitted_at && inPeriod(r.updated_at)).length,
      signed: signed.length, timed: hours.length, median: percentileCont(hours, 0.5), p90: percentileCont(hours, 0.9),
    });
  }
  return out;
}

function figures(rows: DashboardDocumentRow[]): Map<number | null, Figures> {
  const out = new Map<number | null, Figures>();
  const get = (k: number | null) => out.get(k) ?? (out.set(k, { created: 0, cancelled: 0, signed: 0, timed: 0, median: null, p90: null }), out.get(k)!);
  for (const r of rows) {
    const f = get(r.agency_id);
    if (r.metric === 'created') f.created = r.n;
    if (r.metric === 'cancelled') f.cancelled = r.n;
    if (r.metric === 'signed') { f.signed = r.n; f.timed = r.timed ?? 0; f.median = r.pct?.[0] ?? null; f.p90 = r.pct?.[1] ?? null; }
  }
  // The region's created and cancelled are the agencies' sums (the API adds them up the same way).
  const region = get(null);
  region.created = agencyIds.reduce((s, a) => s + (out.get(a)?.created ?? 0), 0);
  region.cancelled = agencyIds.reduce((s, a) => s + (out.get(a)?.cancelled ?? 0), 0);
  for (const a of agencyIds) get(a);
  return out;
}

async function expectSame(from: string, to: string): Promise<void> {
  const want = await expected(from, to);
  const got = figures(await readDashboardDocuments(orm.em.fork(), pgIntArray(agencyIds), from, to));
  for (const [key, w] of want) {
    const g = got.get(key)!;
    expect({ key, created: g.created, cancelled: g.cancelled, signed: g.signed, timed: g.timed })
      .toEqual({ key, created: w.created, cancelled: w.cancelled, signed: w.signed, timed: w.timed });
    for (const p of ['median', 'p90'] as const) {
      if (w[p] === null) expect(g[p]).toBeNull();
      else expect(g[p]).toBeCloseTo(w[p]!, 9);
    }
  }
}

const periods: Array<[string, string]> = [['2026-01-01', '2026-05-31'], ['2026-01-10', '2026-02-15'], ['2026-03-05', '2026-04-20'], ['2026-03-01', '2026-03-01']];

describe('dashboard rollup', () => {
  test('before any refresh, the documents alone give the figures', async () => {
    expect((await expected('2026-01-01', '2026-05-31')).get(null)!.signed).toBeGreaterThan(1000);
    for (const [from, to] of periods) await expectSame(from, to);
  });

  test('rolled up to 2 March, the days before and after it add up to the documents', async () => {
    const refreshed = await refreshDashboardDays(orm.em.fork(), new Date('2026-03-02T10:00:00+08:00'));
    expect(refreshed).toEqual({ from: null, until: '2026-03-02' });
    const { rows: [days] } = await client.query<{ before: number; after: number }>(
      `select count(*) filter (where day < '2026-03-02')::int as before, count(*) filter (where day >= '2026-03-02')::int as after from dashboard_day`);
    // One row per agency and WITA day with something created, signed or cancelled before the watermark; none from it on.
    const { rows: raw } = await client.query<RawDoc>('select agency_id, status, created_at, updated_at, submitted_at, signed_at from document');
    const witaDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const keys = new Set(raw.flatMap((r) => [
      r.created_at,
      ['signed', 'distributed', 'archived'].includes(r.status) ? r.signed_at : null,
      r.status === 'cancelled' && r.submitted_at ? r.updated_at : null,
    ].filter((d): d is Date => d !== null).map(witaDay).filter((day) => day < '2026-03-02').map((day) => `${r.agency_id}/${day}`)));
    expect(days).toEqual({ before: keys.size, after: 0 });
    expect(keys.size).toBeGreaterThan(150);
    for (const [from, to] of periods) await expectSame(from, to);
  });

  test('documents signed and cancelled after the refresh count at once; a later refresh redoes the last week too', async () => {
    // Signed now (after the watermark) and cancelled now: both land in the documents part.
    await client.query(`update document set status = 'signed', submitted_at = timestamptz '2026-03-10 08:00:00+08', signed_at = timestamptz '2026-03-10 09:30:00+08'
                         where id in (select id from document where status = 'in_review' order by id limit 7)`);
    await client.query(`update document set status = 'cancelled', updated_at = timestamptz '2026-03-11 12:00:00+08'
                         where id in (select id from document where status = 'returned' and submitted_at is not null order by id limit 5)`);
    for (const [from, to] of periods) await expectSame(from, to);
    const again = await refreshDashboardDays(orm.em.fork(), new Date('2026-06-02T01:00:00+08:00'));
    expect(again).toEqual({ from: '2026-02-23', until: '2026-06-02' });
    for (const [from, to] of periods) await expectSame(from, to);
  });
});

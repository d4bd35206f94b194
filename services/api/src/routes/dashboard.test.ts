import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { openOrm, rebuildDashboardDays } from '@naskah/domain';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
let db: pg.Client;
let kominfo: number;
let bappeda: number;

const pos = (key: string) => t.seed.positionIds[key]!;
async function one<T>(text: string, params: unknown[] = []): Promise<T> {
  return (await db.query(text, params)).rows[0] as T;
}

/** A document row at the given moments (WITA, +08:00), as routing would have left it. */
async function doc(agencyId: number, status: string, at: { created: string; submitted?: string; signed?: string; updated?: string }): Promise<number> {
  const drafter = await one<{ id: number }>(`select person_id as id from app_user where username = 'staf.kominfo'`);
  const row = await one<{ id: number }>(
    `insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, status, created_at, updated_at, submitted_at, signed_at)
     values ($1, 'nota_dinas', 'Naskah dasbor', '000.1.2.3', '[]', '[]', '{}', $2, $3, $4, $5, $6, $7) returning id`,
    [agencyId, drafter.id, status, at.created, at.updated ?? at.signed ?? at.created, at.submitted ?? null, at.signed ?? null]);
  return row.id;
}

async function letter(agencyId: number, agenda: string): Promise<number> {
  const tu = await one<{ id: number }>(`select person_id as id from app_user where username = 'tu.kominfo'`);
  return (await one<{ id: number }>(
    `insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, hal, registered_by_id, created_at)
     values ($1, $2, 'Kementerian Dalam Negeri', $2, '2026-03-01', '2026-03-01T09:00:00+08:00', 'Undangan rapat', $3, now()) returning id`, [agencyId, agenda, tu.id])).id;
}

async function disposition(letterId: number, from: string, to: string, state: string, deadline: string | null, created: string): Promise<void> {
  const person = await one<{ id: number }>(`select id from person where position_id = $1`, [pos(from)]);
  await db.query(
    `insert into disposition (incoming_letter_id, from_position_id, from_person_id, to_position_id, instruction, deadline, state, created_at)
     values ($1, $2, $3, $4, 'Mohon ditindaklanjuti', $5, $6, $7)`, [letterId, pos(from), person.id, pos(to), deadline, state, created]);
}

async function agreement(agencyId: number, year: number, status: string, reports: { quarter: number; achievement: number }[][]): Promise<void> {
  const reporter = await one<{ id: number }>(`select person_id as id from app_user where username = 'kadis.kominfo'`);
  const g = await one<{ id: number }>(
    `insert into agreement (kind, agency_id, title, year, parties, status, created_at) values ('kinerja', $1, 'Perjanjian Kinerja', $2, '[]', $3, now()) returning id`,
    [agencyId, year, status]);
  for (const [n, indicatorReports] of reports.entries()) {
    const i = await one<{ id: number }>(
      `insert into indicator (agreement_id, code, name, unit, target_year, target_q1, target_q2, target_q3, target_q4)
       values ($1, $2, 'Indeks SPBE', 'indeks', 100, 25, 50, 75, 100) returning id`, [g.id, `IKU${n + 1}`]);
    for (const r of indicatorReports) {
      await db.query(`insert into progress_report (indicator_id, quarter, realisation, achievement, reported_by_id, reported_at) values ($1, $2, 1, $3, $4, now())`,
        [i.id, r.quarter, r.achievement, reporter.id]);
    }
  }
}

/**
 * The fixtures below go straight into the tables, past the writers that keep
 * the dashboard's per-day rows current: the backfill (as after a data import)
 * rolls them up.
 */
async function backfill(): Promise<void> {
  const orm = await openOrm({ databaseUrl: t.db.url });
  try {
    await orm.em.fork().transactional((tx) => rebuildDashboardDays(tx));
  } finally {
    await orm.close(true);
  }
}

interface Figures {
  documentsCreated: number; documentsSigned: number; documentsCancelled: number; tteAdoption: number | null; signaturesTimed: number;
  medianSubmitToSignHours: number | null; p90SubmitToSignHours: number | null; openDispositions: number; overdueDispositions: number;
  agreements: number; progressReports: number; agreementAchievement: number | null;
}
type AgencyRow = Figures & { agencyId: number; code: string; name: string };
interface Agencies { period: { from: string; to: string }; scope: string; agencies: AgencyRow[]; totals: Figures }

async function agencies(user: string, query: string): Promise<Agencies> {
  const res = await t.request('GET', `/dashboard/agencies?${query}`, { token: await t.login(user) });
  expect(res.status).toBe(200);
  return (await res.json()) as Agencies;
}
const row = (body: Agencies, agencyId: number) => body.agencies.find((a) => a.agencyId === agencyId)!;
const march = 'from=2026-03-01&to=2026-03-31';
const zero: Figures = {
  documentsCreated: 0, documentsSigned: 0, documentsCancelled: 0, tteAdoption: null, signaturesTimed: 0, medianSubmitToSignHours: null, p90SubmitToSignHours: null,
  openDispositions: 0, overdueDispositions: 0, agreements: 0, progressReports: 0, agreementAchievement: null,
};

beforeAll(async () => {
  // A worker too: a submission is recorded by its routing workflow's first activity (the API writes no status).
  t = await startTestApi({}, { worker: true });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  kominfo = t.seed.agencyIds['Diskominfosp']!;
  bappeda = t.seed.agencyIds['Bappeda']!;

  // Diskominfosp in March 2026: four timed signatures (2, 4.5, 6 and 24 hours), one signed before submit times were kept.
  await doc(kominfo, 'archived', { created: '2026-03-02T07:00:00+08:00', submitted: '2026-03-02T08:00:00+08:00', signed: '2026-03-02T10:00:00+08:00' });
  await doc(kominfo, 'distributed', { created: '2026-03-03T07:00:00+08:00', submitted: '2026-03-03T08:00:00+08:00', signed: '2026-03-04T08:00:00+08:00' });
  await doc(kominfo, 'signed', { created: '2026-03-05T07:00:00+08:00', submitted: '2026-03-05T08:00:00+08:00', signed: '2026-03-05T14:00:00+08:00' });
  // Created in February; its last signature at 00:30 WITA on 1 March (still 28 February in UTC) belongs to March.
  await doc(kominfo, 'archived', { created: '2026-02-28T19:00:00+08:00', submitted: '2026-02-28T20:00:00+08:00', signed: '2026-03-01T00:30:00+08:00' });
  await doc(kominfo, 'archived', { created: '2026-03-10T07:00:00+08:00', signed: '2026-03-10T09:00:00+08:00' });
  // One of two signers has signed: not finished, so not counted as signed.
  await doc(kominfo, 'signing', { created: '2026-03-06T07:00:00+08:00', submitted: '2026-03-06T08:00:00+08:00', signed: '2026-03-06T09:00:00+08:00' });
  // Routing ended without a signature.
  await doc(kominfo, 'cancelled', { created: '2026-03-07T07:00:00+08:00', submitted: '2026-03-07T08:00:00+08:00', updated: '2026-03-08T08:00:00+08:00' });
  // A draft never submitted and cancelled does not count as a routing that ended.
  await doc(kominfo, 'cancelled', { created: '2026-03-07T07:00:00+08:00', updated: '2026-03-08T08:00:00+08:00' });
  await doc(kominfo, 'draft', { created: '2026-03-31T23:00:00+08:00' });
  // 00:30 WITA on 1 April is 31 March in UTC: April's.
  await doc(kominfo, 'draft', { created: '2026-04-01T00:30:00+08:00' });
  // Bappeda: 24 and 12 hours in March, 24 hours in April.
  await doc(bappeda, 'archived', { created: '2026-03-10T07:00:00+08:00', submitted: '2026-03-10T08:00:00+08:00', signed: '2026-03-11T08:00:00+08:00' });
  await doc(bappeda, 'distributed', { created: '2026-03-12T07:00:00+08:00', submitted: '2026-03-12T08:00:00+08:00', signed: '2026-03-12T20:00:00+08:00' });
  await doc(bappeda, 'archived', { created: '2026-04-01T10:00:00+08:00', submitted: '2026-04-01T10:00:00+08:00', signed: '2026-04-02T10:00:00+08:00' });

  const inFuture = new Date(Date.now() + 10 * 86_400_000).toISOString();
  const k = await letter(kominfo, 'AG/001');
  await disposition(k, 'kadis.kominfo', 'kabid.aptika', 'sent', '2026-03-05T16:00:00+08:00', '2026-03-02T09:00:00+08:00');
  await disposition(k, 'kadis.kominfo', 'sekdis.kominfo', 'read', inFuture, '2026-03-03T09:00:00+08:00');
  await disposition(k, 'kadis.kominfo', 'kabid.aptika', 'forwarded', '2026-03-05T16:00:00+08:00', '2026-03-04T09:00:00+08:00');
  await disposition(k, 'kadis.kominfo', 'kabid.aptika', 'done', '2026-03-05T16:00:00+08:00', '2026-03-04T09:00:00+08:00');
  await disposition(k, 'kadis.kominfo', 'kabid.aptika', 'withdrawn', '2026-03-05T16:00:00+08:00', '2026-03-04T09:00:00+08:00');
  await disposition(k, 'kadis.kominfo', 'kabid.aptika', 'sent', null, '2026-03-20T09:00:00+08:00');
  await disposition(k, 'kadis.kominfo', 'kabid.aptika', 'sent', '2026-04-10T16:00:00+08:00', '2026-04-05T09:00:00+08:00');
  const b = await letter(bappeda, 'AG/002');
  await disposition(b, 'kadis.bappeda', 'kabid.bappeda', 'read', '2026-03-20T16:00:00+08:00', '2026-03-15T09:00:00+08:00');

  // Q1 reports 80 and 100 count for March; Q2's 90 for April; a superseded version and last year's agreement never.
  await agreement(kominfo, 2026, 'active', [[{ quarter: 1, achievement: 80 }, { quarter: 2, achievement: 90 }], [{ quarter: 1, achievement: 100 }]]);
  await agreement(kominfo, 2026, 'superseded', [[{ quarter: 1, achievement: 10 }]]);
  await agreement(kominfo, 2025, 'active', [[{ quarter: 1, achievement: 20 }]]);
  await agreement(bappeda, 2026, 'active', [[]]);
  await backfill();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

describe('GET /dashboard/agencies', () => {
  test('a leader sees every agency with the counts, hours, dispositions and achievement the records imply', async () => {
    const body = await agencies('bupati', march);
    expect(body.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(body.scope).toBe('region');
    expect(body.agencies.map((a) => a.agencyId).sort()).toEqual(Object.values(t.seed.agencyIds).sort());
    expect(row(body, kominfo)).toEqual({
      agencyId: kominfo, code: 'Diskominfosp', name: expect.any(String),
      documentsCreated: 8, documentsSigned: 5, documentsCancelled: 1, tteAdoption: 83.33, signaturesTimed: 4,
      medianSubmitToSignHours: 5.25, p90SubmitToSignHours: 18.6,
      openDispositions: 4, overdueDispositions: 2, agreements: 1, progressReports: 2, agreementAchievement: 90,
    });
    expect(row(body, bappeda)).toMatchObject({
      documentsCreated: 2, documentsSigned: 2, documentsCancelled: 0, tteAdoption: 100, signaturesTimed: 2,
      medianSubmitToSignHours: 18, p90SubmitToSignHours: 22.8,
      openDispositions: 1, overdueDispositions: 1, agreements: 1, progressReports: 0, agreementAchievement: null,
    });
    // Region figures are over all rows, not an average of agency medians: hours 2, 4.5, 6, 12, 24, 24.
    expect(body.totals).toEqual({
      documentsCreated: 10, documentsSigned: 7, documentsCancelled: 1, tteAdoption: 87.5, signaturesTimed: 6,
      medianSubmitToSignHours: 9, p90SubmitToSignHours: 24,
      openDispositions: 5, overdueDispositions: 3, agreements: 2, progressReports: 2, agreementAchievement: 90,
    });
    const { agencyId: _id, code: _code, name: _name, ...inspektorat } = row(body, t.seed.agencyIds['Inspektorat']!);
    expect(inspektorat).toEqual(zero);
  });

  test('the period filter moves every figure with it (April)', async () => {
    const body = await agencies('admin', 'from=2026-04-01&to=2026-04-30');
    expect(row(body, kominfo)).toMatchObject({
      documentsCreated: 1, documentsSigned: 0, tteAdoption: null, medianSubmitToSignHours: null,
      openDispositions: 1, overdueDispositions: 1, agreements: 1, progressReports: 1, agreementAchievement: 90,
    });
    expect(row(body, bappeda)).toMatchObject({ documentsCreated: 1, documentsSigned: 1, tteAdoption: 100, medianSubmitToSignHours: 24, p90SubmitToSignHours: 24 });
    // Both months together: the sums, and Q1 + Q2 reports.
    const spring = await agencies('auditor.inspektorat', 'from=2026-03-01&to=2026-04-30');
    expect(row(spring, kominfo)).toMatchObject({ documentsCreated: 9, documentsSigned: 5, openDispositions: 5, overdueDispositions: 3, progressReports: 3, agreementAchievement: 90 });
    expect(row(spring, bappeda)).toMatchObject({ documentsCreated: 3, documentsSigned: 3, medianSubmitToSignHours: 24 });
  });

  test('anyone else sees only their own agency, totals included', async () => {
    for (const [user, agencyId] of [['staf.kominfo', kominfo], ['tu.bappeda', bappeda], ['sekdis.kominfo', kominfo]] as const) {
      const body = await agencies(user, march);
      expect(body.scope).toBe('agency');
      expect(body.agencies.map((a) => a.agencyId)).toEqual([agencyId]);
      const { agencyId: _id, code: _code, name: _name, ...own } = body.agencies[0]!;
      expect(body.totals).toEqual(own);
    }
    const res = await t.request('GET', `/dashboard?${march}`, { token: await t.login('kabid.bappeda') });
    expect(await res.json()).toMatchObject({ scope: 'agency', agencyCount: 1, totals: { documentsCreated: 2, documentsSigned: 2, overdueDispositions: 1 } });
  });

  test('CSV export: Indonesian headers, semicolons, decimal commas, a region total', async () => {
    const res = await t.request('GET', `/dashboard/agencies?${march}&format=csv`, { token: await t.login('sekda') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="dasbor-opd-2026-03-01-2026-03-31.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('Kode;Perangkat Daerah;Naskah dibuat;Naskah ditandatangani (TTE);Naskah dibatalkan;Adopsi TTE (%);'
      + 'Median pengajuan sampai tanda tangan (jam);P90 pengajuan sampai tanda tangan (jam);Disposisi terbuka;Disposisi terlambat;'
      + 'Perjanjian kinerja;Laporan capaian;Capaian perjanjian kinerja (%)');
    expect(lines.find((l) => l.startsWith('Diskominfosp;'))?.split(';').slice(2)).toEqual(['8', '5', '1', '83,33', '5,25', '18,6', '4', '2', '1', '2', '90']);
    expect(lines.find((l) => l.startsWith('Inspektorat;'))?.split(';').slice(2)).toEqual(['0', '0', '0', '', '', '', '0', '0', '0', '0', '']);
    expect(lines.at(-2)).toBe(';Seluruh perangkat daerah;10;7;1;87,5;9;24;5;3;2;2;90');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + Object.keys(t.seed.agencyIds).length + 2);
  });
});

describe('GET /dashboard', () => {
  test('region totals, defaulting to this calendar year in WITA', async () => {
    const res = await t.request('GET', '/dashboard', { token: await t.login('kadis.bappeda') });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { period: { from: string; to: string }; scope: string; agencyCount: number; totals: Figures };
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar', year: 'numeric' }).format(new Date());
    expect(body.period).toEqual({ from: `${year}-01-01`, to: `${year}-12-31` });
    expect(body.scope).toBe('region');
    expect(body.agencyCount).toBe(Object.keys(t.seed.agencyIds).length);
    const marchOnly = await (await t.request('GET', `/dashboard?${march}`, { token: await t.login('kadis.bappeda') })).json();
    expect(marchOnly).toMatchObject({ totals: { documentsSigned: 7, medianSubmitToSignHours: 9, overdueDispositions: 3 } });
  });

  test('a bad date is a 422 naming the field; nothing else is answered', async () => {
    const token = await t.login('bupati');
    const cases: [string, string][] = [
      ['from=2026-13-01', 'from'], ['from=2026-02-30', 'from'], ['to=kemarin', 'to'], ['from=1%20Maret%202026', 'from'],
      ['from=2026-04-01&to=2026-03-01', 'to'], ['from=2000-01-01&to=2026-12-31', 'from'], ['from=0000-01-01', 'from'], ['to=3000-01-01', 'to'],
    ];
    for (const path of ['/dashboard', '/dashboard/agencies']) {
      for (const [query, field] of cases) {
        const res = await t.request('GET', `${path}?${query}`, { token });
        expect([path, query, res.status]).toEqual([path, query, 422]);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(await res.json()).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', field });
      }
    }
    const format = await t.request('GET', '/dashboard/agencies?format=xlsx', { token });
    expect(format.status).toBe(400);
    expect(await format.json()).toMatchObject({ field: 'format' });
    expect((await t.request('GET', '/dashboard')).status).toBe(401);
  });

  test('submitting a draft starts the clock the median reads', async () => {
    const staf = await t.login('staf.kominfo');
    const created = await t.request('POST', '/documents', { token: staf, body: {
      type: 'nota_dinas', hal: 'Laporan pemeliharaan jaringan', archiveCode: '000.1.2.3', kepada: [{ name: 'Kepala Dinas' }],
      reviewerPositionIds: [pos('kabid.aptika')], signerPositionId: pos('kadis.kominfo') } });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: number }).id;
    const { PDFDocument } = await import('pdf-lib');
    const pdf = await PDFDocument.create();
    pdf.addPage([595, 842]);
    const upload = await t.request('POST', `/documents/${id}/versions`, { token: staf, raw: Buffer.from(await pdf.save()), headers: { 'content-type': 'application/pdf' } });
    expect(upload.status).toBe(201);
    expect((await one<{ submitted_at: Date | null }>('select submitted_at from document where id = $1', [id])).submitted_at).toBeNull();
    const before = Date.now();
    expect((await t.request('POST', `/documents/${id}/submit`, { token: staf })).status).toBe(200);
    // The routing workflow's first activity records the submission (the API writes no status): the clock starts there.
    let submittedAt: Date | null = null;
    for (const until = Date.now() + 30_000; submittedAt === null && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      ({ submitted_at: submittedAt } = await one<{ submitted_at: Date | null }>('select submitted_at from document where id = $1', [id]));
    }
    if (submittedAt === null) throw new Error('submitted_at not recorded within 30 s of the submit');
    expect(Math.abs(submittedAt.getTime() - before)).toBeLessThan(60_000);
    // Signed three hours later (as routing would record it): the day's median is those three hours.
    await db.query(`update document set status = 'archived', signed_at = submitted_at + interval '3 hours', created_at = submitted_at where id = $1`, [id]);
    await backfill();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date(submittedAt.getTime() + 3 * 3_600_000));
    const today = await agencies('staf.kominfo', `from=${day}&to=${day}`);
    expect(today.totals).toMatchObject({ documentsSigned: 1, signaturesTimed: 1, medianSubmitToSignHours: 3 });
  });

  test('both routes are in the OpenAPI document', async () => {
    const spec = (await (await t.request('GET', '/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/dashboard', '/dashboard/agencies']));
  });
});

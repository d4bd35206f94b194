// A perjanjian kinerja drafted and submitted through the API runs in its
// AgreementWorkflow on the time-skipping test server, with the real worker
// (PostgreSQL activities) behind the real API. Its naskah is initialled and
// signed by both parties; then the first quarter's reporting window opens when
// the quarter ends. Not reported in time: the Kepala Dinas (pihak pertama) is
// reminded three days before the ten-day window closes and his superior (the
// Sekda) told when it closes, each once, across a worker restart; the late
// report is recorded with the rulebook's achievement.
// Expected times are the rule (workflows/src/messages.ts, AgreementInput): the
// window opens at the quarter's end and stays open 10 days, the reminder 3 days
// before it closes.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { testConfig } from '@naskah/infra/testing';
import { buildWorkerActivities } from '@naskah/workflows/activities';
import { signedUpdate } from '@naskah/workflows/client';
import { createTimeSkippingEnv } from '@naskah/workflows/testing';
import { createNaskahWorker } from '@naskah/workflows/worker';
import { startTestApi, type TestApi } from '@naskah/api/testing';
import { samplePdf } from '@naskah/api/testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let env: TestWorkflowEnvironment;
let t: TestApi;
let db: pg.Client;
let worker: { stop(): Promise<void> } | undefined;

async function startWorker(): Promise<{ stop(): Promise<void> }> {
  const config = testConfig({ DATABASE_URL: t.db.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: t.namespace });
  const built = await buildWorkerActivities(config);
  const w = await createNaskahWorker({ config, activities: built.activities, maxCachedWorkflows: 0 });
  const running = w.run();
  return { async stop() { await w.shutdown(); await running; await built.close(); } };
}

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  t = await startTestApi({ TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: env.namespace ?? 'default' });
  worker = await startWorker();
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end();
  await worker?.stop();
  await t?.stop();
  await env?.teardown();
});

const pos = (key: string) => t.seed.positionIds[key]!;
async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(text, params)).rows;
}
const personAt = async (key: string) => (await sql<{ id: number }>('select id from person where position_id = $1', [pos(key)]))[0]!.id;

async function eventually<T>(read: () => Promise<T>, test: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 150 && !test(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** The agreement's notifications as [kind, recipient person] in the order written. */
async function notices(agreementId: number): Promise<[string, number][]> {
  const rows = await sql<{ kind: string; recipient_id: number }>(
    `select kind, recipient_id from notification where subject_type = 'agreement' and subject_id = $1 order by id`, [agreementId]);
  return rows.map((r) => [r.kind, r.recipient_id]);
}
const status = async (id: number) => (await sql<{ status: string }>('select status from agreement where id = $1', [id]))[0]!.status;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

describe('perjanjian kinerja through the API and its workflow', () => {
  test('submitted, signed by both parties, Q1 not reported in time: reminded, then escalated to the superior, once each across a worker restart; the late report is stored', async () => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const drafter = await t.login('kabid.aptika');
    const [kadis, sekda] = [await personAt('kadis.kominfo'), await personAt('sekda')];

    const created = await t.request('POST', '/agreements', { token: drafter, body: {
      kind: 'kinerja', title: `Perjanjian Kinerja Diskominfosp ${year}`, year, parties: [pos('kadis.kominfo'), pos('bupati')],
      indicators: [
        { code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher', targetYear: 4, targetQuarters: [2, 2.5, 3, 4] },
        { code: 'IKU-2', name: 'Rata-rata hari layanan pengaduan', unit: 'hari', direction: 'lower', targetYear: 3, targetQuarters: [5, 4, 4, 3] },
      ],
    } });
    expect(created.status).toBe(201);
    const { id } = await json<{ id: number }>(created);
    expect(await status(id)).toBe('draft');

    // Its naskah: paraf by the Sekretaris Dinas, both parties sign in either order.
    const doc = await json<{ id: number }>(await t.request('POST', '/documents', { token: drafter, body: {
      type: 'perjanjian_kinerja', hal: `Perjanjian Kinerja ${year}`, archiveCode: '000.1.2.3', kepada: [{ positionId: pos('bupati'), name: 'Bupati Tanah Bumbu' }],
      reviewerPositionIds: [pos('sekdis.kominfo')], signerGroups: [[pos('kadis.kominfo'), pos('bupati')]],
    } }));
    expect((await t.request('POST', `/documents/${doc.id}/versions`, { token: drafter, raw: await samplePdf('Perjanjian Kinerja'), headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
    const submitted = await t.request('POST', `/agreements/${id}/submit`, { token: drafter, body: { documentId: doc.id } });
    expect(submitted.status).toBe(200);
    expect(await eventually(() => status(id), (s) => s === 'signing')).toBe('signing');
    const again = await t.request('POST', `/agreements/${id}/submit`, { token: drafter, body: { documentId: doc.id } });
    expect(again.status).toBe(409);
    expect((await json<{ code: string }>(again)).code).toBe('AGREEMENT_NOT_DRAFT');

    type Routing = { status: string; version: number; waiting: { kind: string }[] };
    const routing = () => t.request('GET', `/documents/${doc.id}/routing`, { token: drafter }).then((r) => (r.status === 200 ? json<Routing>(r) : { status: '', version: 0, waiting: [] }));
    await eventually(routing, (s) => s.status === 'in_review' && s.waiting.length > 0);
    expect((await t.request('POST', `/documents/${doc.id}/paraf`, { token: await t.login('sekdis.kominfo'), body: {} })).status).toBe(200);
    const signing = await eventually(routing, (s) => s.status === 'signing' && s.waiting.length === 2);
    expect(signing.waiting).toHaveLength(2);
    // The signatures themselves (keys, PAdES) are the signing suites'; here each party's "signed" reaches the routing as the API reports it.
    const handle = env.client.workflow.getHandle(`doc-${doc.id}`);
    await handle.executeUpdate(signedUpdate, { args: [{ personId: String(await personAt('bupati')), baseVersion: signing.version, version: signing.version + 1, sha256: 'b'.repeat(64) }] });
    await handle.executeUpdate(signedUpdate, { args: [{ personId: String(kadis), baseVersion: signing.version + 1, version: signing.version + 2, sha256: 'k'.repeat(64) }] });
    expect(await eventually(() => status(id), (s) => s === 'active')).toBe('active');
    expect(await sql('select document_id from agreement where id = $1', [id])).toEqual([{ document_id: doc.id }]);

    // Q1 ends: the window opens, the Kepala Dinas gets the task.
    await env.sleep(Date.UTC(year, 3, 1) - (await env.currentTimeMs()) + 60_000);
    expect(await eventually(() => status(id), (s) => s === 'reporting')).toBe('reporting');
    expect(await eventually(() => notices(id), (n) => n.length === 1)).toEqual([['task', kadis]]);

    // Reminder three days before the window closes (day 7), not earlier.
    await env.sleep(7 * DAY - HOUR);
    await new Promise((r) => setTimeout(r, 500));
    expect(await notices(id)).toEqual([['task', kadis]]);
    await env.sleep(2 * HOUR);
    expect(await eventually(() => notices(id), (n) => n.length === 2)).toEqual([['task', kadis], ['reminder', kadis]]);
    const inbox = await json<{ items: { kind: string; subjectType: string; subjectId: number; title: string }[] }>(
      await t.request('GET', '/inbox/notifications', { token: await t.login('kadis.kominfo') }));
    expect(inbox.items.filter((n) => n.subjectType === 'agreement' && n.subjectId === id).map((n) => n.kind)).toEqual(['reminder', 'task']);

    // The worker restarts; the window closes at day 10: the Sekda, his superior, is told once.
    await worker!.stop();
    worker = await startWorker();
    await env.sleep(3 * DAY);
    expect(await eventually(() => notices(id), (n) => n.length === 3)).toEqual([['task', kadis], ['reminder', kadis], ['escalation', sekda]]);
    await env.sleep(20 * DAY);
    await new Promise((r) => setTimeout(r, 500));
    expect(await notices(id)).toHaveLength(3);
    const late = await sql<{ action: string; data: { quarter: number; escalatedTo: number[] } }>(
      `select action, data from audit_event where subject_type = 'agreement' and subject_id = $1 and action = 'agreement.quarter_late'`, [String(id)]);
    expect(late).toEqual([{ action: 'agreement.quarter_late', data: expect.objectContaining({ quarter: 1, escalatedTo: [sekda] }) }]);

    // Out of turn: Q2 is not open (409 naming the rule); staff of the agency do not report.
    const kadisToken = await t.login('kadis.kominfo');
    const early = await t.request('POST', `/agreements/${id}/realisation`, { token: kadisToken, body: { quarter: 2, realisations: [{ code: 'IKU-1', value: 2 }, { code: 'IKU-2', value: 4 }] } });
    expect(early.status).toBe(409);
    expect((await json<{ code: string }>(early)).code).toBe('AGREEMENT_QUARTER_NOT_OPEN');
    expect((await t.request('POST', `/agreements/${id}/realisation`, { token: await t.login('staf.kominfo'), body: { quarter: 1, realisations: [{ code: 'IKU-1', value: 2 }] } })).status).toBe(403);

    const reported = await t.request('POST', `/agreements/${id}/realisation`, { token: kadisToken, body: {
      quarter: 1, realisations: [{ code: 'IKU-1', value: 1.5, evidence: 'Hasil evaluasi mandiri SPBE' }, { code: 'IKU-2', value: 4 }],
    } });
    expect(reported.status).toBe(200);
    // Higher is better: 1.5 / 2 = 75 %; lower is better: (2 − 4/5) × 100 % = 120 %; the agreement: (75 + 120) / 2 = 97.5 %.
    expect(await json(reported)).toMatchObject({ quarter: 1, achievements: [{ code: 'IKU-1', percent: 75 }, { code: 'IKU-2', percent: 120 }], averagePercent: 97.5 });
    expect(await eventually(() => status(id), (s) => s === 'active')).toBe('active');
    expect(await sql(`select i.code, r.quarter, r.realisation::float8 as realisation, r.achievement::float8 as achievement, r.evidence, r.reported_by_id
        from progress_report r join indicator i on i.id = r.indicator_id where i.agreement_id = $1 order by i.code`, [id])).toEqual([
      { code: 'IKU-1', quarter: 1, realisation: 1.5, achievement: 75, evidence: 'Hasil evaluasi mandiri SPBE', reported_by_id: kadis },
      { code: 'IKU-2', quarter: 1, realisation: 4, achievement: 120, evidence: '', reported_by_id: kadis },
    ]);
    const twice = await t.request('POST', `/agreements/${id}/realisation`, { token: kadisToken, body: { quarter: 1, realisations: [{ code: 'IKU-1', value: 2 }, { code: 'IKU-2', value: 4 }] } });
    expect((await json<{ code: string }>(twice)).code).toBe('AGREEMENT_QUARTER_REPORTED');

    // Written once each: one claimed step per notification key, one report event; the Sekda's capaian notice is an info.
    const [claimed] = await sql<{ n: number }>(`select count(*)::int as n from outbox where topic = 'workflow.step' and key like $1`, [`notify:agreement-${id}:q1:%`]);
    expect(claimed!.n).toBe(4);
    expect(await notices(id)).toEqual([['task', kadis], ['reminder', kadis], ['escalation', sekda], ['info', sekda]]);
    const audit = await sql<{ action: string }>(`select action from audit_event where subject_type = 'agreement' and subject_id = $1 order by seq`, [String(id)]);
    expect(audit.map((a) => a.action)).toEqual([
      'agreement.created', 'agreement.status', 'agreement.status', 'agreement.status', 'agreement.quarter_late', 'agreement.quarter_reported',
    ]);
  });
});

// A click while the worker restarts (issue 16, item 6): the worker runs as its
// own process and is killed with SIGKILL; a paraf sent then is answered 202
// "diproses" within the configured wait (never a 5xx, never "retry"), and once
// a worker is back it is applied exactly once, a repeated click refused with a
// notification instead of a second paraf. A paraf racing the kill answers 200
// or 202 and is applied once too; a signature made while no worker runs is
// signed by the API (202), reported without its passphrase, applied once. The
// agreement's clicks (a quarter's realisation, a revision of the targets) take
// the same path: 202 while no worker runs, applied once when one is back.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { initPki, issueCertificate } from '@naskah/pki';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openOrm, type DomainOrm } from '@naskah/domain';
import { NaskahWorkflows } from '@naskah/workflows/client';
import { uniqueTaskQueue } from '@naskah/infra/testing';
import { startTestApi, type TestApi } from '@naskah/api/testing';
import { samplePdf } from '@naskah/api/testing';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const waitMs = 1500;
const passphrase = 'sandi-tte-saat-worker-mati';
// Laid out like `.data/`: keystore/ beside pki/ (the internal CA the API signs B-LT with).
const dataDir = mkdtempSync(path.join(tmpdir(), 'naskah-durable-clicks-'));
const previousKeystore = process.env['NASKAH_KEYSTORE_DIR'];
const taskQueue = uniqueTaskQueue('durable-clicks');
let t: TestApi;
let orm: DomainOrm;
let worker: ChildProcess | undefined;

function startWorker(): void {
  // node itself (tsx as a loader), so SIGKILL hits the worker and not a wrapper around it.
  worker = spawn(process.execPath, ['infra/stack/run-typescript.mjs', 'workflows/src/worker.ts'], {
    cwd: root, stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: t.db.url, TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_NAMESPACE: t.namespace },
  });
}

async function killWorker(): Promise<void> {
  const dying = worker!;
  const exited = new Promise((r) => dying.once('exit', r));
  dying.kill('SIGKILL');
  await exited;
  worker = undefined;
}

beforeAll(async () => {
  process.env['NASKAH_KEYSTORE_DIR'] = path.join(dataDir, 'keystore');
  mkdirSync(process.env['NASKAH_KEYSTORE_DIR']);
  const pki = await initPki(path.join(dataDir, 'pki'));
  t = await startTestApi({ TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_ACTION_WAIT_MS: String(waitMs) });
  orm = await openOrm({ databaseUrl: t.db.url });
  const [kadis] = await orm.em.fork().execute<{ id: number; nik: string }[]>('select id, nik from person where position_id = ?', [t.seed.positionIds['kadis.kominfo']]);
  const issued = await issueCertificate(pki, { name: 'kadis.kominfo', nik: kadis!.nik, passphrase });
  writeFileSync(path.join(dataDir, 'keystore', 'kadis.p12'), issued.p12);
  await orm.em.fork().execute(
    `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref)
     values (?, ?, 'kadis.kominfo', 'Naskah test CA', 'active', now() - interval '1 day', now() + interval '1 year', 'internal', 'kadis.p12')`,
    [kadis!.id, issued.serialHex]);
  startWorker();
}, 120_000);

afterAll(async () => {
  if (worker) await killWorker();
  await orm?.close(true);
  await t?.stop();
  if (previousKeystore === undefined) delete process.env['NASKAH_KEYSTORE_DIR'];
  else process.env['NASKAH_KEYSTORE_DIR'] = previousKeystore;
  rmSync(dataDir, { recursive: true, force: true });
});

const pos = (key: string) => t.seed.positionIds[key]!;
const sql = <T>(query: string, params: unknown[]) => orm.em.fork().execute<T[]>(query, params);
const count = async (query: string, params: unknown[]) => Number((await sql<{ n: string }>(query, params))[0]!.n);

// Generous: a worker started again bundles its workflows first, which on the loaded CI machine took over a minute.
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 180_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const value = await probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The step rows the inbox reads, in order: what the workflow's activities recorded. */
const steps = async (id: number) => (await sql<{ state: string }>('select state from routing_step where document_id = ? order by step_order, id', [id])).map((s) => s.state);

async function submitted(hal: string): Promise<number> {
  const drafter = await t.login('staf.kominfo');
  const created = await t.request('POST', '/documents', { token: drafter, body: {
    type: 'nota_dinas', hal, archiveCode: '000.1.2.3', sifat: 'segera', kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }], tembusan: [],
    reviewerPositionIds: [pos('kabid.aptika'), pos('sekdis.kominfo')], signerPositionId: pos('kadis.kominfo'),
  } });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: number };
  expect((await t.request('POST', `/documents/${id}/versions`, { token: drafter, raw: await samplePdf(), headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
  expect((await t.request('POST', `/documents/${id}/submit`, { token: drafter })).status).toBe(200);
  // The worker (first start: bundling the workflows) has resolved the first reviewer.
  await until('the first paraf step', async () => ((await steps(id))[0] === 'pending' ? true : undefined));
  return id;
}

describe('a click while the worker restarts', () => {
  test('is answered 202 "diproses" in the configured wait and applied exactly once when a worker is back (paraf, disposisi)', async () => {
    const id = await submitted('Klik saat worker mati');
    const kabid = await t.login('kabid.aptika');
    const registered = await t.request('POST', '/incoming-letters', { token: await t.login('tu.kominfo'), body: {
      senderName: 'BSSN', senderNumber: 'B-17/BSSN/2026', senderDate: '2026-11-21', hal: 'Disposisi saat worker mati', addressedToId: pos('kadis.kominfo'),
    } });
    expect(registered.status).toBe(201);
    const letterId = ((await registered.json()) as { id: number }).id;
    await killWorker();

    const started = Date.now();
    const first = await t.request('POST', `/documents/${id}/paraf`, { token: kabid, body: { note: 'setuju' } });
    const elapsed = Date.now() - started;
    expect({ status: first.status, body: await first.json() }).toEqual({ status: 202, body: { state: 'diproses', documentId: String(id), requestId: expect.any(String) } });
    // The wait is bounded by TEMPORAL_ACTION_WAIT_MS (1.5 s here), plus the signal.
    expect(elapsed).toBeLessThan(waitMs + 3000);
    // Not applied yet: nothing runs without a worker.
    expect(await steps(id)).toEqual(['pending', 'waiting', 'waiting']);
    // The impatient second click: recorded too, refused when applied (no longer this reviewer's turn).
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: kabid, body: {} })).status).toBe(202);

    // A first disposition while no worker runs: its workflow starts (no worker needed) and takes the click later.
    const disposed = await t.request('POST', '/dispositions', { token: await t.login('kadis.kominfo'), body: {
      incomingLetterId: letterId, toPositionIds: [pos('kabid.aptika'), pos('sekdis.kominfo')], instruction: 'Mohon ditindaklanjuti',
    } });
    expect({ status: disposed.status, body: await disposed.json() }).toEqual({ status: 202, body: { state: 'diproses', requestId: expect.any(String), ids: [] } });

    startWorker();
    await until('the paraf applied', async () => ((await steps(id))[1] === 'pending' ? true : undefined));
    await until('the disposition written', async () => (await count('select count(*) as n from disposition where incoming_letter_id = ?', [letterId]) === 2 ? true : undefined));
    expect(await count(`select count(*) as n from audit_event where action = 'disposition.sent' and subject_type = 'disposition'
      and subject_id in (select id::text from disposition where incoming_letter_id = ?)`, [letterId])).toBe(2);
    const kabidId = (await sql<{ id: number }>('select id from person where position_id = ?', [pos('kabid.aptika')]))[0]!.id;
    await until('the refusal told', async () => (await count(`select count(*) as n from notification where recipient_id = ? and subject_type = 'document' and subject_id = ? and title like 'Paraf tidak dapat diproses%'`, [kabidId, id]) === 1 ? true : undefined));
    expect(await count(`select count(*) as n from audit_event where action = 'document.paraf' and subject_type = 'document' and subject_id = ?`, [String(id)])).toBe(1);
    expect((await sql<{ note: string | null }>(`select note from routing_step where document_id = ? and state = 'done'`, [id])).map((s) => s.note)).toEqual(['setuju']);
  }, 480_000);

  test('a paraf racing a SIGKILL is answered 200 or 202 and applied once; a signature while no worker runs is answered 202 and applied once, its passphrase nowhere in history', async () => {
    const id = await submitted('Klik saat worker dibunuh');
    const answer = t.request('POST', `/documents/${id}/paraf`, { token: await t.login('kabid.aptika'), body: {} });
    await new Promise((r) => setTimeout(r, 30));
    await killWorker();
    const res = await answer;
    expect([200, 202]).toContain(res.status);
    startWorker();
    await until('the paraf applied', async () => ((await steps(id))[1] === 'pending' ? true : undefined));
    // The second reviewer acts as soon as the step is theirs: the worker is back, so 200 (or 202 within its first seconds).
    const second = await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('sekdis.kominfo'), body: {} });
    expect([200, 202]).toContain(second.status);
    await until('numbered, waiting for the signature', async () => ((await steps(id))[2] === 'pending' ? true : undefined));
    expect(await count(`select count(*) as n from audit_event where action = 'document.paraf' and subject_type = 'document' and subject_id = ?`, [String(id)])).toBe(2);
    expect(await count(`select count(*) as n from number_allocation where document_id = ?`, [id])).toBe(1);

    // The signature while no worker runs: the API signs (the passphrase stays in this request), stores
    // the version, and the workflow hears of it from its history once a worker is back.
    await killWorker();
    const signed = await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } });
    expect({ status: signed.status, state: ((await signed.json()) as { state?: string }).state }).toEqual({ status: 202, state: 'diproses' });
    startWorker();
    await until('archived', async () => ((await sql<{ status: string }>('select status from document where id = ?', [id]))[0]!.status === 'archived' ? true : undefined));
    expect(await count(`select count(*) as n from document_version where document_id = ? and reason = 'signed'`, [id])).toBe(1);
    expect(await count(`select count(*) as n from audit_event where action = 'document.sign' and subject_type = 'document' and subject_id = ?`, [String(id)])).toBe(1);
    const connection = await Connection.connect({ address: process.env['TEMPORAL_ADDRESS']! });
    try {
      const history = await new Client({ connection, namespace: t.namespace }).workflow.getHandle(`doc-${id}`).fetchHistory();
      const text = JSON.stringify(history, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v));
      expect(text).toContain('routingCommand');
      expect(text).not.toContain(passphrase);
    } finally {
      await connection.close();
    }
  }, 480_000);

  test('an agreement\'s realisation and revision while no worker runs are answered 202 "diproses" and applied once when a worker is back', async () => {
    const drafter = await t.login('kabid.aptika');
    const kadis = await t.login('kadis.kominfo');
    // Last year: every quarter has ended, so the first reporting window opens as soon as the workflow runs.
    const year = new Date().getUTCFullYear() - 1;
    const indicator = { code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher' as const, targetYear: 4, targetQuarters: [2, 2.5, 3, 4] as [number, number, number, number] };
    const created = await t.request('POST', '/agreements', { token: drafter, body: {
      kind: 'kinerja', title: `Perjanjian Kinerja ${year}`, year, parties: [pos('kadis.kominfo'), pos('bupati')], indicators: [indicator],
    } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    // Signed by both parties already (that routing is the routing suites'): its workflow resumes at the first quarter, as a continued run does.
    const connection = await Connection.connect({ address: process.env['TEMPORAL_ADDRESS']! });
    try {
      const kabidId = (await sql<{ id: number }>('select id from person where position_id = ?', [pos('kabid.aptika')]))[0]!.id;
      const indicators = [{ code: indicator.code, name: indicator.name, unit: indicator.unit, direction: indicator.direction, yearlyTarget: 4, quarterlyTargets: indicator.targetQuarters }];
      await new NaskahWorkflows(new Client({ connection, namespace: t.namespace }), taskQueue).startAgreement({
        agreementId: String(id), agencyCode: 'DISKOMINFOSP', year, drafterPersonId: String(kabidId), partyPositionIds: [String(pos('kadis.kominfo')), String(pos('bupati'))],
        document: { documentId: '0', agencyCode: 'DISKOMINFOSP', drafterPersonId: String(kabidId), urgency: 'biasa', parafPositionIds: [], signerGroups: [], version: 1 },
        indicators, carried: { agreementVersion: 1, indicators, reports: [], nextQuarter: 1, signedDocumentIds: [], lateQuarters: [] },
      });
    } finally {
      await connection.close();
    }
    const agreementStatus = async () => (await sql<{ status: string }>('select status from agreement where id = ?', [id]))[0]!.status;
    await until('the first reporting window open', async () => ((await agreementStatus()) === 'reporting' ? true : undefined));
    await killWorker();

    const body = { quarter: 1, realisations: [{ code: 'IKU-1', value: 2.2, evidence: 'Laporan evaluasi SPBE' }] };
    const started = Date.now();
    const first = await t.request('POST', `/agreements/${id}/realisation`, { token: kadis, body });
    expect({ status: first.status, body: await first.json() }).toEqual({ status: 202, body: { state: 'diproses', id, requestId: expect.any(String) } });
    expect(Date.now() - started).toBeLessThan(waitMs + 3000);
    // The impatient second click: recorded too, refused when applied (the quarter is reported by then).
    expect((await t.request('POST', `/agreements/${id}/realisation`, { token: kadis, body })).status).toBe(202);
    // A revision while no worker runs: its naskah (both parties sign) stays a konsep until its routing's first activity.
    const doc = (await (await t.request('POST', '/documents', { token: drafter, body: {
      type: 'perjanjian_kinerja', hal: `Perubahan Perjanjian Kinerja ${year}`, archiveCode: '000.1.2.3', kepada: [{ positionId: pos('bupati'), name: 'Bupati' }],
      reviewerPositionIds: [pos('sekdis.kominfo')], signerGroups: [[pos('kadis.kominfo'), pos('bupati')]],
    } })).json()) as { id: number };
    expect((await t.request('POST', `/documents/${doc.id}/versions`, { token: drafter, raw: await samplePdf(), headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
    const revised = await t.request('POST', `/agreements/${id}/revise`, { token: drafter, body: { documentId: doc.id, indicators: [{ ...indicator, targetYear: 4.5 }] } });
    expect({ status: revised.status, state: ((await revised.json()) as { state?: string }).state }).toEqual({ status: 202, state: 'diproses' });
    const docStatus = async () => (await sql<{ status: string }>('select status from document where id = ?', [doc.id]))[0]!.status;
    expect(await docStatus()).toBe('draft');

    startWorker();
    const kadisId = (await sql<{ id: number }>('select id from person where position_id = ?', [pos('kadis.kominfo')]))[0]!.id;
    await until('the realisation stored', async () => (await count(`select count(*) as n from progress_report r join indicator i on i.id = r.indicator_id where i.agreement_id = ?`, [id]) > 0 ? true : undefined))
      .catch(async (error: unknown) => {
        const told = await sql<{ title: string }>(`select title from notification where subject_type = 'agreement' and subject_id = ?`, [id]);
        throw new Error(`${String(error)}; the agreement's notifications: ${JSON.stringify(told.map((n) => n.title))}`);
      });
    await until('the refusal told', async () => (await count(`select count(*) as n from notification where recipient_id = ? and subject_type = 'agreement' and subject_id = ? and title like 'Laporan realisasi tidak dapat diproses%'`, [kadisId, id]) === 1 ? true : undefined));
    expect(await count(`select count(*) as n from progress_report r join indicator i on i.id = r.indicator_id where i.agreement_id = ? and r.quarter = 1`, [id])).toBe(1);
    // The revision's naskah went into review through its routing (the workflow's first activity), once.
    await until('the revision in review', async () => ((await docStatus()) === 'in_review' ? true : undefined));
    expect(await count(`select count(*) as n from audit_event where action = 'document.submit' and subject_type = 'document' and subject_id = ?`, [String(doc.id)])).toBe(1);
  }, 480_000);
});

// Archival time-stamps over the retention period (issue 21 items 3 and 4), on
// the time-skipping test server with the real renewal workflow and activities
// over PostgreSQL and an object-locked MinIO bucket:
// - the archive step upgrades a signed (B-T) version to B-LTA; with the TSA down
//   it archives the B-T version, and the next renewal walk upgrades it;
// - with TSA certificates that live 2 and 3.5 days and a renewal window of one
//   day, walks at day 0 (nothing due), 1.5 and 3 renew the document twice, each
//   time as a new locked object, the earlier ones kept, each audited;
// - at validation times after the first and after the second TSA certificate
//   expired, Naskah's verifier and pyHanko's AdES validation accept the file;
// - the integrity scan finds nothing wrong after the renewals.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { archiveLatestVersion, archiveRenewalScheduleId, createArchiveRenewalActivities, ensureArchiveRenewalSchedule, scanArchiveBatch, type ArchiveContext, type ArchiveLtv } from '@naskah/archive';
import { archiveTestBed, type ArchiveTestBed } from '@naskah/archive/testing';
import { archivalState, openPkcs12, signPdf, verifyPdf, type TimestampClient } from '@naskah/signing';
import { inProcessTimestampClient, type Pki } from '@naskah/pki';
import { buildFixture, makeShortLivedTsa, makeTestPki, PASSPHRASE, PYHANKO, revocationAcross, type TestPki } from '@naskah/signing/testing';
import { Client, Connection } from '@temporalio/client';
import { testConfig, uniqueTaskQueue } from '@naskah/infra/testing';
import { createTimeSkippingEnv } from './time-skipping.js';

const DAY = 86_400_000;
const workflowsPath = fileURLToPath(new URL('../src/workflows/index.ts', import.meta.url));
const taskQueue = uniqueTaskQueue('arsip-ltv');

let base: string;
let bed: ArchiveTestBed;
let signer: TestPki;
let tsa: Pki[];
let roots: Buffer[];
let rootFiles: string[];
/** The TSA the configuration names now: the test moves it on as an operator would before a certificate runs out. */
let current: TimestampClient | undefined;
let ctx: ArchiveContext & { ltv: ArchiveLtv };
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

const down: TimestampClient = { timestamp: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'TSA_UNAVAILABLE' })) };

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'naskah-arsip-ltv-'));
  bed = await archiveTestBed();
  signer = await makeTestPki(join(base, 'signer'));
  const now = Date.now();
  tsa = [
    await makeShortLivedTsa(join(base, 'tsa-1'), 'TSA Satu', new Date(now + 2 * DAY)),
    await makeShortLivedTsa(join(base, 'tsa-2'), 'TSA Dua', new Date(now + 3.5 * DAY)),
    await makeShortLivedTsa(join(base, 'tsa-3'), 'TSA Tiga', new Date(now + 3650 * DAY)),
  ];
  rootFiles = [signer.rootPem, ...tsa.map((p) => join(p.dir, 'root-ca.pem'))];
  roots = rootFiles.map((f) => readFileSync(f));
  const revocation = revocationAcross([signer.pki, ...tsa]);
  ctx = { ...bed.ctx, ltv: { services: () => ({ revocation, timestamp: current ?? down, trust: roots }), windowDays: 1 } };
  env = await createTimeSkippingEnv();
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities: createArchiveRenewalActivities(ctx) });
  running = worker.run();
}, 240_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await bed?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

async function signedBt(): Promise<Buffer> {
  const memo = readFileSync(await buildFixture('classic', { dir: base, otherToolP12: signer.p12.dewi, passphraseFile: signer.passphraseFile }));
  return signPdf(memo, { holder: openPkcs12(readFileSync(signer.p12.andi), PASSPHRASE), level: 'B-T', timestamp: inProcessTimestampClient(signer.pki) });
}

async function archivedPdf(archiveId: number): Promise<{ key: string; pdf: Buffer }> {
  const [row] = await bed.orm.em.fork().execute<{ object_key: string; version_id: string | null }[]>('select object_key, version_id from archive_record where id = ?', [archiveId]);
  const body = await bed.storage.client.getObject(bed.storage.buckets.arsip, row!.object_key, row!.version_id ? { versionId: row!.version_id } : {});
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return { key: row!.object_key, pdf: Buffer.concat(chunks) };
}

// A plain client: waiting for a walk must not let the server skip time (the time-skipping client's result() would,
// to the next timer it holds); only env.sleep moves the clock, by exactly the days asked.
const renewalWalk = () => new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }).workflow.execute('archiveRenewalWorkflow', { taskQueue, workflowId: `renewal-${Date.now()}`, args: [{ batchSize: 10 }] }) as Promise<{ now: string; checked: number; renewed: number; failed: number }>;

function adesVerify(file: string, at: Date): { ok: boolean; out: string } {
  try {
    const out = execFileSync(PYHANKO, ['sign', 'adesverify', '--pretty-print', ...rootFiles.flatMap((r) => ['--trust', r]), '--trust-replace', '--validation-time', at.toISOString(), file], { stdio: 'pipe' }).toString();
    return { ok: true, out };
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    return { ok: false, out: `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}` };
  }
}

test('archived as B-LTA (or B-T while the TSA is down, upgraded by the next walk), renewed twice as new locked versions, valid after the TSA certificates expired, integrity scan clean', async () => {
  const bt = await signedBt();
  const [a, b] = [await bed.makeDocument({ pdf: bt }), await bed.makeDocument({ pdf: bt })];

  // The archive step: the TSA answers for a, is down for b.
  current = inProcessTimestampClient(tsa[0]!);
  const archivedA = await archiveLatestVersion(ctx, a.documentId);
  current = undefined;
  const archivedB = await archiveLatestVersion(ctx, b.documentId);
  current = inProcessTimestampClient(tsa[0]!);
  expect(archivalState((await archivedPdf(archivedA.archiveId)).pdf).documentTimestamp?.tsaNotAfter).toEqual(tsa[0]!.tsa.certificate.notAfter);
  expect(archivedB.sha256).toBe(b.sha256);
  const em = bed.orm.em.fork();
  const archivedEvents = await em.execute<{ subject_id: string; data: { ltv: unknown } }[]>(
    `select subject_id, data from audit_event where action = 'archive.archived' and subject_id in (?, ?) order by seq`, [String(a.documentId), String(b.documentId)]);
  expect(archivedEvents.map((e) => e.data.ltv)).toEqual([{ level: 'B-LTA' }, { upgradeFailed: expect.stringContaining('TSA_UNAVAILABLE') }]);

  const renewals = async () => em.execute<{ subject_id: string; data: { reason: string; previous: { objectKey: string }; objectKey: string } }[]>(
    `select subject_id, data from audit_event where action = 'archive.timestamp_renewed' order by seq`);

  // Day 0: a's time-stamp has two days left (window one day): nothing; b gets its upgrade.
  const day0 = await renewalWalk();
  expect(day0).toMatchObject({ renewed: 1, failed: 0 });
  expect((await renewals()).map((r) => [Number(r.subject_id), r.data.reason])).toEqual([[b.documentId, 'upgrade']]);

  // Day 1.5: TSA Satu's certificate expires within the window; the operator has configured TSA Dua.
  await env.sleep(1.5 * DAY);
  current = inProcessTimestampClient(tsa[1]!);
  expect(await renewalWalk()).toMatchObject({ renewed: 2, failed: 0 });
  // Day 3: TSA Dua's certificate (3.5 days) is due in its turn; TSA Tiga (10 years) takes over.
  await env.sleep(1.5 * DAY);
  current = inProcessTimestampClient(tsa[2]!);
  expect(await renewalWalk()).toMatchObject({ renewed: 2, failed: 0 });
  // Day 4.5: nothing due.
  await env.sleep(1.5 * DAY);
  const last = await renewalWalk();
  expect(last).toMatchObject({ renewed: 0, failed: 0 });
  // The walks judged by the (skipped) workflow clock: 4.5 days after the first, give or take the minutes the test took.
  expect(Math.abs(Date.parse(last.now) - Date.parse(day0.now) - 4.5 * DAY)).toBeLessThan(5 * 60_000);

  const ofA = (await renewals()).filter((r) => Number(r.subject_id) === a.documentId);
  expect(ofA.map((r) => r.data.reason)).toEqual(['tsa_expiring', 'tsa_expiring']);
  // Each renewal is a new object; the one before it is still there, locked.
  expect(ofA[0]!.data.previous.objectKey).toBe(archivedA.objectKey);
  expect(ofA[1]!.data.previous.objectKey).toBe(ofA[0]!.data.objectKey);
  const { key, pdf } = await archivedPdf(archivedA.archiveId);
  expect(key).toBe(ofA[1]!.data.objectKey);
  for (const earlier of [archivedA.objectKey, ofA[0]!.data.objectKey]) {
    const retention = await bed.storage.client.getObjectRetention(bed.storage.buckets.arsip, earlier);
    expect(retention).toMatchObject({ mode: 'COMPLIANCE' });
  }
  expect(archivalState(pdf).documentTimestamp?.tsaNotAfter).toEqual(tsa[2]!.tsa.certificate.notAfter);

  // Valid after TSA Satu's certificate expired (day 2.5) and after TSA Dua's too (day 5).
  const file = join(base, 'renewed.pdf');
  writeFileSync(file, pdf);
  for (const days of [2.5, 5]) {
    const at = new Date(Date.now() + days * DAY);
    const report = await verifyPdf(pdf, { trustAnchors: roots, now: at });
    expect({ days, verdict: report.verdict, signatures: report.signatures.map((s) => [s.kind, s.verdict]) }).toEqual({
      days, verdict: 'VALID', signatures: [['approval', 'VALID'], ['document-timestamp', 'VALID'], ['document-timestamp', 'VALID'], ['document-timestamp', 'VALID']],
    });
    const ades = adesVerify(file, at);
    expect(ades.out).not.toMatch(/judged INVALID|Validation failed/);
    expect(ades.out).toContain('The signature is judged VALID.');
    expect(ades.ok).toBe(true);
  }

  const scan = await scanArchiveBatch(bed.ctx, { cursor: 0 });
  expect(scan.checked).toBeGreaterThanOrEqual(2);
  expect(scan.problems).toEqual([]);
}, 240_000);

test('the renewal schedule is created once on the dev server; a second call finds it', async () => {
  const config = testConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    await ensureArchiveRenewalSchedule(client, { taskQueue });
    await ensureArchiveRenewalSchedule(client, { taskQueue });
    const handle = client.schedule.getHandle(archiveRenewalScheduleId);
    const described = await handle.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'archiveRenewalWorkflow', taskQueue });
    await handle.delete();
  } finally {
    await connection.close();
  }
});

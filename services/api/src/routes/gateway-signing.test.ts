// The sign step through a certificate provider's gateway (certificate.provider
// = 'gateway'), end to end on the test stack with the stand-in gateway in
// process: the gateway's refusal is a 4xx with nothing stored and the step
// still waiting; a gateway that drops the connection is a 503, same; then it signs.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openOrm, type DomainOrm } from '@naskah/domain';
import { createStandInGateway, openGatewayRegistry, type StandInGateway } from '@naskah/infra/gateway';
import { testConfig, uniqueTaskQueue } from '@naskah/infra/testing';
import { verifyPdf } from '@naskah/signing';
import { buildActivities } from '@naskah/workflows/activities';
import { createNaskahWorker, type NaskahWorker } from '@naskah/workflows/worker';
import { startTestApi, type TestApi } from '../test-api.js';

const taskQueue = uniqueTaskQueue('gateway-sign');
const dir = mkdtempSync(path.join(tmpdir(), 'naskah-api-gateway-'));
const passphrase = 'passphrase-di-gateway-bsre';
let t: TestApi;
let worker: NaskahWorker;
let running: Promise<void>;
let orm: DomainOrm;
let gateway: StandInGateway;
let server: Server;
let rootPem: string;

const pos = (key: string) => t.seed.positionIds[key]!;

async function routing(id: number): Promise<{ status: string; waiting: unknown[] }> {
  for (let i = 0; i < 100; i++) {
    const res = await t.request('GET', `/documents/${id}/routing`, { token: await t.login('staf.kominfo') });
    if (res.status === 200) {
      const state = (await res.json()) as { status: string; waiting: unknown[] };
      if (state.waiting.length > 0 || ['done', 'withdrawn', 'cancelled'].includes(state.status)) return state;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('routing never settled');
}

async function toSigning(): Promise<number> {
  const token = await t.login('staf.kominfo');
  const res = await t.request('POST', '/documents', { token, body: {
    type: 'nota_dinas', hal: 'Nota dinas lewat gateway', archiveCode: '000.1.2.3', sifat: 'segera',
    kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }], tembusan: [],
    reviewerPositionIds: [pos('kabid.aptika')], signerPositionId: pos('kadis.kominfo'),
  } });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: number };
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(`Nota Dinas ${Date.now()}`, { x: 72, y: 770, size: 12, font });
  const pdf = Buffer.from(await doc.save());
  expect((await t.request('POST', `/documents/${id}/versions`, { token, raw: pdf, headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
  expect((await t.request('POST', `/documents/${id}/submit`, { token })).status).toBe(200);
  await routing(id);
  expect((await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('kabid.aptika'), body: {} })).status).toBe(200);
  expect((await routing(id)).status).toBe('signing');
  return id;
}

beforeAll(async () => {
  const registry = await openGatewayRegistry(path.join(dir, 'gateway'));
  rootPem = registry.rootPemPath;
  gateway = createStandInGateway({ registry, username: 'api-test', password: 'api-test-password' });
  server = gateway.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const credentials = path.join(dir, 'credentials.json');
  writeFileSync(credentials, JSON.stringify({ username: 'api-test', password: 'api-test-password' }));
  const gateways = path.join(dir, 'gateways.json');
  writeFileSync(gateways, JSON.stringify({ '*': { name: 'BSrE (stand-in)', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentialsFile: credentials, rootCaFile: rootPem, timeoutMs: 20_000, retries: 0 } }));
  process.env['SIGNING_GATEWAYS_FILE'] = gateways;

  // startTestApi gives the run a Temporal namespace of its own: doc-<id> of other runs' databases is not reachable.
  t = await startTestApi({ TEMPORAL_TASK_QUEUE: taskQueue });
  const config = testConfig({ DATABASE_URL: t.db.url, TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_NAMESPACE: t.namespace });
  worker = await createNaskahWorker({ config, activities: await buildActivities(config) });
  running = worker.run();
  orm = await openOrm({ databaseUrl: t.db.url });

  // kadis.kominfo's certificate is held by the provider: registered there under their NIK; no keystore file here.
  const [person] = await orm.em.fork().execute<{ id: number; nik: string; name: string }[]>('select id, nik, name from person where position_id = ?', [pos('kadis.kominfo')]);
  const issued = await registry.register({ name: person!.name, nik: person!.nik, passphrase });
  await orm.em.fork().execute(`delete from certificate where person_id = ?`, [person!.id]);
  await orm.em.fork().execute(
    `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref)
     values (?, ?, ?, 'BSrE Stand-in Issuing CA', 'active', now() - interval '1 day', now() + interval '1 year', 'gateway', null)`,
    [person!.id, issued.serialHex, person!.name]);
});

afterAll(async () => {
  await worker?.shutdown();
  await running;
  await orm?.close(true);
  await t?.stop();
  await new Promise((r) => server.close(r));
});

test('sign through the gateway: refusal 422 and dropped connection 503 store nothing and keep the step waiting; then signed by the provider', async () => {
  const id = await toSigning();
  const versions = async () => orm.em.fork().execute<{ no: number; object_key: string }[]>('select no, object_key from document_version where document_id = ? order by no', [id]);
  const before = (await versions()).length;
  const kadis = await t.login('kadis.kominfo');
  const sign = (body: object) => t.request('POST', `/documents/${id}/sign`, { token: kadis, body });

  const wrong = await sign({ passphrase: 'bukan-passphrase-ini' });
  expect(wrong.status).toBe(422);
  expect(await wrong.json()).toMatchObject({ code: 'PASSPHRASE_INVALID', field: 'passphrase', detail: expect.stringMatching(/Passphrase salah/) });
  expect((await versions()).length).toBe(before);
  expect((await routing(id)).status).toBe('signing');

  gateway.fault = { kind: 'close-socket' };
  const dropped = await sign({ passphrase });
  gateway.fault = undefined;
  expect(dropped.status).toBe(503);
  expect(await dropped.json()).toMatchObject({ code: 'GATEWAY_UNAVAILABLE' });
  expect((await versions()).length).toBe(before);
  expect((await routing(id)).status).toBe('signing');

  const signed = await sign({ passphrase });
  expect(signed.status).toBe(200);
  const after = await versions();
  expect(after.length).toBe(before + 1);
  const pdf = await t.request('GET', `/documents/${id}/versions/${after.at(-1)!.no}/pdf`, { token: kadis });
  expect(pdf.status).toBe(200);
  const signedBytes = Buffer.from(await pdf.arrayBuffer());
  // The signed version is content-addressed like every other one.
  expect(after.at(-1)!.object_key).toBe(`sha256/${createHash('sha256').update(signedBytes).digest('hex')}.pdf`);
  const report = await verifyPdf(signedBytes, { trustAnchors: [readFileSync(rootPem)], checkRevocation: false });
  expect(report.verdict).toBe('VALID');
  expect(report.signatures[0]!.signer?.issuer).toMatch(/BSrE Stand-in/);
  expect(t.logs.join('\n')).not.toContain(passphrase);
});


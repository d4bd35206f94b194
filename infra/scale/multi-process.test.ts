// Two API processes and two workers against one stack, the way N replicas run
// behind a load balancer: memos routed (submit → paraf → nomor → TTE →
// distribution → archive) and surat masuk disposed, requests spread over both
// APIs, then one API and one worker SIGKILLed mid-run. Nothing may be lost or
// happen twice, and numbers allocated at once by both APIs (nomor agenda) and
// both workers (nomor surat, agenda on distribution) stay gap-free.
// MinIO is the scale profile's: erasure-coded over four drives; at the end one
// drive is taken away and every archived document still reads and verifies.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import pg from 'pg';
import { createRunNamespace, createTestDatabase, testConfig, uniqueName, type TestDatabase } from '../testing/index.js';
import { minioDrives, stackEnv, stackProfile, startDeployment, startPart, stopApps, type AppProcess } from '../stack/index.js';

const memos = 6;
const letters = 6;
const bappedaLetters = 6;
const passphrase = 'naskah-demo-ttd';
const scale = stackProfile('scale');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: TestDatabase;
let pool: pg.Pool;
let dataDir: string;
let apps: AppProcess[];
const api = (index: number) => apps.find((a) => a.kind === 'api' && a.index === index)!;
const worker = (index: number) => apps.find((a) => a.kind === 'worker' && a.index === index)!;
/** APIs a client may still reach; a killed one leaves the rotation once a request to it fails. */
const live = new Set<number>([1, 2]);
const served: Record<number, number> = { 1: 0, 2: 0 };
let turn = 0;

interface Call { token?: string; body?: unknown; raw?: Buffer }

/**
 * One request through a round-robin "load balancer" over the live APIs. A refused or dropped
 * connection takes that API out of the rotation and returns undefined: the caller cannot know
 * whether the request took effect, exactly as a user whose page broke off.
 */
async function send(method: string, p: string, call: Call = {}): Promise<Response | undefined> {
  const targets = [...live];
  const index = targets[turn++ % targets.length]!;
  try {
    const res = await fetch(`http://127.0.0.1:${api(index).port}/api${p}`, {
      method,
      headers: {
        ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
        ...(call.raw ? { 'content-type': 'application/pdf' } : call.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: call.raw ?? (call.body !== undefined ? JSON.stringify(call.body) : undefined),
      signal: AbortSignal.timeout(30_000),
    });
    served[index]! += 1;
    return res;
  } catch {
    if (live.size > 1) live.delete(index);
    return undefined;
  }
}

/** Reads are idempotent: retried until an API answers. */
async function read<T>(p: string, token: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await send('GET', p, { token });
    if (res?.status === 200) return (await res.json()) as T;
    if (attempt > 100) throw new Error(`GET ${p} → ${res?.status ?? 'no answer'}`);
    await sleep(100);
  }
}

/** Every click and its answer, for a failure's message. */
const clicks: string[] = [];

/**
 * How long a user whose request broke off watches for its effect before doing it again: an action
 * the workflow accepted shows in PostgreSQL once its activity ran, and when the worker running it
 * died, that is after the activity's start-to-close timeout (30 s) and the first retry (1 s).
 * Clicking again sooner makes a second disposition (see docs/scaling.md).
 */
const lostAnswerSettleMs = 45_000;

/**
 * An action as a user takes it: on 200/201 done; on 202 "diproses" they wait for its effect; on "retry later" (409 retry, 503) or a step not
 * yet theirs (OUT_OF_TURN) they look whether it took effect (`done`) and click again; on a lost
 * answer they watch for the effect up to lostAnswerSettleMs before clicking again, so a request
 * the killed API carried out is never repeated, and one it dropped is.
 */
async function act(p: string, call: Call, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    const res = await send('POST', p, call);
    clicks.push(`${new Date().toISOString()} POST ${p} → ${res?.status ?? 'no answer'}`);
    if (res && (res.status === 200 || res.status === 201)) return;
    // "Diproses": the click is in its workflow's history (no worker took it in time); the user waits
    // for its effect and never clicks again (issue 16, durable clicks).
    if (res?.status === 202) return until(`POST ${p} (diproses) taking effect`, done, Math.max(1, deadline - Date.now()));
    if (!res) {
      const settled = Date.now() + lostAnswerSettleMs;
      while (Date.now() < settled) {
        if (await done()) return;
        await sleep(500);
      }
      continue;
    }
    const text = await res.text();
    if (await done()) return;
    if (!(res.status === 503 || (res.status === 409 && /retry|OUT_OF_TURN/i.test(text)))) throw new Error(`POST ${p} → ${res.status} ${text}`);
    await sleep(150);
  }
  const letter = /^\/incoming-letters\/(\d+)\/done$/.exec(p)?.[1];
  if (letter) console.log(await dispositionHistory(letter));
  throw new Error(`POST ${p} never went through in 150 s`);
}

/** For a failure's message: a workflow's history (event, worker, failure) and the given rows. */
async function workflowHistory(workflowId: string, rows: unknown[]): Promise<string> {
  const connection = await Connection.connect({ address: testConfig().temporal.address });
  try {
    const history = await new Client({ connection, namespace }).workflow.getHandle(workflowId).fetchHistory();
    const lines = (history.events ?? []).map((e) => {
      const attrs = Object.entries(e).find(([k, v]) => k.endsWith('Attributes') && v) as
        [string, { identity?: string; failure?: { message?: string; cause?: { message?: string } }; activityType?: { name?: string } }] | undefined;
      const a = attrs?.[1];
      return `${String(e.eventId)} ${attrs?.[0] ?? ''} ${a?.activityType?.name ?? ''} ${a?.identity ?? ''} ${a?.failure?.message ?? ''} ${a?.failure?.cause?.message ?? ''}`;
    });
    // Where its next workflow task waits (a sticky queue of a dead worker, or the task queue) and who polls there.
    const described = await connection.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId } });
    const pollers = await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 });
    const pending = JSON.stringify({ task: described.pendingWorkflowTask, activities: described.pendingActivities, pollers: (pollers.pollers ?? []).map((p) => p.identity) });
    return `${workflowId}: workers ${apps.filter((a) => a.kind === 'worker').map((a) => a.pid).join(', ')}\n${lines.join('\n')}\npending ${pending}\nrows ${JSON.stringify(rows)}`;
  } finally {
    await connection.close();
  }
}

const dispositionHistory = async (letterId: string): Promise<string> =>
  workflowHistory(`disposition-${letterId}`, await sql('select id, state, read_at, follow_up from disposition where incoming_letter_id = $1', [Number(letterId)]));

/** The last lines each app process logged (the killed ones included). */
const appLogs = (): string => apps.map((a) => `--- ${a.kind}-${a.index} (pid ${a.pid})\n${fs.readFileSync(a.logFile, 'utf8').split('\n').slice(-40).join('\n')}`).join('\n');

const tokens: Record<string, string> = {};
async function login(username: string): Promise<string> {
  for (let attempt = 0; !tokens[username]; attempt++) {
    const res = await send('POST', '/auth/login', { body: { username, password: 'naskah-demo' } });
    if (res?.status === 200) tokens[username] = ((await res.json()) as { token: string }).token;
    else if (attempt > 20) throw new Error(`login ${username}: ${res?.status}`);
  }
  return tokens[username]!;
}

const sql = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> => (await pool.query<T>(text, params)).rows;
const count = async (text: string, params: unknown[] = []): Promise<number> => Number((await sql<{ n: string }>(text, params))[0]!.n);
let positions: Record<string, number>;

async function samplePdf(i: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText(`Nota dinas uji skala ${i}`, { x: 72, y: 770, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save());
}

/** Waits until `check` holds (a user refreshing their page). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

const inQueue = async (id: number, username: string, queue: 'to-paraf' | 'to-sign'): Promise<boolean> =>
  (await read<{ items: { documentId: number | null }[] }>(`/inbox?queue=${queue}&range=${encodeURIComponent('[0,99]')}`, await login(username)))
    .items.some((i) => i.documentId === id);
const documentStatus = async (id: number): Promise<string> => (await sql<{ status: string }>('select status from document where id = $1', [id]))[0]!.status;

/** A nota dinas from staf.kominfo: paraf by the Kabid, TTE by the Kadis, to the Kepala Bappeda with a tembusan to the Inspektur. */
async function routeMemo(id: number, progress: () => void): Promise<void> {
  try {
    await routeMemoSteps(id, progress);
  } catch (error) {
    await memoDiagnosis(id).then(console.log, (diagnosisError: unknown) => console.log(`memo ${id}: no diagnosis (${String(diagnosisError)})`));
    throw error;
  }
}

/** For a failure's message: the memo's workflow history, where its next task waits, its rows, its clicks and the apps' logs. */
async function memoDiagnosis(id: number): Promise<string> {
  const rows = [
    ...await sql('select id, status from document where id = $1', [id]),
    ...await sql('select kind, state, position_id, acted_by_id from routing_step where document_id = $1 order by id', [id]),
    ...await sql('select no, reason, created_at from document_version where document_id = $1 order by no', [id]),
    ...await sql(`select action, at from audit_event where subject_type = 'document' and subject_id = $1 order by id`, [String(id)]),
  ];
  return [await workflowHistory(`doc-${id}`, rows), clicks.filter((c) => c.includes(`/documents/${id}/`) || c.includes('KILL')).join('\n'), appLogs()].join('\n');
}

async function routeMemoSteps(id: number, progress: () => void): Promise<void> {
  await act(`/documents/${id}/submit`, { token: await login('staf.kominfo') }, async () => (await documentStatus(id)) !== 'draft');
  await until(`memo ${id} in the Kabid's queue`, () => inQueue(id, 'kabid.aptika', 'to-paraf'));
  progress();
  await act(`/documents/${id}/paraf`, { token: await login('kabid.aptika'), body: {} }, async () => !(await inQueue(id, 'kabid.aptika', 'to-paraf')));
  await until(`memo ${id} in the Kadis's queue`, () => inQueue(id, 'kadis.kominfo', 'to-sign'));
  // Done when the signature left the Kadis's Perlu Tanda Tangan (the workflow recorded it), not merely when a signed
  // version is stored: an API killed between the two leaves it there, and the Kadis clicks again, which reports it.
  await act(`/documents/${id}/sign`, { token: await login('kadis.kominfo'), body: { passphrase } }, async () => !(await inQueue(id, 'kadis.kominfo', 'to-sign')));
  await until(`memo ${id} archived`, async () => (await documentStatus(id)) === 'archived', 120_000);
}

/** The Kadis disposes the letter to the Kabid, who reads it and reports; the Kadis closes the letter. */
async function disposeLetter(letterId: number, progress: () => void): Promise<void> {
  const disposition = async () => (await sql<{ id: number; read: boolean; state: string }>(
    'select id, read_at is not null as read, state from disposition where incoming_letter_id = $1', [letterId]))[0];
  await act('/dispositions', {
    token: await login('kadis.kominfo'),
    body: { incomingLetterId: letterId, toPositionIds: [positions['kabid.aptika']], instruction: 'Mohon ditindaklanjuti', deadline: new Date(Date.now() + 3 * 86_400_000).toISOString() },
  }, async () => (await disposition()) !== undefined);
  progress();
  const { id } = (await disposition())!;
  await act(`/dispositions/${id}/read`, { token: await login('kabid.aptika') }, async () => (await disposition())!.read);
  await act(`/dispositions/${id}/follow-up`, { token: await login('kabid.aptika'), body: { report: 'sudah ditindaklanjuti' } }, async () => (await disposition())!.state === 'done');
  const closed = async () => (await count(`select count(*) as n from audit_event where subject_type = 'incoming_letter' and subject_id = $1 and action = 'incoming_letter.done'`, [String(letterId)])) > 0;
  await act(`/incoming-letters/${letterId}/done`, { token: await login('kadis.kominfo') }, closed);
  await until(`letter ${letterId} done`, closed);
}

/** Workflow tasks completed and activities started by the worker with this pid (its identity is pid@host) in this run. */
async function workDoneBy(pid: number): Promise<number> {
  const connection = await Connection.connect({ address: testConfig().temporal.address });
  try {
    const client = new Client({ connection, namespace });
    let n = 0;
    for await (const execution of client.workflow.list()) {
      const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      for (const event of history.events ?? []) {
        const identity = event.workflowTaskCompletedEventAttributes?.identity ?? event.activityTaskStartedEventAttributes?.identity;
        if (identity?.startsWith(`${pid}@`)) n += 1;
      }
    }
    return n;
  } finally {
    await connection.close();
  }
}

let namespace: string;
let taskQueue: string;
const memoIds: number[] = [];
const letterIds: number[] = [];
let killedAt = '';

beforeAll(async () => {
  // The scale profile's MinIO (four drives); PostgreSQL and Temporal are the test stack's.
  await startPart(scale, 'minio');
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  dataDir = fs.mkdtempSync(path.join(tmpdir(), 'naskah-scale-'));
  const config = testConfig();
  const minio = stackEnv(scale);
  const run = uniqueName('s').replaceAll('_', '-');
  apps = await startDeployment({
    dir: path.join(dataDir, 'apps'), dataDir, apis: 2, workers: 2,
    // Ten above the profile's own API ports: `stack:start --profile scale` may run beside this test.
    apiPort: scale.apiPort + 10,
    env: {
      ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn',
      DATABASE_URL: db.url, TEMPORAL_ADDRESS: config.temporal.address,
      // A namespace of this run: its fresh database numbers documents from 1, so `doc-<id>` of other runs must not be reachable.
      TEMPORAL_NAMESPACE: (namespace = await createRunNamespace(config.temporal.address, 'scale')),
      TEMPORAL_TASK_QUEUE: (taskQueue = run),
      MINIO_ENDPOINT: minio['MINIO_ENDPOINT'], MINIO_PORT: minio['MINIO_PORT'], MINIO_ACCESS_KEY: minio['MINIO_ACCESS_KEY'], MINIO_SECRET_KEY: minio['MINIO_SECRET_KEY'],
      // Buckets of this run: archived objects stay locked for years, and another run's database numbers from 1 too.
      MINIO_BUCKET_DOCUMENTS: `${run}-v`, MINIO_BUCKET_ARCHIVE: `${run}-a`,
    },
  });
  // Both workers polling (they bundle their workflows after the APIs are up): the kill must find work on worker-1.
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    await until('both workers polling', async () => {
      const { pollers } = await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 });
      return [1, 2].every((i) => (pollers ?? []).some((p) => p.identity?.startsWith(`${worker(i).pid}@`)));
    }, 150_000);
  } finally {
    await connection.close();
  }
  positions = Object.fromEntries((await sql<{ key: string; id: number }>(
    `select u.username as key, p.position_id as id from app_user u join person p on p.id = u.person_id where p.position_id is not null`)).map((r) => [r.key, r.id]));
}, 300_000);

afterAll(async () => {
  if (dataDir) {
    await stopApps(path.join(dataDir, 'apps'));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  await pool?.end();
  await db?.drop();
}, 60_000);

describe('two API processes and two workers on one stack', () => {
  test('routing and disposition with one API and one worker SIGKILLed mid-run: nothing lost, nothing twice, numbers gap-free', async () => {
    // Drafts and surat masuk from both APIs at once: the nomor agenda is allocated by whichever API takes the request.
    const tu = await login('tu.kominfo');
    const drafter = await login('staf.kominfo');
    await Promise.all([
      ...Array.from({ length: memos }, async (_, i) => {
        const res = (await send('POST', '/documents', { token: drafter, body: {
          type: 'nota_dinas', hal: `Uji skala ${i}`, archiveCode: '000.1.2.3', sifat: 'segera',
          kepada: [{ positionId: positions['kadis.bappeda'], name: 'Kepala Bappeda' }], tembusan: [{ positionId: positions['inspektur'], name: 'Inspektur' }],
          reviewerPositionIds: [positions['kabid.aptika']], signerPositionId: positions['kadis.kominfo'],
        } }))!;
        expect(res.status).toBe(201);
        const { id } = (await res.json()) as { id: number };
        memoIds.push(id);
        expect((await send('POST', `/documents/${id}/versions`, { token: drafter, raw: await samplePdf(i) }))!.status).toBe(201);
      }),
      ...Array.from({ length: letters }, async (_, i) => {
        const res = (await send('POST', '/incoming-letters', { token: tu, body: {
          senderName: 'Kementerian Dalam Negeri', senderNumber: `B-${i}/KEMENDAGRI/2026`, senderDate: '2026-11-20', hal: `Surat uji skala ${i}`,
          addressedToId: positions['kadis.kominfo'],
        } }))!;
        expect(res.status).toBe(201);
        letterIds.push(((await res.json()) as { id: number }).id);
      }),
    ]);
    expect(served[1]).toBeGreaterThan(0);
    expect(served[2]).toBeGreaterThan(0);

    // Once a third of the flows are under way, and worker-1 has done some of their work (on a loaded
    // machine the second worker may not have been handed a task yet), api-1 and worker-1 die without warning.
    // Counted on flows started, not finished: the flows run at once and finish within seconds of each other,
    // so after a third had finished nothing was left for the kill to hit (tried: api-1 never left the rotation).
    let started = 0;
    let killed: Promise<void> = Promise.resolve();
    const progress = () => {
      started += 1;
      if (started === Math.ceil((memos + letters) / 3)) {
        killed = (async () => {
          for (const end = Date.now() + 60_000; Date.now() < end && (await workDoneBy(worker(1).pid)) === 0;) await sleep(250);
          clicks.push(`${new Date().toISOString()} KILL api-1 and worker-1`);
          killedAt = `after ${started} flows started; api-1 had served ${served[1]} requests, api-2 ${served[2]}`;
          process.kill(api(1).pid, 'SIGKILL');
          process.kill(worker(1).pid, 'SIGKILL');
        })();
      }
    };
    // Meanwhile the Bappeda secretariat registers surat masuk through the APIs while the workers register the
    // memos arriving there on distribution: one agenda series, allocated by API and worker processes at once.
    const registerAtBappeda = async (i: number) => {
      const hal = `Surat masuk Bappeda ${i}`;
      await act('/incoming-letters', { token: await login('tu.bappeda'), body: {
        senderName: 'BPKP', senderNumber: `S-${i}/BPKP/2026`, senderDate: '2026-11-21', hal, addressedToId: positions['kadis.bappeda'],
      } }, async () => (await count('select count(*) as n from incoming_letter where hal = $1', [hal])) > 0);
    };
    await Promise.all([
      ...memoIds.map((id) => routeMemo(id, progress)), ...letterIds.map((id) => disposeLetter(id, progress)),
      ...Array.from({ length: bappedaLetters }, (_, i) => sleep(i * 1500).then(() => registerAtBappeda(i))),
    ]);
    await killed;
    expect(killedAt).not.toBe('');
    expect(live).toEqual(new Set([2]));

    // Every memo once: archived, one number, one signature, one archive record, one delivery and one notification per recipient.
    const ids = memoIds;
    expect(await count(`select count(*) as n from document where id = any($1) and status = 'archived'`, [ids])).toBe(memos);
    const numbers = await sql<{ document_id: number; value: number }>(`select document_id, value from number_allocation where document_id = any($1) and status = 'allocated' order by value`, [ids]);
    expect(numbers.map((n) => n.value)).toEqual(Array.from({ length: memos }, (_, i) => i + 1));
    expect(new Set(numbers.map((n) => n.document_id)).size).toBe(memos);
    expect(await count(`select count(*) as n from document_version where document_id = any($1) and reason = 'signed'`, [ids])).toBe(memos);
    expect(await count(`select count(*) as n from archive_record where document_id = any($1)`, [ids])).toBe(memos);
    expect(await count(`select count(distinct document_id) as n from archive_record where document_id = any($1)`, [ids])).toBe(memos);
    expect(await count(`select count(*) as n from document_recipient where document_id = any($1) and delivered_at is not null`, [ids])).toBe(memos * 2);
    expect(await count(`select count(*) as n from (select 1 from notification group by recipient_id, kind, subject_type, subject_id, title having count(*) > 1) d`)).toBe(0);
    expect(await count(`select count(*) as n from audit_event where action = 'document.numbered' and subject_id = any($1)`, [ids.map(String)])).toBe(memos);

    // Every letter once: one disposition, read, followed up, the letter done; each audit event once.
    expect(await sql(`select state, read_at is not null as read from disposition where incoming_letter_id = any($1)`, [letterIds]))
      .toEqual(Array.from({ length: letters }, () => ({ state: 'done', read: true })));
    const events = await sql<{ action: string; n: string }>(
      `select action, count(*) as n from audit_event where subject_type = 'disposition' group by action order by action`);
    expect(events).toEqual(['disposition.followed_up', 'disposition.read', 'disposition.sent'].map((action) => ({ action, n: String(letters) })));
    expect(await count(`select count(*) as n from audit_event where action = 'incoming_letter.done'`)).toBe(letters);

    // Nomor agenda, per agency and year, from 1 without a gap: Kominfo's letters registered through both APIs,
    // Bappeda's registered through the APIs and by both workers on distribution (the memos' kepada; a tembusan gets none).
    const agenda = await sql<{ agency_id: number; agenda_number: string }>('select agency_id, agenda_number from incoming_letter order by agency_id, agenda_number');
    const byAgency = new Map<number, number[]>();
    for (const row of agenda) byAgency.set(row.agency_id, [...(byAgency.get(row.agency_id) ?? []), Number.parseInt(row.agenda_number, 10)]);
    expect([...byAgency.values()].map((values) => values.length).sort((a, b) => a - b)).toEqual([letters, memos + bappedaLetters].sort((a, b) => a - b));
    for (const values of byAgency.values()) expect(values).toEqual(Array.from({ length: values.length }, (_, i) => i + 1));
    // Both workers took work before the kill: each one's identity (pid@host, the SDK's default) completed workflow
    // tasks or started activities of this run, and worker-2 finished what worker-1 had left.
    const byWorker = async (w: AppProcess) => workDoneBy(w.pid);
    const [byOne, byTwo] = [await byWorker(worker(1)), await byWorker(worker(2))];
    expect(byOne).toBeGreaterThan(0);
    expect(byTwo).toBeGreaterThan(0);
    console.log(`scale: workflow tasks and activities by worker-1 ${byOne}, by worker-2 ${byTwo}`);
    console.log(`scale: ${memos} memos and ${letters} letters; api-1 + worker-1 SIGKILLed ${killedAt}; requests served: api-1 ${served[1]}, api-2 ${served[2]}`);
  }, 240_000);

  test('MinIO erasure-coded over four drives: with one drive gone every archived document still reads, verifies and passes the integrity scan', async () => {
    expect(memoIds).toHaveLength(memos);
    const drives = minioDrives(scale);
    expect(drives).toHaveLength(4);
    const gone = drives[1]!;
    const away = `${gone}.away-${process.pid}`;
    fs.renameSync(gone, away);
    try {
      const admin = await login('admin');
      const records = await sql<{ id: number; sha256: string }>('select id, sha256 from archive_record where document_id = any($1) order by id', [memoIds]);
      expect(records).toHaveLength(memos);
      for (const record of records) {
        const pdf = (await send('GET', `/archive/${record.id}/pdf`, { token: admin }))!;
        expect(pdf.status).toBe(200);
        const bytes = Buffer.from(await pdf.arrayBuffer());
        expect({ header: pdf.headers.get('x-content-sha256'), body: createHash('sha256').update(bytes).digest('hex') }).toEqual({ header: record.sha256, body: record.sha256 });
        const verification = await read<{ sha256: string; status: string; signatures: { status: string }[] }>(`/archive/${record.id}/verification`, admin);
        expect(verification.sha256).toBe(record.sha256);
        expect(verification.signatures).toHaveLength(1);
        expect(verification.status).not.toBe('INVALID');
      }
      // The nightly integrity scan, run now (its schedule is the one the worker keeps): every record re-hashed, no problem.
      const connection = await Connection.connect({ address: testConfig().temporal.address });
      try {
        await new Client({ connection, namespace }).schedule.getHandle('naskah-archive-integrity-scan').trigger();
      } finally {
        await connection.close();
      }
      let scan: { checked: number; problems: number } | undefined;
      await until('integrity scan recorded', async () => {
        [scan] = (await sql<{ data: { checked: number; problems: number } }>(`select data from audit_event where action = 'archive.integrity_scan'`)).map((r) => r.data);
        return scan !== undefined;
      });
      expect(scan).toMatchObject({ checked: memos, problems: 0 });
      expect(await count(`select count(*) as n from audit_event where action = 'archive.integrity_alert'`)).toBe(0);
    } finally {
      // The drive comes back; MinIO heals it. MinIO may already have made an empty drive in its place (it formats a
      // missing drive as a fresh one), which the original replaces.
      // MinIO may still be writing into that fresh drive while it is removed (ENOTEMPTY): removal is retried.
      fs.rmSync(gone, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      fs.renameSync(away, gone);
    }
  }, 120_000);
});

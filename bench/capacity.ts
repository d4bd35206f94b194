// CPU time and disk I/O per document, per component: N memos through the full
// route (submit → paraf ×2 → nomor → TTE → distribution to 10 recipients →
// archive) on the test profile's stack (MinIO erasure-coded over four drives),
// with the API and the worker as processes of their own. Each component's
// utime+stime (/proc/<pid>/stat, plus the reaped children's cutime+cstime) and
// read_bytes/write_bytes (/proc/<pid>/io) are summed over its whole process
// tree (every PostgreSQL backend) before and after the run, and divided by the
// documents. An idle window of the same servers before the run gives their
// background rate, reported beside the gross figures. The inputs of
// docs/scaling.md's sizing table.
//
//   npm run bench:capacity -- [--docs 40] [--concurrency 4] [--idle 15]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import pg from 'pg';
import { demo, demoSigningPassphrase } from '@naskah/domain';
import { stackEnv, stackProfile, stackStatus, startDeployment, startStack, stopApps, type AppProcess } from '@naskah/infra/stack';
import { createRunNamespace, createTestDatabase } from '@naskah/infra/testing';
import { openPkcs12, signPdf } from '@naskah/signing';
import { inProcessRevocationSource, inProcessTimestampClient, openPki } from '@naskah/pki';

const root = fileURLToPath(new URL('../', import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const docs = arg('docs', 40);
const concurrency = arg('concurrency', 4);
const idleSeconds = arg('idle', 15);
const pollMs = 250;

const profile = stackProfile('test');
await startStack(profile);
Object.assign(process.env, stackEnv(profile), { NODE_ENV: 'test' });

// ---- /proc readings --------------------------------------------------------------------------
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

interface Reading { cpuMs: number; readBytes: number; writeBytes: number; processes: number }

/** pid → parent pid for every process on the machine. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      map.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* exited meanwhile */ }
  }
  return map;
}

function tree(rootPid: number, parentOf: Map<number, number>): number[] {
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of parentOf) if (ppid === pids[i]) pids.push(pid);
  return pids;
}

/**
 * One process tree's CPU and storage I/O so far. A reaped child's time and I/O are already in its
 * parent's cutime/cstime and /proc/<parent>/io (the kernel adds them on wait), so live processes
 * plus those counters cover backends that came and went during the run.
 */
function read(rootPid: number, parentOf: Map<number, number>, withChildren = true): Reading {
  const total: Reading = { cpuMs: 0, readBytes: 0, writeBytes: 0, processes: 0 };
  for (const pid of withChildren ? tree(rootPid, parentOf) : [rootPid]) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime are fields 14–17 of stat(5); f starts at field 3.
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      const io = Object.fromEntries(readFileSync(`/proc/${pid}/io`, 'utf8').trim().split('\n').map((l) => l.split(': ')).map(([k, v]) => [k, Number(v)]));
      total.cpuMs += (ticks * 1000) / ticksPerSecond;
      total.readBytes += io['read_bytes'] ?? 0;
      // Bytes dirtied and then truncated away before reaching the disk never cost a write.
      total.writeBytes += (io['write_bytes'] ?? 0) - (io['cancelled_write_bytes'] ?? 0);
      total.processes += 1;
    } catch { /* exited between listing and reading: its share is in its parent's counters now */ }
  }
  return total;
}

// ---- the deployment ----------------------------------------------------------------------------
const db = await createTestDatabase();
const work = mkdtempSync(path.join(os.tmpdir(), 'naskah-bench-capacity-'));
const run = `cap-${Date.now().toString(36)}`;
const namespace = await createRunNamespace(process.env['TEMPORAL_ADDRESS']!, 'capacity');
let apps: AppProcess[] = [];
const cleanup = async () => {
  await stopApps(path.join(work, 'apps'));
  rmSync(work, { recursive: true, force: true });
  await db.drop();
};
try {
  apps = await startDeployment({
    dir: path.join(work, 'apps'), dataDir: work, apis: 1, workers: 1,
    // Above the ports the scale test and `stack:start --profile scale` use.
    apiPort: profile.apiPort + 50,
    env: {
      ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: db.url, TEMPORAL_NAMESPACE: namespace, TEMPORAL_TASK_QUEUE: run,
      // Buckets of this run: archived objects stay locked for their retention, and another run's database numbers from 1 too.
      MINIO_BUCKET_DOCUMENTS: `${run}-v`, MINIO_BUCKET_ARCHIVE: `${run}-a`,
    },
  });
} catch (error) {
  await cleanup();
  throw error;
}
const api = apps.find((a) => a.kind === 'api')!;
const worker = apps.find((a) => a.kind === 'worker')!;
const servers = Object.fromEntries(stackStatus(profile).filter((s) => s.pid !== undefined).map((s) => [s.part, s.pid!]));
const components: Record<string, number> = {
  'API (1 process)': api.pid,
  'worker (1 process)': worker.pid,
  'Temporal dev server (SQLite)': servers['temporal']!,
  'PostgreSQL (all backends)': servers['postgresql']!,
  'MinIO (EC:2, 4 drives)': servers['minio']!,
  'bench driver (HTTP client, not product)': process.pid,
};
const readAll = () => {
  const parentOf = parents();
  // The driver started the API and the worker (their parent): its own process only, or it would count them twice.
  return Object.fromEntries(Object.entries(components).map(([name, pid]) => [name, read(pid, parentOf, pid !== process.pid)]));
};

// ---- the driver: users clicking through the API ----------------------------------------------
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
// The demo seed's positions by their key (the seed identifies a position by agency and title).
const seeded = (await pool.query<{ id: number; code: string; title: string }>('select p.id, a.code, p.title from position p join agency a on a.id = p.agency_id')).rows;
const positions: Record<string, number> = Object.fromEntries(demo.positions.map((p) => [p.key, seeded.find((r) => r.code === p.agency && r.title === p.title)!.id]));
let requests = 0;
async function call(method: string, p: string, token?: string, body?: unknown, raw?: Buffer): Promise<Response> {
  requests += 1;
  return fetch(`http://127.0.0.1:${api.port}/api${p}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': raw ? 'application/pdf' : 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    signal: AbortSignal.timeout(60_000),
  });
}
async function login(username: string): Promise<string> {
  const res = await call('POST', '/auth/login', undefined, { username, password: 'naskah-demo' });
  if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
const tokens = { drafter: await login('staf.kominfo'), kabid: await login('kabid.aptika'), sekdis: await login('sekdis.kominfo'), kadis: await login('kadis.kominfo') };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function act(p: string, token: string, body?: unknown): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const res = await call('POST', p, token, body);
    if (res.status === 200 || res.status === 202) return;
    const text = await res.text();
    // The queue shows a step a moment before the workflow knows whose turn it is: the user clicks again.
    if (attempt < 100 && (res.status === 409 || res.status === 503)) { await sleep(pollMs); continue; }
    throw new Error(`POST ${p} → ${res.status} ${text}`);
  }
}

/** A user watching their Kotak Masuk queue every `pollMs`, as the console does. */
async function inQueue(id: number, token: string, queue: 'to-paraf' | 'to-sign'): Promise<void> {
  for (const end = Date.now() + 300_000; Date.now() < end; await sleep(pollMs)) {
    const res = await call('GET', `/inbox?queue=${queue}&range=${encodeURIComponent('[0,99]')}`, token);
    if (res.status === 200 && ((await res.json()) as { items: { documentId: number | null }[] }).items.some((i) => i.documentId === id)) return;
  }
  throw new Error(`memo ${id} never reached the ${queue} queue`);
}

async function archived(id: number): Promise<void> {
  for (const end = Date.now() + 300_000; Date.now() < end; await sleep(pollMs)) {
    const res = await call('GET', `/documents/${id}`, tokens.drafter);
    if (res.status === 200 && ((await res.json()) as { status: string }).status === 'archived') return;
  }
  throw new Error(`memo ${id} never archived`);
}

const recipients = ['kadis.bappeda', 'kabid.bappeda', 'tu.bappeda', 'inspektur', 'kadis.dpmptsp', 'kaban.bpkad', 'sekda', 'kabag.umum', 'tu.kominfo', 'admin'];
async function samplePdf(i: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText(`Memo uji kapasitas ${i}`, { x: 72, y: 770, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save());
}

const ids: number[] = [];
async function memo(i: number): Promise<void> {
  const created = await call('POST', '/documents', tokens.drafter, {
    type: 'memo', hal: `Memo uji kapasitas ${i}`, archiveCode: '000.1.2.3', sifat: 'segera',
    kepada: recipients.slice(0, 7).map((k) => ({ positionId: positions[k], name: k })), tembusan: recipients.slice(7).map((k) => ({ positionId: positions[k], name: k })),
    reviewerPositionIds: [positions['kabid.aptika'], positions['sekdis.kominfo']], signerPositionId: positions['kadis.kominfo'],
  });
  if (created.status !== 201) throw new Error(`POST /documents → ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  if (i >= 0) ids.push(id);
  const upload = await call('POST', `/documents/${id}/versions`, tokens.drafter, undefined, await samplePdf(i));
  if (upload.status !== 201) throw new Error(`upload → ${upload.status} ${await upload.text()}`);
  await act(`/documents/${id}/submit`, tokens.drafter);
  await inQueue(id, tokens.kabid, 'to-paraf');
  await act(`/documents/${id}/paraf`, tokens.kabid, {});
  await inQueue(id, tokens.sekdis, 'to-paraf');
  await act(`/documents/${id}/paraf`, tokens.sekdis, {});
  await inQueue(id, tokens.kadis, 'to-sign');
  await act(`/documents/${id}/sign`, tokens.kadis, { passphrase: demoSigningPassphrase });
  await archived(id);
}

// ---- the run -----------------------------------------------------------------------------------
let ok = false;
try {
  // One memo first: the worker bundles its workflows and every code path is warm before anything is counted.
  await memo(-1);
  await sleep(2000);
  const idleBefore = readAll();
  const idleStarted = performance.now();
  await sleep(idleSeconds * 1000);
  const idleMs = performance.now() - idleStarted;
  const idleAfter = readAll();

  const loadBefore = os.loadavg()[0]!;
  const before = readAll();
  requests = 0;
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < docs) await memo(next++);
  }));
  const elapsedMs = performance.now() - started;
  const after = readAll();
  const loadAfter = os.loadavg()[0]!;

  // What the run left: every memo archived once, ten deliveries each.
  const count = async (sql: string) => Number((await pool.query<{ n: string }>(sql, [ids])).rows[0]!.n);
  const checks = {
    archived: await count(`select count(*) as n from document where id = any($1) and status = 'archived'`),
    archiveRecords: await count('select count(*) as n from archive_record where document_id = any($1)'),
    signedVersions: await count(`select count(*) as n from document_version where document_id = any($1) and reason = 'signed'`),
    deliveries: await count('select count(*) as n from document_recipient where document_id = any($1) and delivered_at is not null'),
  };
  ok = checks.archived === docs && checks.archiveRecords === docs && checks.signedVersions === docs && checks.deliveries === docs * 10;

  // The signature alone, as the API makes it for a key of the internal CA (PAdES B-LT, in-process TSA
  // and OCSP), on the same one-page memo, timed by this process's own CPU clock.
  const pki = openPki(path.join(work, 'pki'));
  const { rows: [cert] } = await pool.query<{ keystore_ref: string }>(
    'select c.keystore_ref from certificate c join person p on p.id = c.person_id where p.position_id = $1 order by c.id desc limit 1', [positions['kadis.kominfo']]);
  const holder = openPkcs12(readFileSync(path.join(work, 'keystore', cert!.keystore_ref)), demoSigningPassphrase);
  const sample = await samplePdf(0);
  const sign = () => signPdf(sample, { holder, level: 'B-LT', timestamp: inProcessTimestampClient(pki), revocation: inProcessRevocationSource(pki), verificationUrl: 'https://naskah.example/v/0' });
  for (let i = 0; i < 5; i++) await sign();
  const cpu0 = process.cpuUsage();
  const signatures = Math.max(docs, 20);
  for (let i = 0; i < signatures; i++) await sign();
  const cpu1 = process.cpuUsage(cpu0);
  const signCpuMs = (cpu1.user + cpu1.system) / 1000 / signatures;

  const rows: Record<string, { cpu_ms_per_doc: number; idle_cpu_ms_per_doc: number; net_cpu_ms_per_doc: number; read_kb_per_doc: number; written_kb_per_doc: number; processes: number }> = {};
  for (const name of Object.keys(components)) {
    const gross = after[name]!.cpuMs - before[name]!.cpuMs;
    const idleRate = (idleAfter[name]!.cpuMs - idleBefore[name]!.cpuMs) / idleMs;
    const idle = (idleRate * elapsedMs) / docs;
    rows[name] = {
      cpu_ms_per_doc: +(gross / docs).toFixed(1),
      idle_cpu_ms_per_doc: +idle.toFixed(1),
      net_cpu_ms_per_doc: +(gross / docs - idle).toFixed(1),
      read_kb_per_doc: +((after[name]!.readBytes - before[name]!.readBytes) / 1024 / docs).toFixed(1),
      written_kb_per_doc: +((after[name]!.writeBytes - before[name]!.writeBytes) / 1024 / docs).toFixed(1),
      processes: after[name]!.processes,
    };
  }
  const product = Object.entries(rows).filter(([name]) => !name.startsWith('bench driver'));
  const totalNet = product.reduce((s, [, r]) => s + r.net_cpu_ms_per_doc, 0);
  const apiNet = rows['API (1 process)']!.net_cpu_ms_per_doc;
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`;

  console.log(`\nbench:capacity — ${docs} memos (2 paraf, nomor, TTE B-LT, 10 recipients, archive), concurrency ${concurrency}, ${(elapsedMs / 1000).toFixed(1)} s, ${(requests / docs).toFixed(1)} HTTP requests per memo (inbox polled every ${pollMs} ms)`);
  console.log(`machine: ${machine}`);
  console.table(rows);
  console.log(`product total (net of idle): ${totalNet.toFixed(1)} CPU-ms per memo; signature alone (B-LT): ${signCpuMs.toFixed(1)} CPU-ms = ${((100 * signCpuMs) / apiNet).toFixed(1)} % of the API's, ${((100 * signCpuMs) / totalNet).toFixed(1)} % of the total`);
  console.table(checks);

  const metric = (value: number, unit: string) => ({ value: +value.toFixed(1), unit, baseline: null, ratio: null });
  const key = (name: string) => name.split(' ')[0]!.toLowerCase();
  const metrics: Record<string, ReturnType<typeof metric>> = {
    total_cpu_ms_per_doc: metric(totalNet, 'CPU-ms'),
    sign_cpu_ms_per_doc: metric(signCpuMs, 'CPU-ms'),
    docs_per_minute: metric((docs / elapsedMs) * 60_000, 'docs/min'),
  };
  for (const [name, r] of product) {
    metrics[`${key(name)}_cpu_ms_per_doc`] = metric(r.net_cpu_ms_per_doc, 'CPU-ms');
    metrics[`${key(name)}_read_kb_per_doc`] = metric(r.read_kb_per_doc, 'KB');
    metrics[`${key(name)}_written_kb_per_doc`] = metric(r.written_kb_per_doc, 'KB');
  }
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/capacity.json'), `${JSON.stringify({
    name: 'capacity', at: new Date().toISOString(), docs, concurrency, elapsedS: +(elapsedMs / 1000).toFixed(1), machine,
    requestsPerDoc: +(requests / docs).toFixed(1), idleWindowS: +(idleMs / 1000).toFixed(1), components: rows, metrics, checks, ok,
  }, null, 2)}\n`);
} finally {
  await pool.end();
  await cleanup();
}
process.exit(ok ? 0 : 1);

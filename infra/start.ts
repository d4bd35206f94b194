// `npm start`: the whole product on one machine, no Docker. Dev stack →
// migrations → demo seed → console build → worker + API on http://localhost:3000.
// Ctrl-C stops the worker and the API, then the stack servers this run started.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  installTools, stackEnv, stackProfile, stackStatus, stackUrls, StackError, startStack, stopStack, toolsInstalled,
} from './stack/index.js';
import { repoRoot } from './stack/profile.js';
import { standInGatewayLaunch } from './gateway/local-stack.js';

const demoLogins = [
  'bupati', 'sekda', 'kadis.kominfo', 'sekdis.kominfo', 'kabid.aptika', 'staf.kominfo', 'tu.kominfo',
  'kadis.bappeda', 'kabid.bappeda', 'staf.bappeda', 'tu.bappeda', 'inspektur', 'auditor.inspektorat', 'auditor.rahasia', 'admin',
];

const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
const step = (text: string) => console.log(`[naskah ${elapsed()}] ${text}`);

function workspaceScript(dir: string, name: string): boolean {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return typeof manifest.scripts?.[name] === 'string';
}

/** Async, so Ctrl-C and a crashing worker are noticed while a long script runs. */
async function runScript(dir: string, name: string, env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn('npm', ['run', '--silent', '-w', dir, name], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], env });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  if (status !== 0) throw new StackError(`${dir} ${name}`, `\`npm run -w ${dir} ${name}\` failed (exit ${status}); see above.`);
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

async function buildConsoleIfStale(env: NodeJS.ProcessEnv): Promise<void> {
  const ui = path.join(repoRoot, 'admin-ui');
  if (!workspaceScript('admin-ui', 'build')) {
    step('console: admin-ui has no build script yet; serving the API only');
    return;
  }
  const index = path.join(ui, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json', 'public'].map((p) => path.join(ui, p));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestMtime(sources)) {
    step('console: build is up to date');
    return;
  }
  step('console: building admin-ui (vite build)…');
  try {
    await runScript('admin-ui', 'build', env);
  } catch (error) {
    // The API is still useful without the console (and an older build, if any, is still served).
    step(`console: ${(error as Error).message} Continuing without a fresh console build.`);
  }
}

const children: ChildProcess[] = [];
let shuttingDown = false;

function launch(name: string, entry: string, env: NodeJS.ProcessEnv, args: string[] = []): ChildProcess {
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [entry, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  child.once('exit', (code, signal) => {
    if (shuttingDown) return;
    console.error(`[naskah] ${name} exited unexpectedly (${signal ?? `exit ${code}`}); stopping everything.`);
    void shutdown(1);
  });
  return child;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (shuttingDown) return;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new StackError('api', `${url} not healthy after ${timeoutMs / 1000} s (last answer: ${last}).`);
}

let stackStartedHere = false;
const profile = stackProfile('dev');

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('\n[naskah] stopping…');
  await Promise.all(children.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    child.kill('SIGTERM');
  })));
  if (stackStartedHere) {
    await stopStack(profile).catch((error: unknown) => console.error(`[naskah] ${(error as Error).message}`));
    console.log('[naskah] worker, API and stack servers stopped; data kept in .data/');
  } else {
    console.log('[naskah] worker and API stopped; the stack was already running before, so it stays up (npm run stack:stop)');
  }
  process.exit(code);
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { void shutdown(0); });
  if (fs.existsSync(path.join(repoRoot, '.env'))) process.loadEnvFile(path.join(repoRoot, '.env'));

  if (!toolsInstalled()) {
    step('first start: installing the stack tools (once)…');
    installTools();
  }
  stackStartedHere = !stackStatus(profile).every((s) => s.running);
  step(stackStartedHere ? 'starting PostgreSQL, Temporal and MinIO…' : 'stack already running; reusing it');
  await startStack(profile, (line) => step(line));

  const port = process.env.PORT ?? '3000';
  const env: NodeJS.ProcessEnv = { ...process.env, ...stackEnv(profile), PORT: port, NODE_ENV: process.env.NODE_ENV ?? 'development',
    // Archived letters are upgraded to PAdES B-LTA and kept time-stamped, as production should be (internal CA's TSA).
    ARCHIVE_TSA: process.env.ARCHIVE_TSA ?? 'internal' };
  // The worker only needs Temporal to start (bundling its workflows takes a while): start it
  // now, alongside migrations and seed; its activities touch the database only once work arrives.
  step('starting the worker…');
  launch('worker', 'workflows/src/worker.ts', env);
  if (workspaceScript('services/domain', 'migrate')) {
    step('database: running migrations…');
    await runScript('services/domain', 'migrate', env);
  } else {
    step('database: @naskah/domain has no migrate script yet; skipped');
  }
  if (workspaceScript('services/domain', 'seed')) {
    step('database: loading the demo seed (idempotent)…');
    await runScript('services/domain', 'seed', env);
  } else {
    step('database: @naskah/domain has no seed script yet; skipped');
  }
  await buildConsoleIfStale(env);

  // Optional: the stand-in certificate provider gateway (infra/gateway), when STANDIN_GATEWAY_PORT is set.
  const gateway = standInGatewayLaunch(env, profile.dataDir);
  if (gateway) {
    step(`starting the stand-in signing gateway on ${gateway.url}…`);
    launch('gateway', gateway.entry, env, gateway.args);
    Object.assign(env, gateway.env);
  }
  step('starting the API…');
  launch('api', 'services/api/src/server.ts', env);
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, 90_000);
  if (shuttingDown) return;

  const urls = stackUrls(profile);
  console.log(`\n✓ Naskah ready in ${elapsed()}: http://localhost:${port}  |  Temporal UI ${urls.temporalUi}  |  ` +
    `MinIO console ${urls.minioConsole} (credentials in .data/minio-credentials.json)\n` +
    `  demo logins: ${demoLogins.join(', ')} — password naskah-demo, signing passphrase naskah-demo-ttd\n` +
    '  Ctrl-C stops everything.');
}

main().catch(async (error: unknown) => {
  console.error(error instanceof StackError ? `✗ ${error.message}` : error);
  await shutdown(1);
});

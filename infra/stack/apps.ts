// Naskah's own processes beside the stack servers: N API processes (one port
// each) and N workers, all against the same PostgreSQL, Temporal and MinIO.
// Each runs detached with a pid file `<dir>/<kind>-<index>.pid` and a log
// `<dir>/<kind>-<index>.log`, so any later command (or a test) can see, kill
// and stop them. Node runs the entry itself (tsx registered in process by
// run-typescript.mjs): a SIGKILL hits the server, not a wrapper that would
// leave it running.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isAlive, runningPid, spawnDetached, StackError, tailOf, terminate, waitUntil } from './process.js';
import { repoRoot } from './profile.js';

export type AppKind = 'api' | 'worker';

const entries: Record<AppKind, string> = {
  api: 'services/api/src/server.ts',
  worker: 'workflows/src/worker.ts',
};

export interface AppProcess { kind: AppKind; index: number; pid: number; port?: number; logFile: string }

function appPaths(dir: string, kind: AppKind, index: number) {
  return { pidFile: path.join(dir, `${kind}-${index}.pid`), logFile: path.join(dir, `${kind}-${index}.log`) };
}

/** node itself running the entry (tsx registered in process), so a signal reaches the process and not a wrapper. */
function nodeArgs(entry: string): string[] {
  return [path.join(repoRoot, 'infra/stack/run-typescript.mjs'), entry];
}

/**
 * Starts one API process (listening on 127.0.0.1:`port`) or one worker, with `env` as its whole
 * configuration (DATABASE_URL, TEMPORAL_*, MINIO_*, JWT_SECRET, NASKAH_KEYSTORE_DIR: the same for
 * every process of a deployment). Returns at once; `waitForApi` waits until an API answers.
 */
export function startApp(dir: string, kind: AppKind, index: number, env: NodeJS.ProcessEnv, port?: number): AppProcess {
  if (kind === 'api' && port === undefined) throw new Error('an API process needs a port');
  fs.mkdirSync(dir, { recursive: true });
  const { pidFile, logFile } = appPaths(dir, kind, index);
  const running = runningPid(pidFile);
  if (running !== undefined) return { kind, index, pid: running, port, logFile };
  const pid = spawnDetached({
    bin: process.execPath,
    args: nodeArgs(entries[kind]),
    cwd: repoRoot,
    env: { ...env, ...(kind === 'api' ? { PORT: String(port), HOST: env['HOST'] ?? '127.0.0.1' } : {}) },
    logFile,
    pidFile,
  });
  return { kind, index, pid, port, logFile };
}

/** Until GET /api/health answers 200 (database, Temporal and MinIO reachable from that process). */
async function waitForApi(app: AppProcess, timeoutMs = 90_000): Promise<void> {
  await waitUntil(`api-${app.index}`, async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/api/health`, { signal: AbortSignal.timeout(3000) });
    return res.ok;
  }, { timeoutMs, exited: () => !isAlive(app.pid), hint: () => `Last lines of ${app.logFile}:\n${tailOf(app.logFile)}` });
}

/** Every API and worker with a pid file in `dir`, running or not. */
export function appStatus(dir: string): { kind: AppKind; index: number; pid?: number }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .map((name) => /^(api|worker)-(\d+)\.pid$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const kind = m[1] as AppKind;
      const index = Number(m[2]);
      return { kind, index, pid: runningPid(appPaths(dir, kind, index).pidFile) };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.index - b.index);
}

/** SIGTERM (a worker finishes its running tasks, an API its requests), SIGKILL after the grace. */
export async function stopApps(dir: string): Promise<void> {
  await Promise.all(appStatus(dir).map(async ({ kind, index, pid }) => {
    if (pid !== undefined) await terminate(pid, 20_000);
    fs.rmSync(appPaths(dir, kind, index).pidFile, { force: true });
  }));
}

export interface DeploymentOptions {
  /** Pid files and logs of the processes. */
  dir: string;
  /** NASKAH_DATA_DIR: the seed's internal CA (`pki/`) and signer keystores (`keystore/`), read by every API process. */
  dataDir: string;
  apis: number;
  workers: number;
  /** The first API listens here, the next on apiPort + 1, … */
  apiPort: number;
  /** The stack's coordinates and anything else every process shares (one JWT secret, one task queue, one namespace). */
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

async function domainScript(script: 'migrate' | 'seed', env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn('npm', ['run', '--silent', '-w', 'services/domain', script], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += String(chunk); });
  const code = await new Promise<number | null>((resolve, reject) => { child.once('error', reject); child.once('exit', resolve); });
  if (code !== 0) throw new StackError(script, `\`npm run -w services/domain ${script}\` failed (exit ${code}):\n${stderr.trim()}`);
}

/**
 * One deployment's processes on a running stack: the workers, migrations and the demo seed on
 * `env`'s DATABASE_URL, then the API processes, each with the same configuration, as N
 * replicas behind a load balancer have. Resolves once every API answers its health check (the
 * workers bundle their workflows meanwhile). Already running ones (pid file in `dir`) are kept.
 */
export async function startDeployment(options: DeploymentOptions): Promise<AppProcess[]> {
  const log = options.log ?? (() => undefined);
  const env: NodeJS.ProcessEnv = {
    ...options.env, NASKAH_DATA_DIR: options.dataDir, NASKAH_KEYSTORE_DIR: path.join(options.dataDir, 'keystore'),
  };
  // The workers first: bundling their workflows takes longest, and they touch the database only once
  // work arrives (as `npm start` runs them alongside migrations).
  const workers = Array.from({ length: options.workers }, (_, i) => startApp(options.dir, 'worker', i + 1, env));
  await domainScript('migrate', env);
  await domainScript('seed', env);
  log('✓ database migrated and seeded');
  const apis = Array.from({ length: options.apis }, (_, i) => startApp(options.dir, 'api', i + 1, env, options.apiPort + i));
  for (const api of apis) {
    await waitForApi(api);
    log(`✓ api-${api.index} ready on http://127.0.0.1:${api.port} (pid ${api.pid}, log ${api.logFile})`);
  }
  for (const worker of workers) log(`✓ worker-${worker.index} started (pid ${worker.pid}, log ${worker.logFile})`);
  return [...workers, ...apis];
}

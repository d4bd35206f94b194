// Naskah's own processes beside the stack servers: N API processes (one port
// each) and N workers, all against the same PostgreSQL, Temporal and MinIO.
// Each runs detached with a pid file `<dir>/<kind>-<index>.pid` and a log
// `<dir>/<kind>-<index>.log`, so any later command (or a test) can see, kill
// and stop them. Node runs the entry itself (tsx as a loader): a SIGKILL hits
// the server, not a wrapper that would leave it running.
import fs from 'node:fs';
import path from 'node:path';
import { isAlive, runningPid, spawnDetached, tailOf, terminate, waitUntil } from './process.js';
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

/** MikroORM 7 needs a Node 20 shim (fs.globSync); the domain package ships it. */
function nodeArgs(entry: string): string[] {
  const shim = path.join(repoRoot, 'services', 'domain', 'node-compat', 'register.mjs');
  return [...(fs.existsSync(shim) ? ['--import', shim] : []), '--import', 'tsx', entry];
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
export async function waitForApi(app: AppProcess, timeoutMs = 90_000): Promise<void> {
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

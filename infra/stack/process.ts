import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** A stack part failed: `part` names it, `message` says why and what to do. */
export class StackError extends Error {
  constructor(readonly part: string, message: string) {
    super(`[${part}] ${message}`);
    this.name = 'StackError';
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // In a container whose init does not reap orphans, a stopped server lingers as a zombie.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pid recorded in `pidFile` when that process still runs; a stale file is removed. */
export function runningPid(pidFile: string): number | undefined {
  const pid = readPid(pidFile);
  if (pid === undefined) return undefined;
  if (isAlive(pid)) return pid;
  fs.rmSync(pidFile, { force: true });
  return undefined;
}

function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

/** "postgres (pid 123)" for whoever listens on `port`, as far as `ss` can tell. */
function listenerOf(port: number): string {
  try {
    const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    if (match) return `${match[1]} (pid ${match[2]})`;
    if (out.trim()) return 'a process of another user';
  } catch {
    // ss missing: fall through to the vague answer.
  }
  return 'an unknown process';
}

export async function assertPortFree(part: string, port: number): Promise<void> {
  if (await portInUse(port)) {
    throw new StackError(part, `port ${port} is taken by ${listenerOf(port)}. Stop that process, or if it is a stack ` +
      `started from another checkout, run \`npm run stack:stop\` there.`);
  }
}

export interface DetachedOptions {
  bin: string;
  args: string[];
  logFile: string;
  pidFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Starts a server that outlives this process; its pid goes to `pidFile` so later invocations can stop it. */
export function spawnDetached(options: DetachedOptions): number {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(options.bin, options.args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error(`could not spawn ${options.bin}`);
  child.unref();
  fs.writeFileSync(options.pidFile, `${child.pid}\n`);
  return child.pid;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns true. `exited` lets a crashed server fail
 * fast instead of waiting out the whole timeout.
 */
export async function waitUntil(
  part: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; exited?: () => boolean; hint: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    if (options.exited?.()) throw new StackError(part, `exited while starting. ${options.hint()}`);
    await sleep(250);
  }
  throw new StackError(part, `not ready after ${Math.round(options.timeoutMs / 1000)} s. ${options.hint()}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function terminate(pid: number, graceMs = 15_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
      await sleep(200);
      return;
    }
    await sleep(100);
  }
}

export function tailOf(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { assertPortFree, StackError, tailOf, waitUntil } from './process.js';
import { databaseName, databasePassword, databaseUser, type StackProfile } from './profile.js';
import { postgresBinDir, requireBinary } from './tools.js';

const part = 'postgresql';

interface PostgresPaths { dataDir: string; runDir: string; logFile: string }

const baseDirs = new Map<string, string>();

/**
 * Normally `<data>/postgres`. As root, the cluster belongs to the `postgres`
 * user, who cannot enter a checkout under a private folder (e.g. /root, 0700);
 * then the cluster lives under /var/tmp, keyed by the checkout's data dir.
 */
function clusterBase(profile: StackProfile): string {
  const cached = baseDirs.get(profile.dataDir);
  if (cached) return cached;
  let base = profile.dataDir;
  const user = serverUser();
  if (user) {
    let reachable = path.dirname(profile.dataDir);
    while (!fs.existsSync(reachable)) reachable = path.dirname(reachable);
    if (spawnSync('runuser', ['-u', user.name, '--', 'test', '-x', reachable]).status !== 0) {
      const key = createHash('sha256').update(profile.dataDir).digest('hex').slice(0, 12);
      base = path.join('/var/tmp', `naskah-postgres-${key}`);
      fs.mkdirSync(base, { recursive: true, mode: 0o755 });
    }
  }
  baseDirs.set(profile.dataDir, base);
  return base;
}

function paths(profile: StackProfile): PostgresPaths {
  const base = clusterBase(profile);
  const runDir = path.join(base, 'postgres-run');
  return { dataDir: path.join(base, 'postgres'), runDir, logFile: path.join(runDir, 'postgres.log') };
}

/** PostgreSQL refuses to run as root; as root we hand the cluster to the `postgres` system user. */
function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) {
    throw new StackError(part, 'running as root but there is no `postgres` system user to own the cluster. ' +
      'Run `apt-get install -y postgresql` (it creates the user) or run the stack as a normal user.');
  }
  return { name: 'postgres', uid: Number(uid), gid: Number(gid) };
}

function pgCommand(bin: string, args: string[]): [string, string[]] {
  const binDir = requireBinary(part, postgresBinDir());
  const user = serverUser();
  const full = path.join(binDir, bin);
  return user ? ['runuser', ['-u', user.name, '--', full, ...args]] : [full, args];
}

function runPg(bin: string, args: string[]): { status: number | null; output: string } {
  const [cmd, cmdArgs] = pgCommand(bin, args);
  const result = spawnSync(cmd, cmdArgs, { encoding: 'utf8', cwd: '/' });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

export function postgresUrl(profile: StackProfile, database = databaseName): string {
  return `postgres://${databaseUser}:${databasePassword}@127.0.0.1:${profile.postgresPort}/${database}`;
}

/** The pid and port of the postmaster owning this data dir, when it runs. */
export function postgresStatus(profile: StackProfile): { pid: number; port: number } | undefined {
  const { dataDir } = paths(profile);
  if (!fs.existsSync(path.join(dataDir, 'postmaster.pid'))) return undefined;
  if (runPg('pg_ctl', ['-D', dataDir, 'status']).status !== 0) return undefined;
  const [pid, , , port] = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  return { pid: Number(pid), port: Number(port) };
}

async function ping(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function prepareDirectories(profile: StackProfile): void {
  const { dataDir, runDir } = paths(profile);
  fs.mkdirSync(runDir, { recursive: true });
  const user = serverUser();
  if (user) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    for (const dir of [dataDir, runDir]) fs.chownSync(dir, user.uid, user.gid);
    const probe = spawnSync('runuser', ['-u', user.name, '--', 'test', '-w', runDir]);
    if (probe.status !== 0) {
      throw new StackError(part, `the \`postgres\` user cannot write ${runDir}. Check the folder's permissions ` +
        'or run the stack as a normal user.');
    }
  }
}

export async function startPostgres(profile: StackProfile): Promise<void> {
  const { dataDir, runDir, logFile } = paths(profile);
  const running = postgresStatus(profile);
  if (running) {
    if (running.port !== profile.postgresPort) {
      throw new StackError(part, `data dir ${dataDir} is locked by a server (pid ${running.pid}) on port ${running.port}, ` +
        `not ${profile.postgresPort}. Stop it: \`npx tsx infra/stack.ts stop --profile ${profile.name}\`.`);
    }
  } else {
    await assertPortFree(part, profile.postgresPort);
    prepareDirectories(profile);
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      console.log(`  creating the PostgreSQL cluster in ${dataDir}`);
      const init = runPg('initdb', ['-D', dataDir, '-U', databaseUser, '--auth=trust', '-E', 'UTF8', '--locale=C']);
      if (init.status !== 0) throw new StackError(part, `initdb failed:\n${init.output}`);
    }
    // Loopback only, socket in our own run dir so a system cluster's /var/run/postgresql is never touched.
    const settings = [`-p ${profile.postgresPort}`, `-k ${runDir}`, '-c listen_addresses=127.0.0.1'];
    if (!profile.durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
    const start = runPg('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', settings.join(' '), 'start']);
    if (start.status !== 0) throw new StackError(part, `pg_ctl start failed:\n${start.output}\n${tailOf(logFile)}`);
  }
  const adminUrl = postgresUrl(profile, 'postgres');
  await waitUntil(part, () => ping(adminUrl), {
    timeoutMs: 60_000,
    hint: () => `Last lines of ${logFile}:\n${tailOf(logFile)}`,
  });
  await ensureDatabase(adminUrl, databaseName);
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}" owner "${databaseUser}"`);
  } finally {
    await client.end();
  }
}

export function stopPostgres(profile: StackProfile): void {
  const { dataDir } = paths(profile);
  if (!postgresStatus(profile)) return;
  const stop = runPg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  if (stop.status !== 0) throw new StackError(part, `pg_ctl stop failed:\n${stop.output}`);
}

/** Deletes the cluster (wherever clusterBase put it). The server must be stopped. */
export function removePostgresData(profile: StackProfile): void {
  const { dataDir, runDir } = paths(profile);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(runDir, { recursive: true, force: true });
}

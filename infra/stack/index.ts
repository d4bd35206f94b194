import fs from 'node:fs';
import path from 'node:path';
import { appStatus, startDeployment, stopApps, type AppProcess } from './apps.js';
import { minioCredentials, minioStatus, startMinio, stopMinio } from './minio.js';
export { minioDrives } from './minio.js';
import { postgresStatus, postgresUrl, removePostgresData, startPostgres, stopPostgres } from './postgres.js';
import { isAlive, sleep, StackError } from './process.js';
import { temporalNamespace, type StackProfile } from './profile.js';
import { startTemporal, stopTemporal, temporalAddress, temporalStatus } from './temporal.js';

export { StackError } from './process.js';
export { startApp, startDeployment, stopApps, type AppProcess } from './apps.js';
export { installTools, minioPin, serverVersions, toolsInstalled } from './tools.js';
export { isProfileName, stackProfile, type ProfileName, type StackProfile } from './profile.js';

export type StackPart = 'postgresql' | 'temporal' | 'minio';
export const stackParts: readonly StackPart[] = ['postgresql', 'temporal', 'minio'];

const starters: Record<StackPart, (p: StackProfile) => Promise<void>> = {
  postgresql: startPostgres,
  temporal: startTemporal,
  minio: startMinio,
};
const stoppers: Record<StackPart, (p: StackProfile) => Promise<void> | void> = {
  postgresql: stopPostgres,
  temporal: stopTemporal,
  minio: stopMinio,
};

/**
 * Several test runs (and teammates) may start the same stack at once; one
 * holds this lock while the others wait and then find the stack up.
 */
async function withStackLock<T>(profile: StackProfile, action: () => Promise<T>): Promise<T> {
  fs.mkdirSync(profile.dataDir, { recursive: true });
  const lockFile = path.join(profile.dataDir, 'stack.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (!Number.isInteger(holder) || !isAlive(holder)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new StackError('stack', `${lockFile} is held by pid ${holder} for over 3 minutes. If that process hangs, stop it.`);
      }
      await sleep(300);
    }
  }
  try {
    return await action();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

export async function startPart(profile: StackProfile, part: StackPart): Promise<void> {
  await withStackLock(profile, () => starters[part](profile));
}

export async function stopPart(profile: StackProfile, part: StackPart): Promise<void> {
  await withStackLock(profile, async () => { await stoppers[part](profile); });
}

/** Starts whatever part is not running yet and waits until all three answer. */
export async function startStack(profile: StackProfile, log: (line: string) => void = () => undefined): Promise<void> {
  await withStackLock(profile, async () => {
    for (const part of stackParts) {
      const started = Date.now();
      await starters[part](profile);
      log(`✓ ${part} ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  });
}

export async function stopStack(profile: StackProfile): Promise<void> {
  await withStackLock(profile, async () => {
    // The API processes and workers first: nothing of ours should be left talking to the servers.
    await stopApps(appsDir(profile));
    // Reverse order: nothing should talk to PostgreSQL after it is gone.
    for (const part of [...stackParts].reverse()) await stoppers[part](profile);
  });
}

export interface PartStatus { part: StackPart | `api-${number}` | `worker-${number}`; running: boolean; pid?: number; port?: number }

export function stackStatus(profile: StackProfile): PartStatus[] {
  const pg = postgresStatus(profile);
  const temporal = temporalStatus(profile);
  const minio = minioStatus(profile);
  return [
    { part: 'postgresql', running: pg !== undefined, pid: pg?.pid, port: profile.postgresPort },
    { part: 'temporal', running: temporal !== undefined, pid: temporal?.pid, port: profile.temporalPort },
    { part: 'minio', running: minio !== undefined, pid: minio?.pid, port: profile.minioPort },
    ...appStatus(appsDir(profile)).map(({ kind, index, pid }) => ({
      part: `${kind}-${index}` as const, running: pid !== undefined, pid, port: kind === 'api' ? profile.apiPort + index - 1 : undefined,
    })),
  ];
}

/** Stops the stack and deletes its data (database, workflow history, stored objects, credentials). */
export async function resetStack(profile: StackProfile): Promise<void> {
  await stopStack(profile);
  removePostgresData(profile);
  for (const entry of fs.existsSync(profile.dataDir) ? fs.readdirSync(profile.dataDir) : []) {
    // The probe and scale stacks live inside the test data dir; each is reset on its own.
    if (profile.name === 'test' && (entry === 'probe' || entry === 'scale')) continue;
    fs.rmSync(path.join(profile.dataDir, entry), { recursive: true, force: true });
  }
}

/** Where a profile's API processes and workers keep their pid files and logs. */
export function appsDir(profile: StackProfile): string {
  return path.join(profile.dataDir, 'apps');
}

/**
 * The profile's Naskah processes on its running stack (startDeployment): its `naskah` database
 * migrated and seeded (demo CA and keystores under the profile's data dir), `workers` workers and
 * `apis` API processes on ports apiPort, apiPort + 1, …
 */
export async function startApps(profile: StackProfile, counts: { apis: number; workers: number }, log: (line: string) => void = () => undefined): Promise<AppProcess[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...stackEnv(profile), NODE_ENV: process.env.NODE_ENV ?? 'development' };
  return startDeployment({ ...counts, dir: appsDir(profile), dataDir: profile.dataDir, apiPort: profile.apiPort, env, log });
}

/** The environment variables `@naskah/config` reads, pointing at this stack. */
export function stackEnv(profile: StackProfile): Record<string, string> {
  const { accessKey, secretKey } = minioCredentials(profile);
  return {
    DATABASE_URL: postgresUrl(profile),
    TEMPORAL_ADDRESS: temporalAddress(profile),
    TEMPORAL_NAMESPACE: temporalNamespace,
    MINIO_ENDPOINT: '127.0.0.1',
    MINIO_PORT: String(profile.minioPort),
    MINIO_USE_SSL: 'false',
    MINIO_ACCESS_KEY: accessKey,
    MINIO_SECRET_KEY: secretKey,
  };
}

export function stackUrls(profile: StackProfile): { temporalUi: string; minioConsole: string } {
  return {
    temporalUi: `http://localhost:${profile.temporalUiPort}`,
    minioConsole: `http://localhost:${profile.minioConsolePort}`,
  };
}
export { dssClasspath, dssInstalled } from './dss.js';

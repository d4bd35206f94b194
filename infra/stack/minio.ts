import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { assertPortFree, runningPid, spawnDetached, tailOf, terminate, waitUntil } from './process.js';
import type { StackProfile } from './profile.js';
import { minioBin, requireBinary } from './tools.js';

const part = 'minio';

export interface MinioCredentials { accessKey: string; secretKey: string }

function paths(profile: StackProfile) {
  return {
    // Erasure-coded data has its own folder: MinIO refuses to reformat a single-drive store as a drive set.
    storeDir: path.join(profile.dataDir, profile.minioDrives > 1 ? 'minio-ec' : 'minio'),
    credentialsFile: path.join(profile.dataDir, 'minio-credentials.json'),
    pidFile: path.join(profile.dataDir, 'minio.pid'),
    logFile: path.join(profile.dataDir, 'minio.log'),
  };
}

/** Generated on first start and kept beside the data, readable only by the owner. */
export function minioCredentials(profile: StackProfile): MinioCredentials {
  const { credentialsFile } = paths(profile);
  if (fs.existsSync(credentialsFile)) return JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as MinioCredentials;
  const credentials = { accessKey: `naskah-${randomBytes(6).toString('hex')}`, secretKey: randomBytes(24).toString('base64url') };
  fs.mkdirSync(profile.dataDir, { recursive: true });
  fs.writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}

/** The directories MinIO stores objects in: one, or the drives of the erasure set (drive1 … drive4). */
export function minioDrives(profile: StackProfile): string[] {
  const { storeDir } = paths(profile);
  if (profile.minioDrives === 1) return [storeDir];
  return Array.from({ length: profile.minioDrives }, (_, i) => path.join(storeDir, `drive${i + 1}`));
}

export function minioStatus(profile: StackProfile): { pid: number } | undefined {
  const pid = runningPid(paths(profile).pidFile);
  return pid === undefined ? undefined : { pid };
}

async function ready(profile: StackProfile): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${profile.minioPort}/minio/health/ready`, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

/** MinIO's own ellipsis notation names the erasure set's drives: <store>/drive{1...4}. */
function volumes(profile: StackProfile): string {
  const { storeDir } = paths(profile);
  return profile.minioDrives === 1 ? storeDir : path.join(storeDir, `drive{1...${profile.minioDrives}}`);
}

/**
 * Whether the running server stores on the profile's drives. A stack left up by an older checkout
 * (the test profile used one drive until issue 22) is restarted rather than reused, so a test never
 * runs on a layout other than the profile's. Where /proc is missing, the running server is trusted.
 */
function servesProfileDrives(pid: number, profile: StackProfile): boolean {
  let cmdline: string;
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true;
  }
  return cmdline.split('\0').includes(volumes(profile));
}

export async function startMinio(profile: StackProfile): Promise<void> {
  const { storeDir, pidFile, logFile } = paths(profile);
  let pid = minioStatus(profile)?.pid;
  if (pid !== undefined && !servesProfileDrives(pid, profile)) {
    await terminate(pid);
    fs.rmSync(pidFile, { force: true });
    pid = undefined;
  }
  if (pid === undefined) {
    const bin = requireBinary(part, minioBin());
    await assertPortFree(part, profile.minioPort);
    await assertPortFree('minio-console', profile.minioConsolePort);
    for (const drive of minioDrives(profile)) fs.mkdirSync(drive, { recursive: true });
    const { accessKey, secretKey } = minioCredentials(profile);
    pid = spawnDetached({
      bin,
      args: ['server', volumes(profile), '--address', `127.0.0.1:${profile.minioPort}`,
        '--console-address', `127.0.0.1:${profile.minioConsolePort}`, '--quiet'],
      env: {
        ...process.env, MINIO_ROOT_USER: accessKey, MINIO_ROOT_PASSWORD: secretKey, MINIO_UPDATE: 'off',
        // The four drives are directories on one disk, the root disk here: without CI/CD mode MinIO
        // refuses root-disk drives of an erasure set ("drive not found", retried for ever).
        ...(profile.minioDrives > 1 ? { MINIO_CI_CD: 'on' } : {}),
      },
      logFile,
      pidFile,
    });
  }
  const started = pid;
  await waitUntil(part, () => ready(profile), {
    timeoutMs: 60_000,
    exited: () => runningPid(pidFile) !== started,
    hint: () => `If the log mentions a lock, another MinIO serves ${storeDir}. Last lines of ${logFile}:\n${tailOf(logFile)}`,
  });
}

export async function stopMinio(profile: StackProfile): Promise<void> {
  const status = minioStatus(profile);
  if (!status) return;
  await terminate(status.pid);
  fs.rmSync(paths(profile).pidFile, { force: true });
}

import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { assertPortFree, runningPid, spawnDetached, tailOf, terminate, waitUntil } from './process.js';
import { searchAttributes, temporalNamespace, type StackProfile } from './profile.js';
import { requireBinary, temporalBin } from './tools.js';

const part = 'temporal';

function paths(profile: StackProfile) {
  return {
    dbFile: path.join(profile.dataDir, 'temporal.db'),
    pidFile: path.join(profile.dataDir, 'temporal.pid'),
    logFile: path.join(profile.dataDir, 'temporal.log'),
  };
}

export function temporalAddress(profile: StackProfile): string {
  return `127.0.0.1:${profile.temporalPort}`;
}

export function temporalStatus(profile: StackProfile): { pid: number } | undefined {
  const pid = runningPid(paths(profile).pidFile);
  return pid === undefined ? undefined : { pid };
}

async function ready(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: temporalNamespace });
    return true;
  } finally {
    await connection.close();
  }
}

export async function startTemporal(profile: StackProfile): Promise<void> {
  const { dbFile, pidFile, logFile } = paths(profile);
  let pid = temporalStatus(profile)?.pid;
  if (pid === undefined) {
    const bin = requireBinary(part, temporalBin());
    await assertPortFree(part, profile.temporalPort);
    if (profile.temporalUi) await assertPortFree('temporal-ui', profile.temporalUiPort);
    fs.mkdirSync(profile.dataDir, { recursive: true });
    const args = [
      'server', 'start-dev',
      // A SQLite file, not memory: workflows survive a restart of the server.
      '--db-filename', dbFile,
      '--ip', '127.0.0.1',
      '--port', String(profile.temporalPort),
      '--log-level', 'warn',
      ...Object.entries(searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
      ...(profile.temporalUi ? ['--ui-port', String(profile.temporalUiPort)] : ['--headless']),
    ];
    pid = spawnDetached({ bin, args, logFile, pidFile });
  }
  const started = pid;
  await waitUntil(part, () => ready(temporalAddress(profile)), {
    timeoutMs: 90_000,
    exited: () => runningPid(pidFile) !== started,
    hint: () => `If the log says the database is locked, another Temporal uses ${dbFile}. Last lines of ${logFile}:\n${tailOf(logFile)}`,
  });
}

export async function stopTemporal(profile: StackProfile): Promise<void> {
  const status = temporalStatus(profile);
  if (!status) return;
  await terminate(status.pid);
  fs.rmSync(paths(profile).pidFile, { force: true });
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: infra/stack/ is two levels below it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const toolsDir = path.join(repoRoot, '.tools');

export type ProfileName = 'dev' | 'test' | 'probe' | 'scale';

export interface StackProfile {
  name: ProfileName;
  dataDir: string;
  postgresPort: number;
  temporalPort: number;
  temporalUiPort: number;
  minioPort: number;
  minioConsolePort: number;
  /** Durability costs time; a throw-away test cluster does not need fsync. */
  durable: boolean;
  temporalUi: boolean;
  /**
   * 1: MinIO on one directory. 4: erasure-coded over four directories (EC:2, the
   * mode production's distributed MinIO uses): object lock, versioning and the
   * integrity scan behave as they do there, and one drive may go away.
   */
  minioDrives: 1 | 4;
  /** First port of the API processes `stack.ts start` runs for this profile (one port each, counting up). */
  apiPort: number;
  /** API processes and workers `stack.ts start` runs beside the servers (0: the servers only). */
  apis: number;
  workers: number;
}

/**
 * `dev` backs `npm start`; `test` is shared by every test run (reused when
 * already up), its MinIO erasure-coded over four drives as in production; `probe` is a private stack the health test stops and starts
 * part by part, so that it never pulls a server away from other suites
 * running against `test` at the same time. `scale` is production's shape on
 * one machine: MinIO erasure-coded over four drives, and two API processes
 * and two workers against one stack (docs/scaling.md).
 */
const profiles: Record<ProfileName, Omit<StackProfile, 'name'>> = {
  dev: {
    dataDir: path.join(repoRoot, '.data'),
    postgresPort: 5433, temporalPort: 7233, temporalUiPort: 8233, minioPort: 9000, minioConsolePort: 9001,
    durable: true, temporalUi: true, minioDrives: 1, apiPort: 3000, apis: 0, workers: 0,
  },
  test: {
    dataDir: path.join(repoRoot, '.test-data'),
    postgresPort: 5434, temporalPort: 7234, temporalUiPort: 8234, minioPort: 9002, minioConsolePort: 9003,
    // Production's mode for every test that touches MinIO (object lock, versioning, the archive): erasure-coded.
    durable: false, temporalUi: true, minioDrives: 4, apiPort: 3010, apis: 0, workers: 0,
  },
  probe: {
    dataDir: path.join(repoRoot, '.test-data', 'probe'),
    postgresPort: 5435, temporalPort: 7235, temporalUiPort: 8235, minioPort: 9004, minioConsolePort: 9005,
    durable: false, temporalUi: false, minioDrives: 1, apiPort: 3020, apis: 0, workers: 0,
  },
  scale: {
    dataDir: path.join(repoRoot, '.test-data', 'scale'),
    postgresPort: 5436, temporalPort: 7236, temporalUiPort: 8236, minioPort: 9006, minioConsolePort: 9007,
    durable: false, temporalUi: false, minioDrives: 4, apiPort: 3100, apis: 2, workers: 2,
  },
};

export function isProfileName(value: string): value is ProfileName {
  return Object.hasOwn(profiles, value);
}

/**
 * NASKAH_STACK_PORT_OFFSET shifts every port of every profile, so a second
 * checkout (e.g. CI's fresh clone on a machine whose own stack still runs)
 * gets its own servers instead of failing on taken ports.
 */
function portOffset(): number {
  const raw = process.env.NASKAH_STACK_PORT_OFFSET;
  if (raw === undefined || raw === '') return 0;
  const offset = Number(raw);
  // Every shifted port must stay a TCP port: the highest base port is 9007 (scale's MinIO console).
  const max = 65_535 - Math.max(...Object.values(profiles).flatMap((p) => [p.postgresPort, p.temporalPort, p.temporalUiPort, p.minioPort, p.minioConsolePort, p.apiPort + 16]));
  if (!Number.isInteger(offset) || offset < 0 || offset > max) {
    throw new Error(`NASKAH_STACK_PORT_OFFSET must be an integer between 0 and ${max}, got "${raw}"`);
  }
  return offset;
}

export function stackProfile(name: ProfileName): StackProfile {
  const base = profiles[name];
  const offset = portOffset();
  return {
    name,
    ...base,
    postgresPort: base.postgresPort + offset,
    temporalPort: base.temporalPort + offset,
    temporalUiPort: base.temporalUiPort + offset,
    minioPort: base.minioPort + offset,
    minioConsolePort: base.minioConsolePort + offset,
    apiPort: base.apiPort + offset,
  };
}

export const databaseName = 'naskah';
export const databaseUser = 'naskah';
/** Loopback trust auth ignores it; kept so URLs look like production ones. */
export const databasePassword = 'naskah';
export const temporalNamespace = 'default';

/** Registered at server start so workflows can be listed by them in the UI and API. */
export const searchAttributes: Record<string, 'Keyword'> = {
  DocumentId: 'Keyword',
  AgencyCode: 'Keyword',
  Status: 'Keyword',
  WaitingFor: 'Keyword',
};

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: infra/stack/ is two levels below it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const toolsDir = path.join(repoRoot, '.tools');

export type ProfileName = 'dev' | 'test' | 'probe';

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
}

/**
 * `dev` backs `npm start`; `test` is shared by every test run (reused when
 * already up); `probe` is a private stack the health test stops and starts
 * part by part, so that it never pulls a server away from other suites
 * running against `test` at the same time.
 */
const profiles: Record<ProfileName, Omit<StackProfile, 'name'>> = {
  dev: {
    dataDir: path.join(repoRoot, '.data'),
    postgresPort: 5433, temporalPort: 7233, temporalUiPort: 8233, minioPort: 9000, minioConsolePort: 9001,
    durable: true, temporalUi: true,
  },
  test: {
    dataDir: path.join(repoRoot, '.test-data'),
    postgresPort: 5434, temporalPort: 7234, temporalUiPort: 8234, minioPort: 9002, minioConsolePort: 9003,
    durable: false, temporalUi: true,
  },
  probe: {
    dataDir: path.join(repoRoot, '.test-data', 'probe'),
    postgresPort: 5435, temporalPort: 7235, temporalUiPort: 8235, minioPort: 9004, minioConsolePort: 9005,
    durable: false, temporalUi: false,
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
  if (!Number.isInteger(offset) || offset < 0 || offset > 20_000) {
    throw new Error(`NASKAH_STACK_PORT_OFFSET must be an integer between 0 and 20000, got "${raw}"`);
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

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

export function stackProfile(name: ProfileName): StackProfile {
  return { name, ...profiles[name] };
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

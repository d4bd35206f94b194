import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '@naskah/config';
import { Client as MinioClient } from 'minio';
import pg from 'pg';
import { minioDrives } from '../stack/minio.js';
import { stackProfile } from '../stack/profile.js';

export { createRunNamespace } from './namespace.js';

/**
 * The configuration a test runs with: the test stack's coordinates (exported
 * by the jest globalSetup), NODE_ENV=test, plus any overrides.
 */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  if (!process.env.DATABASE_URL) {
    throw new Error('The test stack environment is missing: run tests through `npm test` (jest globalSetup starts the stack).');
  }
  return loadConfig({ ...process.env, NODE_ENV: 'test', ...overrides });
}

/** Short random suffix for names that must not collide between concurrent test runs. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** A task queue of its own, so a test's worker never picks up another test's tasks. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return uniqueName(prefix).replaceAll('_', '-');
}

export interface TestDatabase {
  name: string;
  /** postgres:// URL of the fresh, empty database. */
  url: string;
  /** Drops it (terminating leftover connections). Call in afterAll. */
  drop(): Promise<void>;
}

const staleAfterMs = 6 * 60 * 60 * 1000;

async function withAdmin<T>(action: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(testConfig().database.url);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/** Databases this helper made more than six hours ago belong to crashed runs. */
async function dropStaleDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'naskah_t_%'");
  for (const { datname } of rows) {
    const created = Number.parseInt(datname.split('_')[2] ?? '', 36);
    if (Number.isFinite(created) && Date.now() - created > staleAfterMs) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
  }
}

/**
 * A throw-away database on the test stack, so each database test file is
 * isolated from the others (and from teammates' runs): create it in
 * beforeAll, run migrations against `url`, drop it in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName('naskah_t').toLowerCase();
  await withAdmin(async (client) => {
    await dropStaleDatabases(client);
    await client.query(`create database "${name}"`);
  });
  const url = new URL(testConfig().database.url);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin(async (client) => { await client.query(`drop database if exists "${name}" with (force)`); }),
  };
}

/**
 * The directories the test stack's MinIO stores objects in: the four drives of its erasure set, as
 * production's distributed MinIO (a test checks its objects really land on all four).
 */
export function testMinioDrives(): string[] {
  return minioDrives(stackProfile('test'));
}

export function testMinioClient(config: Config = testConfig()): MinioClient {
  const { endPoint, port, useSSL, accessKey, secretKey } = config.minio;
  return new MinioClient({ endPoint, port, useSSL, accessKey, secretKey });
}

export interface TestBucket {
  name: string;
  client: MinioClient;
  /** Removes every object (and version) and the bucket. Call in afterAll. */
  drop(): Promise<void>;
}

/** A fresh bucket on the test MinIO; `objectLocking` makes it versioned and lockable like the archive. */
export async function createTestBucket(options: { objectLocking?: boolean } = {}): Promise<TestBucket> {
  const client = testMinioClient();
  const name = uniqueName('t').toLowerCase().replaceAll('_', '-');
  await client.makeBucket(name, '', { ObjectLocking: options.objectLocking ?? false });
  return {
    name,
    client,
    async drop() {
      const objects: { name: string; versionId?: string | null }[] = [];
      for await (const item of client.listObjects(name, '', true, { IncludeVersion: true })) {
        if (item.name) objects.push({ name: item.name, versionId: item.versionId });
      }
      // An object under retention cannot be removed before it ends: give test objects none, or a short one.
      if (objects.length > 0) {
        await client.removeObjects(name, objects.map((o) => ({ name: o.name, versionId: o.versionId ?? undefined })));
      }
      await client.removeBucket(name);
    },
  };
}

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createRunNamespace, createTestDatabase, testConfig, type TestDatabase } from '@naskah/infra/testing';
import { migrateUp, openOrm, seedDemo, type SeedResult } from '@naskah/domain';
import { buildWorkerActivities } from '@naskah/workflows/activities';
import { createNaskahWorker } from '@naskah/workflows/worker';
import { start, type NaskahApi } from '../src/app.js';
import { closeApiRoutes } from '../src/routes/index.js';

export interface TestApi {
  api: NaskahApi;
  db: TestDatabase;
  seed: SeedResult;
  /** The Temporal namespace the API talks to; a worker for this run uses it too. */
  namespace: string;
  /** Every log line the API wrote during the run. */
  logs: string[];
  /** Signs in as a demo user (password naskah-demo) and returns the access token. */
  login(username: string): Promise<string>;
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: Buffer | Uint8Array | string }): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The real API on an ephemeral port, against a fresh migrated + seeded test
 * database and (unless `TEMPORAL_NAMESPACE` is given) a Temporal namespace of
 * its own: every fresh database numbers documents from 1, so the workflow ids
 * `doc-<id>` of suites sharing the test server would otherwise collide.
 * `worker`: a Naskah worker on the run's namespace and task queue too, for
 * suites whose setup goes through a workflow (every disposition does).
 */
export async function startTestApi(env: NodeJS.ProcessEnv = {}, options: { worker?: boolean } = {}): Promise<TestApi> {
  const namespace = env['TEMPORAL_NAMESPACE'] ?? await createRunNamespace(testConfig().temporal.address, 'api-test');
  const db = await createTestDatabase();
  const orm = await openOrm({ databaseUrl: db.url });
  await migrateUp(orm);
  // As the seed CLI does: PUBLIC_BASE_URL seeds the Pemda settings, whose address every QR code and certificate names.
  const seed = await seedDemo(orm.em.fork(), { publicBaseUrl: testConfig(env).http.publicBaseUrl });
  await orm.close(true);
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
  const logger = pino({ level: 'debug', base: { service: 'api' } }, sink);
  // Read by apiRoutes from the process environment (not part of @naskah/config yet).
  const previousLimit = process.env['UPLOAD_LIMIT_MB'];
  if (env['UPLOAD_LIMIT_MB']) process.env['UPLOAD_LIMIT_MB'] = env['UPLOAD_LIMIT_MB'];
  const api = await start(testConfig({ DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', ...env, TEMPORAL_NAMESPACE: namespace }), { logger })
    .finally(() => { if (previousLimit === undefined) delete process.env['UPLOAD_LIMIT_MB']; else process.env['UPLOAD_LIMIT_MB'] = previousLimit; });
  const worker = options.worker ? await startWorker(testConfig({ DATABASE_URL: db.url, ...env, TEMPORAL_NAMESPACE: namespace })) : undefined;
  const tokens = new Map<string, string>();
  const request: TestApi['request'] = (method, path, options = {}) => fetch(`${api.url}/api${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  return {
    api, db, seed, namespace, logs, request,
    async login(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await request('POST', '/auth/login', { body: { username, password: 'naskah-demo' } });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      const { token } = (await res.json()) as { token: string };
      tokens.set(username, token);
      return token;
    },
    async stop() {
      await worker?.stop();
      await api.stop();
      await closeApiRoutes();
      await db.drop();
    },
  };
}

async function startWorker(config: ReturnType<typeof testConfig>): Promise<{ stop(): Promise<void> }> {
  const built = await buildWorkerActivities(config);
  const worker = await createNaskahWorker({ config, activities: built.activities });
  const running = worker.run();
  return {
    async stop() {
      await worker.shutdown();
      await running;
      await built.close();
    },
  };
}

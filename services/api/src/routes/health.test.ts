// Stops each server of a private stack in turn and checks /api/health names it.
// The `probe` profile (its own ports and data) keeps this away from the shared
// test stack, which other suites use at the same time.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@naskah/config';
import { stackEnv, stackProfile, startPart, startStack, stopPart, stopStack, type StackPart } from '@naskah/infra/stack';
import { start, type NaskahApi } from '../app.js';
import type { HealthReport } from './health.js';

const profile = stackProfile('probe');

async function health(api: NaskahApi): Promise<{ status: number; body: HealthReport }> {
  const res = await fetch(`${api.url}/api/health`);
  return { status: res.status, body: await res.json() as HealthReport };
}

/** Polls until `predicate` holds: a restarted server (or a gRPC reconnect) takes a moment. */
async function eventually(api: NaskahApi, predicate: (r: { status: number; body: HealthReport }) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await health(api);
  while (!predicate(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    last = await health(api);
  }
  return last;
}

const parts: { server: StackPart; reported: 'db' | 'temporal' | 'storage' }[] = [
  { server: 'postgresql', reported: 'db' },
  { server: 'temporal', reported: 'temporal' },
  { server: 'minio', reported: 'storage' },
];

describe('GET /api/health when a server is down', () => {
  let api: NaskahApi;

  beforeAll(async () => {
    await startStack(profile);
    api = await start(loadConfig({ ...stackEnv(profile), NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent' }));
  }, 180_000);

  afterAll(async () => {
    await api.stop();
    await stopStack(profile);
  }, 120_000);

  it('is ok while all three run', async () => {
    expect(await eventually(api, (r) => r.status === 200)).toEqual({
      status: 200,
      body: { status: 'ok', db: 'ok', temporal: 'ok', storage: 'ok' },
    });
  });

  it.each(parts)('answers 503 naming $reported when $server stops, and recovers after a restart', async ({ server, reported }) => {
    await stopPart(profile, server);
    const down = await health(api);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body[reported]).toBe('down');
    expect(Object.keys(down.body.failing ?? {})).toEqual([reported]);

    await startPart(profile, server);
    const back = await eventually(api, (r) => r.status === 200);
    expect(back.body).toEqual({ status: 'ok', db: 'ok', temporal: 'ok', storage: 'ok' });
  }, 180_000);
});

describe('GET /api/health when a server is down at API start', () => {
  it('starts anyway and answers 503 naming temporal', async () => {
    // Nothing listens on this profile's Temporal port while the probe stack is stopped.
    const env = { ...stackEnv(profile), NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', TEMPORAL_ADDRESS: '127.0.0.1:1' };
    const api = await start(loadConfig(env));
    try {
      const { status, body } = await health(api);
      expect(status).toBe(503);
      expect(body.temporal).toBe('down');
    } finally {
      await api.stop();
    }
  });
});

// GET /api/health: 200 when PostgreSQL, Temporal and MinIO all answer, 503
// naming each part that does not. Used by `npm start`, Docker and monitoring.
import { Router } from 'express';
import type { AppDeps } from '../app.js';

type HealthPart = 'db' | 'temporal' | 'storage';
export type HealthProbes = Record<HealthPart, () => Promise<void>>;

const probeTimeoutMs = 2500;

function withTimeout(probe: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs} ms`)), probeTimeoutMs);
  });
  return Promise.race([probe(), timeout]).finally(() => clearTimeout(timer));
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  db: 'ok' | 'down';
  temporal: 'ok' | 'down';
  storage: 'ok' | 'down';
  /** Present when something is down: the part and a short reason (never credentials). */
  failing?: Partial<Record<HealthPart, string>>;
}

async function checkHealth(probes: HealthProbes): Promise<HealthReport> {
  const parts: HealthPart[] = ['db', 'temporal', 'storage'];
  const results = await Promise.allSettled(parts.map((part) => withTimeout(probes[part])));
  const report: HealthReport = { status: 'ok', db: 'ok', temporal: 'ok', storage: 'ok' };
  const failing: Partial<Record<HealthPart, string>> = {};
  results.forEach((result, index) => {
    const part = parts[index];
    if (part === undefined || result.status === 'fulfilled') return;
    report[part] = 'down';
    failing[part] = result.reason instanceof Error ? result.reason.message.split('\n')[0] ?? 'failed' : 'failed';
  });
  if (Object.keys(failing).length > 0) {
    report.status = 'unavailable';
    report.failing = failing;
  }
  return report;
}

export function healthRoutes(deps: Pick<AppDeps, 'health'>): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const report = await checkHealth(deps.health);
    res.status(report.status === 'ok' ? 200 : 503).set('Cache-Control', 'no-store').json(report);
  });
  return router;
}

// The HTTP application: /api (JSON, problem+json errors) and the built console
// at / with SPA fallback. `start(config)` wires real PostgreSQL, Temporal and
// MinIO clients and listens; tests call it in-process and `stop()` afterwards.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '@naskah/config';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { Client as MinioClient } from 'minio';
import { archiveStorage, ensureBuckets } from '@naskah/archive';
import { watchViewerChanges } from '@naskah/domain';
import { forgetViewers } from './auth/authenticate.js';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { apiNotFound, problemHandler } from './errors/problem.js';
import { inputLimits } from './http/input-limits.js';
import { healthRoutes, type HealthProbes } from './routes/health.js';
import { apiRoutes } from './routes/index.js';

/** What route handlers may use. Teammates add their use cases' dependencies here. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  health: HealthProbes;
  temporal: TemporalClient;
  storage: MinioClient;
}

const defaultConsoleDir = fileURLToPath(new URL('../../../admin-ui/dist', import.meta.url));

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For only from the proxies named in TRUST_PROXY (none by default): the public
  // verification limit and the sign-in throttle key on req.ip, which a client must not choose.
  app.set('trust proxy', deps.config.http.trustProxy.length ? deps.config.http.trustProxy : false);
  // JSON answers are per viewer and carry tokens: no ETag for caches to revalidate them with
  // (the console's static files keep theirs: express.static sets its own).
  app.set('etag', false);
  app.use(securityHeaders());
  app.use(pinoHttp({
    logger: deps.logger,
    // Health polling every few seconds would drown the log.
    autoLogging: { ignore: (req) => req.url === '/api/health' },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.body.passphrase', 'req.body.totp'],
  }));

  const api = express.Router();
  api.use(inputLimits());
  api.use(healthRoutes(deps));
  api.use(apiRoutes(deps));
  api.use(apiNotFound);
  app.use('/api', api);

  const consoleDir = deps.config.adminUiDist ?? defaultConsoleDir;
  const indexHtml = path.join(consoleDir, 'index.html');
  if (fs.existsSync(indexHtml)) {
    app.use(express.static(consoleDir, { index: 'index.html', maxAge: '1h' }));
    // react-admin routes live in the browser: any other GET that wants HTML gets the shell.
    app.use((req, res, next) => {
      if ((req.method === 'GET' || req.method === 'HEAD') && req.accepts('html')) res.sendFile(indexHtml);
      else next();
    });
  }
  app.use(problemHandler(deps.logger));
  return app;
}

/**
 * Helmet's headers on every answer (API, console, docs): nosniff, Referrer-Policy, HSTS, and a
 * CSP the built console passes: its bundle is same-origin module scripts (no inline script),
 * MUI/emotion inject <style> at run time ('unsafe-inline' styles), PDFs are shown from blob:
 * URLs in an <iframe> (frame-src, and object-src for the browser's PDF viewer). Nobody else may
 * frame us (frame-ancestors 'self', plus X-Frame-Options for old browsers).
 */
function securityHeaders(): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'self'"],
        'frame-src': ["'self'", 'blob:'],
        'img-src': ["'self'", 'data:', 'blob:'],
        'object-src': ["'self'", 'blob:'],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'worker-src': ["'self'", 'blob:'],
      },
    },
    // The verification token is in the URL path: no page of ours tells another site where it came from.
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'sameorigin' },
  });
}

export interface NaskahApi {
  app: Express;
  server: Server;
  deps: AppDeps;
  /** http://127.0.0.1:<port> — with PORT=0 the port the OS picked. */
  url: string;
  stop(): Promise<void>;
}

const running = new Set<NaskahApi>();

export async function start(config: Config, options: { logger?: Logger } = {}): Promise<NaskahApi> {
  const logger = options.logger ?? pino({ level: config.log.level, base: { service: 'api' } });
  // A small pool only for the health probe; use cases bring their own (MikroORM).
  const healthPool = new pg.Pool({ connectionString: config.database.url, max: 2, connectionTimeoutMillis: 2000 });
  healthPool.on('error', (error) => logger.warn({ err: error }, 'health pool connection lost'));
  // Lazy: the API comes up (and /api/health says "temporal: down") while Temporal is unreachable.
  const connection = Connection.lazy({ address: config.temporal.address });
  const temporal = new TemporalClient({ connection, namespace: config.temporal.namespace });
  const { endPoint, port, useSSL, accessKey, secretKey } = config.minio;
  const storage = new MinioClient({ endPoint, port, useSSL, accessKey, secretKey });
  // Refuse to serve with an archive bucket that could lose documents (no object lock); an unreachable MinIO is left to /api/health.
  await ensureBuckets(archiveStorage(config, storage)).catch(async (error: unknown) => {
    if ((error as { code?: string }).code === 'ARCHIVE_BUCKET_NOT_LOCKED') {
      await Promise.allSettled([healthPool.end(), connection.close()]);
      throw error;
    }
    logger.warn({ err: error }, 'archive buckets not checked at start: MinIO unreachable');
  });

  const inFlight = new Set<Promise<unknown>>();
  const health: HealthProbes = {
    db: async () => { await healthPool.query('select 1'); },
    temporal: async () => {
      const call = connection.withDeadline(Date.now() + 2000, () =>
        connection.workflowService.describeNamespace({ namespace: config.temporal.namespace }));
      // The client retries UNAVAILABLE on a timer; closing the channel under a pending retry crashes the process.
      inFlight.add(call);
      try {
        await call;
      } finally {
        inFlight.delete(call);
      }
    },
    storage: async () => { await storage.listBuckets(); },
  };
  const deps: AppDeps = { config, logger, health, temporal, storage };
  // Other API processes announce role/delegation/org-chart changes; without the listener
  // the viewer cache's few-second expiry still bounds how stale this process can be.
  const viewerWatch = await watchViewerChanges(config.database.url, forgetViewers,
    (error) => logger.warn({ err: error }, 'viewer-change listener lost; cached viewers now expire on their own'))
    .catch((error: unknown) => {
      logger.warn({ err: error }, 'viewer-change listener not started; cached viewers expire on their own');
      return undefined;
    });
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = config.http.host ? app.listen(config.http.port, config.http.host) : app.listen(config.http.port);
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  }).catch(async (error: unknown) => {
    await Promise.allSettled([healthPool.end(), connection.close(), viewerWatch?.stop()]);
    throw error;
  });
  const { port: boundPort } = server.address() as AddressInfo;
  const api: NaskahApi = {
    app, server, deps,
    url: `http://127.0.0.1:${boundPort}`,
    async stop() {
      running.delete(api);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.allSettled(inFlight);
      await Promise.allSettled([healthPool.end(), connection.close(), viewerWatch?.stop()]);
    },
  };
  running.add(api);
  return api;
}

/** Stops every API this process started. */
export async function stop(): Promise<void> {
  await Promise.all([...running].map((api) => api.stop()));
}

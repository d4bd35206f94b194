// Every resource router under /api. Route handlers parse input (zod), call one
// use case and let errors flow to errors/problem.ts.
import type { Server } from 'node:http';
import { Router } from 'express';
import { announceViewerChange, createOrm, isVisible, type DomainOrm } from '@naskah/domain';
import type { AppDeps } from '../app.js';
import { registerProblemCodes } from '../errors/problem.js';
import { uploadLimitFromEnv, type ApiContext } from '../context.js';
import { authenticate, forgetViewers } from '../auth/authenticate.js';
import { createRegistry } from '../openapi/registry.js';
import { minioObjectStore } from '../storage/object-store.js';
import { methodNotAllowed, type ApiRouter } from '../http/route.js';
import { authRoutes } from './auth.js';
import { documentRoutes } from './documents.js';
import { documentRenderRoutes } from './document-render.js';
import { documentPreviewRoutes } from './document-preview.js';
import { directoryRoutes } from './directory.js';
import { userRoutes } from './users.js';
import { delegationRoutes } from './delegations.js';
import { recordRoutes } from './records.js';
import { certificateRoutes } from './certificates.js';
import { correspondenceRoutes } from './correspondence.js';
import { agreementRoutes } from './agreements.js';
import { documentActionRoutes } from './document-actions.js';
import { agreementActionRoutes } from './agreement-actions.js';
import { inboxRoutes } from './inbox.js';
import { dashboardRoutes } from './dashboard.js';
import { docsRoutes } from './docs.js';
import { archivePackageRoutes } from './archive-packages.js';
import { verifyRoutes } from './verify.js';
import { pemdaRoutes } from './pemda.js';
import { mountInternalPki } from './pki.js';

// Domain error codes (DomainError) → HTTP status, once.
registerProblemCodes({
  NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, INVALID_STATE: 409, VALIDATION_FAILED: 400, NUMBER_ALREADY_ALLOCATED: 409,
  STEP_NOT_PENDING: 409, SIGNER_OUT_OF_TURN: 403, DELEGATION_INVALID: 422,
});

/** ORMs opened by apiRoutes, so whoever stops the server can close them (see closeApiRoutes). */
const openOrms = new Set<DomainOrm>();

export interface ApiRoutesOptions {
  /** Use this ORM instead of opening one from config.database.url (tests, the worker sharing a pool). */
  orm?: DomainOrm;
  uploadLimitBytes?: number;
}

export function apiRoutes(deps: AppDeps, options: ApiRoutesOptions = {}): Router {
  let orm = options.orm;
  if (!orm) {
    // Synchronous construction: defineEntity metadata needs no async discovery; the pool connects on first query.
    orm = createOrm({ databaseUrl: deps.config.database.url, poolMax: 20 });
    openOrms.add(orm);
  }
  const ctx: ApiContext = {
    config: deps.config, logger: deps.logger, orm,
    store: minioObjectStore(deps.storage, deps.config.minio.buckets.documents),
    jwtKey: new TextEncoder().encode(deps.config.auth.jwtSecret),
    uploadLimitBytes: options.uploadLimitBytes ?? uploadLimitFromEnv(),
  };
  const router = Router();
  const registry = createRegistry();
  const api: ApiRouter = {
    router, registry, authenticate: authenticate(ctx),
    visible: (viewer, type, id) => isVisible(ctx.orm.em.fork(), viewer, type, id),
    viewersChanged: async () => {
      forgetViewers();
      await announceViewerChange(ctx.orm.em.fork());
    },
  };
  // The console may be served from another origin in development; react-admin reads the total from Content-Range.
  router.use((_req, res, next) => { res.setHeader('Access-Control-Expose-Headers', 'Content-Range, X-Has-Next-Page'); next(); });
  documentOtherRoutes(registry);
  const owned = options.orm ? undefined : orm;
  if (owned) {
    // Close the pool with the HTTP server that served it.
    let hooked = false;
    router.use((req, _res, next) => {
      if (!hooked) {
        hooked = true;
        (req.socket as unknown as { server?: Server }).server?.once('close', () => { void closeOrm(owned); });
      }
      next();
    });
  }
  router.use(methodNotAllowed(registry));
  authRoutes(api, ctx);
  inboxRoutes(api, ctx);
  dashboardRoutes(api, ctx);
  documentPreviewRoutes(api, ctx); // before documentRoutes: "preview" must never reach a /documents/:id route
  documentRoutes(api, ctx, deps.temporal);
  documentRenderRoutes(api, ctx, deps.temporal);
  correspondenceRoutes(api, ctx, deps.temporal);
  agreementRoutes(api, ctx);
  documentActionRoutes(api, ctx, deps.temporal);
  agreementActionRoutes(api, ctx, deps.temporal);
  directoryRoutes(api, ctx);
  userRoutes(api, ctx);
  delegationRoutes(api, ctx);
  archivePackageRoutes(api, ctx, deps.storage); // before recordRoutes: "retention-schedule" must never reach the /archive/:id route
  recordRoutes(api, ctx);
  certificateRoutes(api, ctx);
  verifyRoutes(api, ctx);
  pemdaRoutes(api, ctx);
  mountInternalPki(router, undefined, { publicPkiUrl: deps.config.publicUrls.pki, logger: deps.logger });
  router.use(docsRoutes(registry));
  return router;
}

/** Routes mounted outside apiRoutes (health, by app.ts) and the docs themselves, so the spec covers every path. */
function documentOtherRoutes(registry: ReturnType<typeof createRegistry>): void {
  registry.registerPath({ method: 'get', path: '/health', tags: ['health'], summary: 'PostgreSQL, Temporal and MinIO reachability (503 naming what is down)',
    responses: { 200: { description: 'All parts answer' }, 503: { description: 'A part is down' } } });
  registry.registerPath({ method: 'get', path: '/openapi.json', tags: ['docs'], summary: 'This OpenAPI 3.1 document', responses: { 200: { description: 'OpenAPI document' } } });
  registry.registerPath({ method: 'get', path: '/docs', tags: ['docs'], summary: 'Browsable API reference (HTML)', responses: { 200: { description: 'HTML page' } } });
}

async function closeOrm(orm: DomainOrm): Promise<void> {
  if (!openOrms.delete(orm)) return;
  await orm.close(true);
}

/** Closes every ORM apiRoutes opened (call after stopping the HTTP server). */
export async function closeApiRoutes(): Promise<void> {
  await Promise.all([...openOrms].map((orm) => closeOrm(orm)));
}

import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from '../openapi/zod.js';
import { dbIdParam } from '../schemas/common.js';
import { hasRole, type ResourceType, type Role, type Viewer } from '@naskah/domain';
import { AppError, notFound } from '../errors/problem.js';
import { problemSchema } from '../openapi/registry.js';
import { viewerOf } from '../auth/authenticate.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** Express path relative to /api, e.g. "/documents/:id". */
  path: string;
  summary: string;
  tag: string;
  /** 'public': no sign-in; 'any': any signed-in user; a list: at least one of these roles. */
  access: 'public' | 'any' | readonly Role[];
  /**
   * The record the path's `:id` names. The access policy is asked first, before
   * roles or input: a record the caller may not see answers 404, like a missing one.
   */
  resource?: ResourceType;
  body?: B;
  query?: Q;
  params?: P;
  /** Response schema (JSON) or a raw media type such as application/pdf. */
  response?: z.ZodType | { mediaType: string };
  /** Other media types the success answer may come as (e.g. text/csv on request), documented as text. */
  alsoAs?: string[];
  status?: number;
  /**
   * A workflow action's second answer: 202 with this body when the click was recorded durably but its
   * workflow has not applied it yet (a worker restarting). The handler returns a body whose `state`
   * is 'diproses' for it.
   */
  accepted?: z.ZodType;
  /** Extra documented statuses beyond the defaults. */
  errors?: number[];
  /** The request body is not JSON (uploads): documented with this media type, not parsed. */
  rawBody?: { mediaType: string };
}

export interface HandlerInput<B, Q, P> { req: Request; res: Response; viewer: Viewer; body: B; query: Q; params: P }

export interface ApiRouter {
  router: Router; registry: OpenAPIRegistry; authenticate: RequestHandler;
  /** The access policy's answer for one record (services/domain access/policy.ts). */
  visible: (viewer: Viewer, type: ResourceType, id: number) => Promise<boolean>;
  /** Roles, delegations or the org chart changed: every API process forgets its cached viewers. */
  viewersChanged: () => Promise<void>;
}


const idParams = z.object({ id: dbIdParam() });
export { idParams };

/**
 * Mounts a route and documents it in the same call, so the OpenAPI document
 * cannot forget a route. Input is parsed with the zod schemas (a ZodError
 * becomes a 400 naming the field); the handler's return value is sent as JSON.
 */
export function defineRoute<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(
  api: ApiRouter,
  spec: RouteSpec<B, Q, P>,
  handler: (input: HandlerInput<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<unknown>,
): void {
  // The policy decides every record a path names: a route cannot forget to ask it.
  if (spec.access !== 'public' && spec.path.includes(':id') && !spec.resource) throw new Error(`${spec.method} ${spec.path} names a record but no policy resource`);
  const openApiPath = spec.path.replace(/:(\w+)/g, '{$1}');
  const success = spec.status ?? (spec.method === 'post' ? 201 : 200);
  // The input limits (http/input-limits.ts, schemas/common.ts) answer 422 for NUL, lone surrogates, depth and
  // out-of-range values in any input, and 413 for a JSON body over 1 MB: every route that takes input can answer them.
  const takesInput = Boolean(spec.body || spec.query || spec.params || spec.rawBody);
  const errorStatuses = new Set([400, ...(spec.access === 'public' ? [] : [401, 403]), ...(spec.resource ? [404] : []), ...(takesInput ? [422] : []), ...(spec.body ? [413] : []), ...(spec.errors ?? [])]);
  const responses: RouteConfig['responses'] = {
    [success]: spec.response
      ? { description: 'OK', content: 'mediaType' in spec.response
        ? { [spec.response.mediaType]: { schema: { type: 'string', format: 'binary' } } }
        : { 'application/json': { schema: spec.response } } }
      : { description: 'OK' },
  };
  if (spec.accepted) {
    responses[202] = { description: 'Accepted: recorded, sedang diproses (applied by its workflow shortly)', content: { 'application/json': { schema: spec.accepted } } };
  }
  for (const mediaType of spec.alsoAs ?? []) {
    const ok = responses[success] as { description: string; content?: Record<string, unknown> };
    ok.content = { ...ok.content, [mediaType]: { schema: { type: 'string' } } };
  }
  for (const status of errorStatuses) {
    responses[status] = { description: 'Problem (RFC 9457)', content: { 'application/problem+json': { schema: problemSchema } } };
    // A lockout (423) and a throttle (429) say when to come back (RFC 9110 §10.2.3).
    if (status === 423 || status === 429) {
      responses[status] = { ...responses[status], headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } } } };
    }
  }
  const request: RouteConfig['request'] = {};
  if (spec.params) request.params = spec.params as never;
  if (spec.query) request.query = spec.query as never;
  if (spec.body) request.body = { required: true, content: { 'application/json': { schema: spec.body } } };
  if (spec.rawBody) request.body = { required: true, content: { [spec.rawBody.mediaType]: { schema: { type: 'string', format: 'binary' } } } };
  api.registry.registerPath({
    method: spec.method, path: openApiPath, summary: spec.summary, tags: [spec.tag], request, responses,
    ...(spec.access === 'public' ? {} : { security: [{ bearer: [] }] }),
    ...(Array.isArray(spec.access) ? { description: `Roles: ${spec.access.join(', ')}` } : {}),
  });

  const guards = spec.access === 'public' ? [] : [api.authenticate];
  api.router[spec.method](spec.path, ...guards, async (req: Request, res: Response) => {
    const viewer = spec.access === 'public' ? (undefined as unknown as Viewer) : viewerOf(res);
    if (spec.resource) {
      const raw = String(req.params['id'] ?? '');
      if (!/^[1-9]\d{0,9}$/.test(raw) || !(await api.visible(viewer, spec.resource, Number(raw)))) throw notFound();
    }
    if (Array.isArray(spec.access) && !hasRole(viewer, ...(spec.access as Role[]))) {
      throw new AppError('FORBIDDEN', 403, `Needs one of the roles: ${(spec.access as Role[]).join(', ')}.`);
    }
    const params = spec.params ? spec.params.parse(req.params) : req.params;
    const query = spec.query ? spec.query.parse(req.query) : req.query;
    let body = spec.body ? parseNamingKeys(spec.body, req.body ?? {}) : req.body;
    if (spec.method === 'put' || spec.method === 'patch') body = onlySentKeys(body, req.body);
    const result = await handler({ req, res, viewer, body, query, params } as HandlerInput<z.infer<B>, z.infer<Q>, z.infer<P>>);
    // Roles, delegations and the org chart feed the cached viewers.
    if (spec.method !== 'get' && /^\/(users|delegations|positions|people)\b/.test(spec.path)) await api.viewersChanged();
    if (res.headersSent) return;
    if (result === undefined) res.status(success === 201 ? 201 : 204).end();
    else if (spec.accepted && (result as { state?: unknown }).state === 'diproses') res.status(202).json(result);
    else res.status(success).json(result);
  });
}

/**
 * A partial update changes only what the client sent: zod fills defaults even
 * inside `.partial()`, so fields the request did not name are dropped here.
 */
function onlySentKeys(parsed: unknown, raw: unknown): unknown {
  if (typeof parsed !== 'object' || parsed === null || typeof raw !== 'object' || raw === null) return parsed;
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => Object.hasOwn(raw, k)));
}

/** Like schema.parse, but an unknown key is reported at its own path, so the problem names it. */
function parseNamingKeys(schema: z.ZodType, input: unknown): unknown {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.keys[0]) (issue as { path: PropertyKey[] }).path = [...issue.path, issue.keys[0]];
  }
  throw result.error;
}

/**
 * Before the routes: a documented path asked with a method it does not have answers 405 with
 * `Allow` (RFC 9110 §15.5.6), and OPTIONS answers 204 with the same `Allow`, instead of the
 * catch-all 404 that would claim the path does not exist. Built from the OpenAPI registry, so
 * the advertised methods are exactly the documented ones. Where templates overlap
 * (/documents/preview and /documents/{id}) the most literal one decides.
 */
export function methodNotAllowed(registry: OpenAPIRegistry): RequestHandler {
  // Read on the first request: mounted before the routes (so GET /documents/bulk-sign is a 405,
  // not GET /documents/:id with id "bulk-sign"), when the registry is still empty.
  let paths: { pattern: RegExp; params: number; methods: Set<string> }[] | undefined;
  const documented = () => {
    const byPath = new Map<string, { pattern: RegExp; params: number; methods: Set<string> }>();
    for (const definition of registry.definitions) {
      if (definition.type !== 'route') continue;
      const { path, method } = definition.route;
      let entry = byPath.get(path);
      if (!entry) {
        const source = path.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
        entry = { pattern: new RegExp(`^${source}/?$`), params: (path.match(/\{\w+\}/g) ?? []).length, methods: new Set() };
        byPath.set(path, entry);
      }
      entry.methods.add(method.toUpperCase());
    }
    return [...byPath.values()];
  };
  return (req, res, next) => {
    paths ??= documented();
    const matching = paths.filter((p) => p.pattern.test(req.path));
    if (matching.length === 0) return next();
    const fewest = Math.min(...matching.map((p) => p.params));
    const allowed = new Set(matching.filter((p) => p.params === fewest).flatMap((p) => [...p.methods]));
    if (allowed.has(req.method) || (req.method === 'HEAD' && allowed.has('GET'))) return next();
    res.setHeader('Allow', [...allowed].join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(new AppError('METHOD_NOT_ALLOWED', 405, `${req.method} is not an operation of ${req.path}; allowed: ${[...allowed].join(', ')}.`));
  };
}

import type { Response } from 'express';
import { trimmed, z } from '../openapi/zod.js';
import type { ApiContext } from '../context.js';
import { defineRoute, type ApiRouter } from '../http/route.js';
import { login, refreshSession, sessionUser } from '../use-cases/login.js';
import { revokeRefreshFamily } from '../auth/refresh-tokens.js';

const sessionUserSchema = z.object({
  id: z.number().int(), personId: z.number().int(), name: z.string(), username: z.string(), roles: z.array(z.string()),
  agency: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
}).openapi('SessionUser');
const sessionSchema = z.object({ token: z.string(), refreshToken: z.string(), user: sessionUserSchema }).openapi('Session');

const loginBody = z.object({
  username: trimmed(1, 64),
  password: z.string().min(1).max(256),
}).strict().openapi('LoginRequest');

const refreshBody = z.object({ refreshToken: z.string().min(1).max(512) }).strict();

/** Tokens are never stored by a browser or proxy cache. */
function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

export function authRoutes(api: ApiRouter, ctx: ApiContext): void {
  // Token answers (and problems about them) are never kept by a cache; app.ts turns ETags off for the API.
  api.router.use('/auth', (_req, res, next) => {
    noStore(res);
    next();
  });

  defineRoute(api, {
    method: 'post', path: '/auth/login', tag: 'auth', access: 'public', status: 200, errors: [401, 429],
    summary: 'Sign in with username and password; returns a short-lived access token and a refresh token (throttled per client address and account: 429 with Retry-After)',
    body: loginBody, response: sessionSchema,
  }, async ({ req, body }) => login(ctx.orm.em.fork(), ctx.jwtKey, body.username, body.password, req.ip));

  defineRoute(api, {
    method: 'post', path: '/auth/refresh', tag: 'auth', access: 'public', status: 200, errors: [401],
    summary: 'Exchange a refresh token for a new pair; the presented refresh token is used up (presenting it again ends the whole session)',
    body: refreshBody.openapi('RefreshRequest'), response: sessionSchema,
  }, async ({ body }) => refreshSession(ctx.orm.em.fork(), ctx.jwtKey, body.refreshToken));

  defineRoute(api, {
    method: 'post', path: '/auth/logout', tag: 'auth', access: 'public', status: 204,
    summary: 'Sign out: revokes the presented refresh token and every token of its session (its family); always 204',
    body: refreshBody.openapi('LogoutRequest'),
  }, async ({ body }) => { await revokeRefreshFamily(ctx.orm.em.fork(), body.refreshToken); });

  defineRoute(api, {
    method: 'get', path: '/auth/me', tag: 'auth', access: 'any', summary: 'The signed-in user',
    response: sessionUserSchema.extend({ positionIds: z.array(z.number().int()) }),
  }, async ({ viewer }) => ({ ...(await sessionUser(ctx.orm.em.fork(), viewer.userId)), positionIds: viewer.positionIds }));
}

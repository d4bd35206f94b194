import { trimmed, z } from '../openapi/zod.js';
import type { ApiContext } from '../context.js';
import { defineRoute, type ApiRouter } from '../http/route.js';
import { AccountLockedError, login, refreshSession, sessionUser } from '../use-cases/login.js';
import { verifyToken } from '../auth/tokens.js';

const sessionUserSchema = z.object({
  id: z.number().int(), personId: z.number().int(), name: z.string(), username: z.string(), roles: z.array(z.string()),
  agency: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
}).openapi('SessionUser');
const sessionSchema = z.object({ token: z.string(), refreshToken: z.string(), user: sessionUserSchema }).openapi('Session');

export const loginBody = z.object({
  username: trimmed(1, 64),
  password: z.string().min(1).max(256),
}).strict().openapi('LoginRequest');

export function authRoutes(api: ApiRouter, ctx: ApiContext): void {
  defineRoute(api, {
    method: 'post', path: '/auth/login', tag: 'auth', access: 'public', status: 200, errors: [401, 429],
    summary: 'Sign in with username and password; returns a short-lived access token and a refresh token',
    body: loginBody, response: sessionSchema,
  }, async ({ body, res }) => {
    try {
      return await login(ctx.orm.em.fork(), ctx.jwtKey, body.username, body.password);
    } catch (error) {
      if (error instanceof AccountLockedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  });

  defineRoute(api, {
    method: 'post', path: '/auth/refresh', tag: 'auth', access: 'public', status: 200, errors: [401],
    summary: 'Exchange a refresh token for a new token pair',
    body: z.object({ refreshToken: z.string().min(1) }).strict().openapi('RefreshRequest'), response: sessionSchema,
  }, async ({ body }) => {
    const userId = await verifyToken(ctx.jwtKey, body.refreshToken, 'refresh');
    return refreshSession(ctx.orm.em.fork(), ctx.jwtKey, userId);
  });

  defineRoute(api, {
    method: 'get', path: '/auth/me', tag: 'auth', access: 'any', summary: 'The signed-in user',
    response: sessionUserSchema.extend({ positionIds: z.array(z.number().int()) }),
  }, async ({ viewer }) => ({ ...(await sessionUser(ctx.orm.em.fork(), viewer.userId)), positionIds: viewer.positionIds }));
}

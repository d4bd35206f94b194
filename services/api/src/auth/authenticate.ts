import type { RequestHandler, Response } from 'express';
import { loadViewer, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import type { ApiContext } from '../context.js';
import { verifyToken } from './tokens.js';

/**
 * Viewers (roles, acting positions, subordinates) are cached for a few
 * seconds per user: three queries saved on every request. A change of roles,
 * delegations or the org chart applies at once in every API process (writes
 * announce it through PostgreSQL: domain access/viewer-changes.ts), and within
 * `viewerTtlMs` even if a process lost its listener.
 */
const viewerTtlMs = 5000;
const viewers = new Map<number, { viewer: Promise<Viewer | null>; until: number }>();

export function forgetViewers(): void {
  viewers.clear();
}

function cachedViewer(ctx: ApiContext, userId: number): Promise<Viewer | null> {
  const now = Date.now();
  const hit = viewers.get(userId);
  if (hit && hit.until > now) return hit.viewer;
  if (viewers.size > 10_000) viewers.clear();
  const viewer = loadViewer(ctx.orm.em.fork(), userId);
  viewers.set(userId, { viewer, until: now + viewerTtlMs });
  viewer.catch(() => viewers.delete(userId));
  return viewer;
}

/** Bearer access token → the signed-in Viewer in `res.locals.viewer`. */
export function authenticate(ctx: ApiContext): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED', 401, 'Sign in first: send Authorization: Bearer <token>.');
    const userId = await verifyToken(ctx.jwtKey, match[1]!, 'access');
    const viewer = await cachedViewer(ctx, userId);
    if (!viewer) throw new AppError('UNAUTHENTICATED', 401, 'The account is disabled or no longer exists.');
    res.locals['viewer'] = viewer;
    next();
  };
}

export function viewerOf(res: Response): Viewer {
  const viewer = res.locals['viewer'] as Viewer | undefined;
  if (!viewer) throw new AppError('UNAUTHENTICATED', 401, 'Sign in first.');
  return viewer;
}

import type { RequestHandler, Response } from 'express';
import { loadViewer, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import type { ApiContext } from '../context.js';
import { verifyToken } from './tokens.js';

/** Bearer access token → the signed-in Viewer in `res.locals.viewer`. */
export function authenticate(ctx: ApiContext): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED', 401, 'Sign in first: send Authorization: Bearer <token>.');
    const userId = await verifyToken(ctx.jwtKey, match[1]!, 'access');
    const viewer = await loadViewer(ctx.orm.em.fork(), userId);
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

// Every resource router under /api. Route handlers parse input (zod), call one
// use case and let errors flow to errors/problem.ts.
import { Router } from 'express';
import type { AppDeps } from '../app.js';

export function apiRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}

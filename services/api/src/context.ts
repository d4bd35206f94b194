import type { Config } from '@naskah/config';
import type { DomainOrm } from '@naskah/domain';
import type { Logger } from 'pino';
import type { ObjectStore } from './storage/object-store.js';

/** What the API's own use cases need, built once by routes/index.ts. */
export interface ApiContext {
  config: Config;
  logger: Logger;
  orm: DomainOrm;
  store: ObjectStore;
  /** HS256 key for access and refresh tokens. */
  jwtKey: Uint8Array;
  uploadLimitBytes: number;
}

/** 50 MB unless UPLOAD_LIMIT_MB says otherwise. */
export function uploadLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env['UPLOAD_LIMIT_MB'] ?? 50);
  return Math.round((Number.isFinite(mb) && mb > 0 ? mb : 50) * 1024 * 1024);
}

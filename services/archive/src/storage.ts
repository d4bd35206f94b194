import type { Config } from '@naskah/config';
import { Client as MinioClient } from 'minio';

export interface ArchiveBuckets {
  /** Versioned: every PDF version, content-addressed `sha256/<hash>.pdf`. */
  versions: string;
  /** Object lock (WORM), COMPLIANCE mode: final PDFs and their manifests. */
  arsip: string;
}

export interface ArchiveStorage {
  client: MinioClient;
  buckets: ArchiveBuckets;
}

export function archiveStorage(config: Config, client?: MinioClient): ArchiveStorage {
  const { endPoint, port, useSSL, accessKey, secretKey } = config.minio;
  return {
    client: client ?? new MinioClient({ endPoint, port, useSSL, accessKey, secretKey }),
    buckets: { versions: config.minio.buckets.documents, arsip: config.minio.buckets.archive },
  };
}

/**
 * minio's typings resolve these overloads to `void`/`never`; the calls do
 * return promises. Typed once here instead of casting at every call site.
 */
interface ObjectLockCalls {
  putObjectRetention(bucket: string, key: string, opts: { mode: 'COMPLIANCE' | 'GOVERNANCE'; retainUntilDate: string; versionId?: string }): Promise<void>;
  getObjectLockConfig(bucket: string): Promise<{ objectLockEnabled?: string } | undefined>;
  setObjectLegalHold(bucket: string, key: string, opts: { status: 'ON' | 'OFF'; versionId?: string }): Promise<void>;
}

export function objectLock(client: MinioClient): ObjectLockCalls {
  return client as unknown as ObjectLockCalls;
}

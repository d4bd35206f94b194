import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyDestinationOptions, CopySourceOptions } from 'minio';
import { asReadable, hashing } from './hashing-stream.js';
import type { ArchiveStorage } from './storage.js';

/** What the version store needs: the client and the versioned bucket (the API's object store has no archive bucket). */
export type VersionStorage = Pick<ArchiveStorage, 'client'> & { buckets: Pick<ArchiveStorage['buckets'], 'versions'> };

export interface StoredVersion {
  key: string;
  versionId: string | null;
  sha256: string;
  size: number;
}

export function versionKey(sha256: string): string {
  return `sha256/${sha256}.pdf`;
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'NotFound' || code === 'NoSuchKey' || code === 'NoSuchVersion';
}

/**
 * Stores one PDF version content-addressed (`sha256/<hash>.pdf`) in the
 * versioned bucket. The hash is only known at the end of the stream, so the
 * bytes stream to a staging key first and are then copied server-side; the
 * same content stored twice keeps the first object (and its version id).
 */
export async function putVersion(storage: VersionStorage, body: Readable | Buffer | Uint8Array): Promise<StoredVersion> {
  const { client, buckets } = storage;
  const staging = `staging/${randomUUID()}.pdf`;
  const gate = hashing(asReadable(body));
  const failed = new Promise<never>((_, reject) => { gate.once('error', reject); });
  failed.catch(() => undefined);
  const upload = client.putObject(buckets.versions, staging, gate, undefined, { 'Content-Type': 'application/pdf' });
  upload.catch(() => undefined);
  // The storage client does not always notice a failed source stream: the source's verdict wins the race.
  const staged = await Promise.race([upload, failed]).catch(async (error: unknown) => {
    // A failed source (a bad upload) leaves nothing behind: any staged version goes too.
    // Not awaited: after a failed source the client may never settle the upload.
    upload.then(() => removeStaging(storage, staging), () => undefined).catch(() => undefined);
    throw error;
  });
  try {
    const key = versionKey(gate.sha256);
    const existing = await client.statObject(buckets.versions, key).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (existing) return { key, versionId: existing.versionId ?? null, sha256: gate.sha256, size: gate.size };
    await client.copyObject(
      new CopySourceOptions({ Bucket: buckets.versions, Object: staging, ...(staged.versionId ? { VersionID: staged.versionId } : {}) }),
      new CopyDestinationOptions({ Bucket: buckets.versions, Object: key, MetadataDirective: 'REPLACE', Headers: { 'Content-Type': 'application/pdf' }, UserMetadata: { sha256: gate.sha256 } }),
    );
    const stat = await client.statObject(buckets.versions, key);
    return { key, versionId: stat.versionId ?? null, sha256: gate.sha256, size: gate.size };
  } finally {
    // Versioned bucket: removing by version id really deletes instead of leaving a delete marker.
    await client.removeObject(buckets.versions, staging, staged.versionId ? { versionId: staged.versionId } : {}).catch(() => undefined);
  }
}

async function removeStaging(storage: VersionStorage, staging: string): Promise<void> {
  for await (const item of storage.client.listObjects(storage.buckets.versions, staging, false, { IncludeVersion: true })) {
    if (item.name === staging) await storage.client.removeObject(storage.buckets.versions, staging, item.versionId ? { versionId: item.versionId } : {});
  }
}

export async function getVersion(storage: VersionStorage, key: string, versionId?: string | null): Promise<Readable> {
  return storage.client.getObject(storage.buckets.versions, key, versionId ? { versionId } : {});
}

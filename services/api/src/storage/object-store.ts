import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type { Client as MinioClient } from 'minio';
import { putVersion, type StoredVersion } from '@naskah/archive';

/**
 * The storage port the API writes PDFs through. This MinIO implementation is
 * deliberately small so the archive package can replace it (versioned bucket,
 * WORM archive) without touching the use cases.
 */
export interface ObjectStore {
  /**
   * Stores `body` under `key`: a stream is hashed as it goes and never buffered whole; bytes already
   * in memory (a small upload judged by its content) go up in one PUT.
   */
  put(key: string, body: Readable | Buffer, contentType: string): Promise<{ size: number; sha256: string; versionId: string | null }>;
  /**
   * Streams a PDF version in content-addressed (`sha256/<hash>.pdf`, the archive's version store):
   * the key is only known once the last byte has been hashed. A failed source stores nothing.
   */
  putVersion(body: Readable): Promise<StoredVersion>;
  get(key: string): Promise<Readable>;
  /** Size and media type of a stored object; undefined when there is none under `key`. */
  stat(key: string): Promise<{ size: number; contentType: string } | undefined>;
  /** Removes an object a failed upload may have left behind. */
  remove(key: string): Promise<void>;
}

export function minioObjectStore(client: MinioClient, bucket: string): ObjectStore {
  let bucketReady: Promise<void> | undefined;
  const ensureBucket = () => (bucketReady ??= (async () => {
    if (!(await client.bucketExists(bucket))) {
      await client.makeBucket(bucket).catch(async (error: unknown) => {
        if (!(await client.bucketExists(bucket))) throw error;
      });
    }
  })().catch((error: unknown) => { bucketReady = undefined; throw error; }));
  return {
    async put(key, body, contentType) {
      await ensureBucket();
      if (Buffer.isBuffer(body)) {
        // Known size: one PUT. A stream of unknown size goes up as a multipart upload, and minio-js resumes
        // any unfinished upload of the same key, so two requests storing one content-addressed key at once
        // completed each other's upload (NoSuchUpload, a 500 in the access matrix run).
        const info = await client.putObject(bucket, key, body, body.length, { 'Content-Type': contentType });
        return { size: body.length, sha256: createHash('sha256').update(body).digest('hex'), versionId: info.versionId ?? null };
      }
      const hash = createHash('sha256');
      let size = 0;
      const tee = new PassThrough();
      body.on('data', (chunk: Buffer) => { hash.update(chunk); size += chunk.length; });
      body.on('error', (error) => tee.destroy(error));
      // The caller handles the source's error; this only keeps a late 'error' from crashing the process.
      tee.on('error', () => undefined);
      body.pipe(tee);
      const info = await client.putObject(bucket, key, tee, undefined, { 'Content-Type': contentType });
      return { size, sha256: hash.digest('hex'), versionId: info.versionId ?? null };
    },
    async putVersion(body) {
      await ensureBucket();
      return putVersion({ client, buckets: { versions: bucket } }, body);
    },
    async get(key) {
      await ensureBucket();
      return client.getObject(bucket, key);
    },
    async stat(key) {
      await ensureBucket();
      try {
        const info = await client.statObject(bucket, key);
        const meta = info.metaData as Record<string, string | undefined>;
        return { size: info.size, contentType: meta['content-type'] ?? meta['Content-Type'] ?? 'application/octet-stream' };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'NotFound' || code === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async remove(key) {
      await client.removeObject(bucket, key);
    },
  };
}

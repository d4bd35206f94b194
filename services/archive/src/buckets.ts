import type { Client as MinioClient } from 'minio';
import { ArchiveError } from './errors.js';
import { objectLock, type ArchiveStorage } from './storage.js';

async function makeBucketOnce(client: MinioClient, name: string, objectLocking: boolean): Promise<void> {
  if (await client.bucketExists(name)) return;
  // Another process may create it between the check and the call.
  await client.makeBucket(name, '', { ObjectLocking: objectLocking }).catch(async (error: unknown) => {
    if (!(await client.bucketExists(name))) throw error;
  });
}

/**
 * Creates the two buckets when missing and checks the ones that exist:
 * versioning on the versions bucket, object lock on the archive bucket.
 * Object lock can only be chosen when a bucket is made, so an archive bucket
 * made without it is refused rather than "fixed".
 */
export async function ensureBuckets(storage: ArchiveStorage): Promise<void> {
  const { client, buckets } = storage;
  await makeBucketOnce(client, buckets.versions, false);
  const versioning = await client.getBucketVersioning(buckets.versions);
  if (versioning?.Status !== 'Enabled') await client.setBucketVersioning(buckets.versions, { Status: 'Enabled' });
  await makeBucketOnce(client, buckets.arsip, true);
  await assertArchiveBucketLocked(storage);
}

/** Throws ARCHIVE_BUCKET_NOT_LOCKED unless the archive bucket has object lock enabled; the API calls it before listening. */
export async function assertArchiveBucketLocked(storage: ArchiveStorage): Promise<void> {
  const { client, buckets } = storage;
  let enabled = false;
  try {
    const lock = await objectLock(client).getObjectLockConfig(buckets.arsip);
    enabled = lock?.objectLockEnabled === 'Enabled';
  } catch (error) {
    // MinIO answers ObjectLockConfigurationNotFoundError for a bucket made without lock.
    const code = (error as { code?: string }).code;
    if (code !== 'ObjectLockConfigurationNotFoundError' && code !== 'NoSuchObjectLockConfiguration') throw error;
  }
  if (!enabled) {
    throw new ArchiveError('ARCHIVE_BUCKET_NOT_LOCKED',
      `Bucket ${buckets.arsip} has no object lock: archived documents could be deleted. Recreate it with object lock (MINIO_BUCKET_ARCHIVE).`);
  }
}

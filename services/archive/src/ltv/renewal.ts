// The renewal walk: a kept file gets fresh validation data and a new document
// time-stamp before its newest time-stamp's TSA certificate expires (or at once
// when it rests on a deprecated hash, or has none yet). Each renewal is a new
// object beside the earlier one in the locked bucket; the record points at the newest.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { recordArchiveRenewal, recordAudit, renewableArchiveRecordsAfter, type AuditActor, type RenewableArchiveRecord } from '@naskah/domain';
import { archivalState } from '@naskah/signing';
import { arsipKey, manifestKey, putOnce, type ArchiveContext, type ArchiveManifest, type ManifestFile } from '../archive-document.js';
import { ArchiveError } from '../errors.js';
import { asReadable, hashing } from '../hashing-stream.js';
import { objectLock } from '../storage.js';
import { applyLtv, ltvActionFor, messageOf, type ArchiveLtv, type LtvAction } from './archival-timestamps.js';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The manifest as a renewal extends it: the earlier finals, newest last, with why each was replaced. */
export interface RenewedManifest extends ArchiveManifest {
  previous?: (ManifestFile & { replacedAt: string; reason: LtvAction })[];
}

export interface RenewalResult {
  archiveId: number;
  action: LtvAction;
  objectKey: string;
  sha256: string;
}

const renewalActor: AuditActor = { id: null, name: 'Pembaruan cap waktu arsip' };

/**
 * One record: its PDF read at the recorded version; when it needs an upgrade
 * or a renewal, the new file goes in as a new object (never over the earlier
 * one) with the same retain-until and a manifest naming the earlier versions,
 * then the record points at it and `archive.timestamp_renewed` is audited.
 * A retry after the record moved on finds nothing due.
 */
async function renewArchivedRecord(ctx: ArchiveContext & { ltv: ArchiveLtv }, row: RenewableArchiveRecord, now: Date): Promise<RenewalResult | undefined> {
  const { client, buckets } = ctx.storage;
  const pdf = await bytesOf(await client.getObject(buckets.arsip, row.object_key, row.version_id ? { versionId: row.version_id } : {}));
  const action = ltvActionFor(archivalState(pdf), now, ctx.ltv.windowDays ?? 180);
  if (!action) return undefined;
  const renewed = await applyLtv(ctx.ltv, pdf, action);
  const sha256 = createHash('sha256').update(renewed).digest('hex');

  const oldManifestKey = manifestKey(row.document_id, row.sha256);
  const old = JSON.parse((await bytesOf(await client.getObject(buckets.arsip, oldManifestKey))).toString('utf8')) as RenewedManifest;
  const until = new Date(old.retainUntil);
  const lock = until.getTime() > Date.now();
  const objectKey = arsipKey(row.document_id, sha256);
  const final = await putOnce(ctx.storage, objectKey, hashing(asReadable(renewed), sha256), 'application/pdf', sha256);
  if (lock) await objectLock(client).putObjectRetention(buckets.arsip, objectKey, { mode: 'COMPLIANCE', retainUntilDate: until.toISOString(), ...(final.versionId ? { versionId: final.versionId } : {}) });

  const manifest: RenewedManifest = {
    ...old,
    final: { key: objectKey, versionId: final.versionId, sha256, size: final.size },
    previous: [...(old.previous ?? []), { ...old.final, replacedAt: final.lastModified.toISOString(), reason: action }],
  };
  const mKey = manifestKey(row.document_id, sha256);
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const manifestSha = createHash('sha256').update(manifestBytes).digest('hex');
  const m = await putOnce(ctx.storage, mKey, hashing(asReadable(manifestBytes), manifestSha), 'application/json', manifestSha).catch((error: unknown) => {
    // A retry builds the manifest again; the first one written stays authoritative.
    if (error instanceof ArchiveError && error.code === 'ARCHIVE_HASH_MISMATCH') return undefined;
    throw error;
  });
  const manifestVersion = m?.versionId ?? (await client.statObject(buckets.arsip, mKey)).versionId ?? null;
  if (lock) await objectLock(client).putObjectRetention(buckets.arsip, mKey, { mode: 'COMPLIANCE', retainUntilDate: until.toISOString(), ...(manifestVersion ? { versionId: manifestVersion } : {}) });

  const after = archivalState(renewed).documentTimestamp;
  return ctx.orm.em.fork().transactional(async (tx) => {
    const moved = await recordArchiveRenewal(tx, row.id, row.sha256, { objectKey, versionId: final.versionId, sha256, size: final.size });
    if (!moved) return undefined;
    await recordAudit(tx, {
      actor: renewalActor, action: 'archive.timestamp_renewed', subjectType: 'document', subjectId: row.document_id, agencyId: row.agency_id,
      data: {
        archiveId: row.id, reason: action, objectKey, versionId: final.versionId, sha256, size: final.size, manifestKey: mKey,
        previous: { objectKey: row.object_key, versionId: row.version_id, sha256: row.sha256 },
        tsaNotAfter: after?.tsaNotAfter.toISOString() ?? null, retainUntil: until.toISOString(),
      },
    });
    return { archiveId: row.id, action, objectKey, sha256 };
  });
}

export interface RenewalBatch {
  cursor: number;
  checked: number;
  renewed: RenewalResult[];
  /** Records whose renewal failed this time (a TSA down): the next run tries again. */
  failed: { archiveId: number; error: string }[];
  done: boolean;
}

/** One batch of live records after `cursor`, each renewed when due; a failure is reported, not thrown, so the rest go on. */
export async function renewArchiveBatch(
  ctx: ArchiveContext & { ltv: ArchiveLtv }, options: { cursor: number; batchSize?: number; now: Date; onRecord?: (cursor: number) => void },
): Promise<RenewalBatch> {
  const batchSize = options.batchSize ?? 100;
  const rows = await renewableArchiveRecordsAfter(ctx.orm.em.fork(), options.cursor, batchSize);
  const renewed: RenewalResult[] = [];
  const failed: RenewalBatch['failed'] = [];
  for (const row of rows) {
    try {
      const result = await renewArchivedRecord(ctx, row, options.now);
      if (result) renewed.push(result);
    } catch (error) {
      failed.push({ archiveId: row.id, error: messageOf(error) });
    }
    options.onRecord?.(row.id);
  }
  return { cursor: rows.at(-1)?.id ?? options.cursor, checked: rows.length, renewed, failed, done: rows.length < batchSize };
}

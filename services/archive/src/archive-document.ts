import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  archivableDocument, archiveRecordOfDocument, documentVersionFiles, insertArchiveRecord, latestDocumentVersionFile, recordAudit,
  type AuditActor, type DomainOrm,
} from '@naskah/domain';
import { ArchiveError } from './errors.js';
import { asReadable, hashing } from './hashing-stream.js';
import { findRetentionRule, retainUntil, type RetentionRuleRow } from './retention.js';
import { objectLock, type ArchiveStorage } from './storage.js';
import { upgradeForArchive, type ArchiveLtv, type LtvOutcome } from './ltv/archival-timestamps.js';

export interface ArchiveContext {
  storage: ArchiveStorage;
  orm: DomainOrm;
  /** Archival time-stamps: when configured, a signed PDF goes in as PAdES B-LTA (and the renewal schedule keeps it so). */
  ltv?: ArchiveLtv;
}

export interface ManifestFile {
  key: string;
  versionId: string | null;
  sha256: string;
  size: number;
}

/** What the archive bucket keeps beside the final PDF; the integrity scan and the auditor package check against it. */
export interface ArchiveManifest {
  format: 'naskah-arsip-manifest/1';
  documentId: number;
  number: string | null;
  hal: string;
  agencyId: number;
  archiveCode: string;
  retention: { codePrefix: string; activeYears: number; inactiveYears: number; fate: RetentionRuleRow['fate'] };
  archivedAt: string;
  retainUntil: string;
  final: ManifestFile;
  versions: (ManifestFile & { no: number })[];
}

export interface ArchiveDocumentInput {
  documentId: number;
  /** The final (signed) PDF; streamed, never buffered whole. */
  pdf: Readable | Buffer | Uint8Array;
  /** Its SHA-256 as recorded when the version was made; the upload aborts if the bytes differ. */
  sha256: string;
  actor?: AuditActor;
  /** What the archival time-stamp step did, for the audit event. */
  ltv?: LtvOutcome['ltv'];
}

export interface ArchivedDocument {
  archiveId: number;
  objectKey: string;
  versionId: string | null;
  sha256: string;
  /** Bytes of the archived PDF, as stored. */
  size: number;
  retainUntil: Date;
  /** false when an earlier attempt already archived it (idempotent retry). */
  created: boolean;
}

const systemActor: AuditActor = { id: null, name: 'Sistem arsip' };

export function arsipKey(documentId: number, sha256: string): string {
  return `arsip/${documentId}/${sha256}.pdf`;
}
export function manifestKey(documentId: number, sha256: string): string {
  return `arsip/${documentId}/${sha256}.manifest.json`;
}

function isPreconditionFailed(error: unknown): boolean {
  return (error as { code?: string }).code === 'PreconditionFailed';
}

/**
 * Writes `body` once: `If-None-Match: *` makes a retry after a crash (or a
 * second worker) find the object already there instead of adding a version.
 * Returns the version that holds the content.
 */
export async function putOnce(storage: ArchiveStorage, key: string, body: Readable, contentType: string, sha256: string): Promise<{ versionId: string | null; size: number; lastModified: Date }> {
  const { client, buckets } = storage;
  try {
    // The storage client does not always notice a failed source stream: the source's verdict wins the race.
    const failed = new Promise<never>((_, reject) => { body.once('error', reject); });
    const upload = client.putObject(buckets.arsip, key, body, undefined, { 'Content-Type': contentType, 'If-None-Match': '*', sha256 });
    upload.catch(() => undefined);
    failed.catch(() => undefined);
    const written = await Promise.race([upload, failed]);
    // Written now: this attempt's version is the only one.
    const size = (body as { size?: number }).size;
    if (typeof size === 'number') return { versionId: written.versionId ?? null, size, lastModified: (await client.statObject(buckets.arsip, key, written.versionId ? { versionId: written.versionId } : {})).lastModified };
  } catch (error) {
    if (!isPreconditionFailed(error)) throw error;
    body.destroy();
  }
  // The oldest version is the one written first; any later one was put behind the archive's back.
  let oldest: { versionId: string | null; size: number; lastModified: Date } | undefined;
  for await (const item of client.listObjects(buckets.arsip, key, false, { IncludeVersion: true })) {
    if (item.name !== key || (item as { isDeleteMarker?: boolean }).isDeleteMarker) continue;
    const lastModified = new Date(item.lastModified);
    if (!oldest || lastModified < oldest.lastModified) oldest = { versionId: item.versionId ?? null, size: item.size, lastModified };
  }
  if (!oldest) throw new ArchiveError('ARCHIVE_NOT_FOUND', `${key} vanished right after it was written.`);
  const stat = await client.statObject(buckets.arsip, key, oldest.versionId ? { versionId: oldest.versionId } : {});
  if (stat.metaData['sha256'] !== sha256) {
    throw new ArchiveError('ARCHIVE_HASH_MISMATCH', `${key} already holds different content (sha256 ${String(stat.metaData['sha256'])}).`, 'sha256');
  }
  return oldest;
}

/**
 * Archives a document's final PDF into the object-locked bucket with a
 * manifest, retention from the JRA, and one archive record plus audit
 * event. Idempotent per document: a retry (after MinIO or the worker went
 * away at any point) finds what the earlier attempt wrote and finishes it.
 */
export async function archiveDocument(ctx: ArchiveContext, input: ArchiveDocumentInput): Promise<ArchivedDocument> {
  if (!/^[0-9a-f]{64}$/.test(input.sha256)) throw new ArchiveError('VALIDATION_FAILED', 'sha256 must be 64 lowercase hex digits.', 'sha256');
  const em = ctx.orm.em.fork();
  const done = await existingRecord(ctx, input.documentId);
  if (done) {
    if (!Buffer.isBuffer(input.pdf) && !(input.pdf instanceof Uint8Array)) input.pdf.destroy();
    return done;
  }
  const doc = await archivableDocument(em, input.documentId);
  if (!doc) throw new ArchiveError('ARCHIVE_SOURCE_MISSING', `Document ${input.documentId} does not exist.`, 'documentId');
  const rule = await findRetentionRule(em, doc.archive_code);
  const versions = (await documentVersionFiles(em, input.documentId))
    .map((v) => ({ no: v.no, key: v.object_key, versionId: null, sha256: v.sha256, size: Number(v.size) }));

  const { client, buckets } = ctx.storage;
  const objectKey = arsipKey(doc.id, input.sha256);
  const gate = hashing(asReadable(input.pdf), input.sha256);
  const final = await putOnce(ctx.storage, objectKey, gate, 'application/pdf', input.sha256);
  // The object's own write time, so a retry computes the same retain-until.
  const archivedAt = final.lastModified;
  const until = retainUntil(archivedAt, rule);
  // A JRA rule of 0 + 0 years has nothing left to retain, and storage refuses a retain-until in the past.
  const lock = until.getTime() > Date.now();
  if (lock) await objectLock(client).putObjectRetention(buckets.arsip, objectKey, { mode: 'COMPLIANCE', retainUntilDate: until.toISOString(), ...(final.versionId ? { versionId: final.versionId } : {}) });

  const manifest: ArchiveManifest = {
    format: 'naskah-arsip-manifest/1', documentId: doc.id, number: doc.number, hal: doc.hal, agencyId: doc.agency_id, archiveCode: doc.archive_code,
    retention: { codePrefix: rule.codePrefix, activeYears: rule.activeYears, inactiveYears: rule.inactiveYears, fate: rule.fate },
    archivedAt: archivedAt.toISOString(), retainUntil: until.toISOString(),
    final: { key: objectKey, versionId: final.versionId, sha256: input.sha256, size: final.size },
    versions,
  };
  const mKey = manifestKey(doc.id, input.sha256);
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const manifestSha = createHash('sha256').update(manifestBytes).digest('hex');
  const m = await putOnce(ctx.storage, mKey, hashing(asReadable(manifestBytes), manifestSha), 'application/json', manifestSha).catch(async (error: unknown) => {
    // A retry builds the manifest again at a later time; the first one written stays authoritative.
    if (error instanceof ArchiveError && error.code === 'ARCHIVE_HASH_MISMATCH') return undefined;
    throw error;
  });
  const manifestVersion = m?.versionId ?? (await client.statObject(buckets.arsip, mKey)).versionId ?? null;
  if (lock) await objectLock(client).putObjectRetention(buckets.arsip, mKey, { mode: 'COMPLIANCE', retainUntilDate: until.toISOString(), ...(manifestVersion ? { versionId: manifestVersion } : {}) });

  return em.transactional(async (tx) => {
    const row = await insertArchiveRecord(tx, {
      documentId: doc.id, objectKey, versionId: final.versionId, sha256: input.sha256, size: final.size, archiveCode: doc.archive_code,
      retentionUntil: until.toISOString().slice(0, 10), fate: rule.fate, archivedAt,
    });
    if (!row) {
      const again = await existingRecord(ctx, doc.id);
      if (!again) throw new Error('archive record conflict without a row');
      return again;
    }
    await recordAudit(tx, {
      actor: input.actor ?? systemActor, action: 'archive.archived', subjectType: 'document', subjectId: doc.id, agencyId: doc.agency_id,
      data: { archiveId: row.id, objectKey, versionId: final.versionId, sha256: input.sha256, size: final.size, manifestKey: mKey,
        archiveCode: doc.archive_code, fate: rule.fate, retainUntil: until.toISOString(), ...(input.ltv ? { ltv: input.ltv } : {}) },
    });
    return { archiveId: row.id, objectKey, versionId: final.versionId, sha256: input.sha256, size: final.size, retainUntil: until, created: true };
  });
}

async function existingRecord(ctx: ArchiveContext, documentId: number): Promise<ArchivedDocument | undefined> {
  const row = await archiveRecordOfDocument(ctx.orm.em.fork(), documentId);
  if (!row) return undefined;
  return { archiveId: row.id, objectKey: row.object_key, versionId: row.version_id, sha256: row.sha256, size: Number(row.size), retainUntil: new Date(row.retention_until), created: false };
}

/**
 * The workflow's archive step: the document's latest version, read from the
 * versions bucket by its key, archived with the hash recorded for it. With
 * archival time-stamps configured, a signed version without a document
 * time-stamp (a provider's B-T) is upgraded to B-LTA first; if that fails,
 * the signed version is archived as it is and the renewal schedule upgrades
 * it later (the provider's signature is never put at risk by a TSA outage).
 */
export async function archiveLatestVersion(ctx: ArchiveContext, documentId: number, actor?: AuditActor): Promise<ArchivedDocument> {
  const done = await existingRecord(ctx, documentId);
  if (done) return done;
  const latest = await latestDocumentVersionFile(ctx.orm.em.fork(), documentId);
  if (!latest) throw new ArchiveError('ARCHIVE_SOURCE_MISSING', `Document ${documentId} has no PDF version to archive.`, 'documentId');
  const pdf = await ctx.storage.client.getObject(ctx.storage.buckets.versions, latest.object_key);
  if (!ctx.ltv) return archiveDocument(ctx, { documentId, pdf, sha256: latest.sha256, ...(actor ? { actor } : {}) });
  // The upgrade needs the whole file; the bytes read are checked against the recorded hash first.
  const chunks: Buffer[] = [];
  for await (const chunk of pdf) chunks.push(Buffer.from(chunk as Buffer));
  const read = Buffer.concat(chunks);
  if (createHash('sha256').update(read).digest('hex') !== latest.sha256) {
    throw new ArchiveError('ARCHIVE_HASH_MISMATCH', `${latest.object_key} does not hash to the recorded ${latest.sha256}.`, 'sha256');
  }
  const upgraded = await upgradeForArchive(ctx.ltv, read);
  return archiveDocument(ctx, { documentId, pdf: upgraded.pdf, sha256: upgraded.sha256, ltv: upgraded.ltv, ...(actor ? { actor } : {}) });
}

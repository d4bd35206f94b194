import { createHash } from 'node:crypto';
import { archiveRecordsAfter, notifyActiveAdmins, recordAudit, type DomainEntityManager, type ScannedRecord } from '@naskah/domain';
import type { ArchiveContext, ArchiveManifest } from '../archive-document.js';
import { manifestKey } from '../archive-document.js';
import { sha256OfStream } from '../hashing-stream.js';

export type IntegrityProblemKind = 'missing_object' | 'hash_mismatch' | 'size_mismatch' | 'unexpected_version' | 'missing_manifest' | 'manifest_mismatch';

export interface IntegrityProblem {
  archiveId: number;
  documentId: number;
  kind: IntegrityProblemKind;
  detail: string;
}

export interface ScanProgress {
  /** Last archive_record id checked; the next batch starts after it. */
  cursor: number;
  checked: number;
  bytes: number;
  problems: IntegrityProblem[];
  /** No records after the cursor. */
  done: boolean;
}

export interface ScanBatchOptions {
  cursor: number;
  batchSize?: number;
  /** Objects hashed at once. */
  concurrency?: number;
  /** Called after each record (heartbeat from an activity). */
  onRecord?: (cursor: number) => void;
}

type RecordRow = ScannedRecord;

/**
 * Re-hashes one batch of archived objects against the database and the
 * manifest stored beside them. Problems are returned, not thrown: a broken
 * record must not stop the rest of the scan.
 */
export async function scanArchiveBatch(ctx: ArchiveContext, options: ScanBatchOptions): Promise<ScanProgress> {
  const batchSize = options.batchSize ?? 200;
  const rows = await archiveRecordsAfter(ctx.orm.em.fork(), options.cursor, batchSize);
  const problems: IntegrityProblem[] = [];
  let bytes = 0;
  let next = 0;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const checkNext = async (): Promise<void> => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const result = await checkRecord(ctx, row);
      bytes += result.bytes;
      problems.push(...result.problems);
      options.onRecord?.(row.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, checkNext));
  problems.sort((a, b) => a.archiveId - b.archiveId);
  return { cursor: rows.at(-1)?.id ?? options.cursor, checked: rows.length, bytes, problems, done: rows.length < batchSize };
}

async function checkRecord(ctx: ArchiveContext, row: RecordRow): Promise<{ bytes: number; problems: IntegrityProblem[] }> {
  const { client, buckets } = ctx.storage;
  const problems: IntegrityProblem[] = [];
  const problem = (kind: IntegrityProblemKind, detail: string) => problems.push({ archiveId: row.id, documentId: row.document_id, kind, detail });
  const mKey = manifestKey(row.document_id, row.sha256);
  let bytes = 0;
  // The normal case costs two requests, like a plain read: the PDF's latest
  // version (its version-id header proves nothing newer was put on top) and
  // the manifest. Only a record that looks wrong gets the full listing.
  const [latest, manifestText] = await Promise.all([readLatest(ctx, row.object_key), readSmall(ctx, mKey)]);
  let pdf: { sha256: string; size: number } | undefined;
  let suspicious = !manifestText;
  if (latest && latest.versionId === row.version_id) {
    pdf = latest;
  } else {
    suspicious = true;
    pdf = await client.getObject(buckets.arsip, row.object_key, row.version_id ? { versionId: row.version_id } : {}).then(sha256OfStream, (error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
  }
  if (!pdf) {
    problem('missing_object', `${row.object_key} version ${row.version_id ?? '-'} is not in ${buckets.arsip}`);
  } else {
    bytes += pdf.size;
    if (pdf.sha256 !== row.sha256) problem('hash_mismatch', `${row.object_key} hashes to ${pdf.sha256}, the database says ${row.sha256}`);
    if (pdf.size !== Number(row.size)) problem('size_mismatch', `${row.object_key} has ${pdf.size} bytes, the database says ${Number(row.size)}`);
  }
  const versions = suspicious || !pdf ? await listVersions(ctx, `arsip/${row.document_id}/`) : undefined;
  const pdfVersions = versions?.get(row.object_key) ?? [];
  if (pdf && pdfVersions.length > 1) problem('unexpected_version', `${row.object_key} has ${pdfVersions.length} versions; only ${row.version_id ?? '-'} was archived`);
  if (!manifestText) {
    problem('missing_manifest', `${mKey} is not in ${buckets.arsip}`);
  } else {
    if (manifestText.foreign) problem('unexpected_version', `${mKey}: its latest version was not written by the archive`);
    bytes += manifestText.text.length;
    let manifest: ArchiveManifest | undefined;
    try { manifest = JSON.parse(manifestText.text.toString('utf8')) as ArchiveManifest; } catch { manifest = undefined; }
    if (!manifest || manifest.final?.sha256 !== row.sha256 || manifest.final.versionId !== row.version_id || manifest.documentId !== row.document_id) {
      problem('manifest_mismatch', `${mKey} does not name ${row.object_key} version ${row.version_id ?? '-'} with sha256 ${row.sha256}`);
    }
  }
  return { bytes, problems };
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchVersion';
}

async function listVersions(ctx: ArchiveContext, prefix: string): Promise<Map<string, { versionId: string | null }[]>> {
  const versions = new Map<string, { versionId: string | null }[]>();
  for await (const item of ctx.storage.client.listObjects(ctx.storage.buckets.arsip, prefix, true, { IncludeVersion: true })) {
    if (!item.name) continue;
    const list = versions.get(item.name) ?? [];
    list.push({ versionId: item.versionId ?? null });
    versions.set(item.name, list);
  }
  return versions;
}

interface LatestRead { versionId: string | null; sha256: string; size: number }

/** GET without a version id: the latest version, hashed, with the version id the server says it is. */
async function readLatest(ctx: ArchiveContext, key: string): Promise<LatestRead | undefined> {
  try {
    const body = await ctx.storage.client.getObject(ctx.storage.buckets.arsip, key);
    const versionId = (body as { headers?: Record<string, string | undefined> }).headers?.['x-amz-version-id'] ?? null;
    return { versionId, ...(await sha256OfStream(body)) };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * The manifest's latest version. The archive writes it once with its own
 * sha256 in the object metadata; a latest version without that (or whose
 * bytes do not match it) was put by someone else. A byte-identical re-put
 * is not caught here, and changes nothing a reader relies on.
 */
async function readSmall(ctx: ArchiveContext, key: string): Promise<{ text: Buffer; foreign: boolean } | undefined> {
  let body;
  try {
    body = await ctx.storage.client.getObject(ctx.storage.buckets.arsip, key);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks);
  const stat = (body as { headers?: Record<string, string | undefined> }).headers ?? {};
  const writtenSha = stat['x-amz-meta-sha256'];
  const same = writtenSha !== undefined && createHash('sha256').update(text).digest('hex') === writtenSha;
  return { text, foreign: !same };
}

/**
 * The alert record: one audit event listing the problems, and a notification
 * to every active admin, in one transaction.
 */
export async function raiseIntegrityAlert(em: DomainEntityManager, scanId: string, problems: IntegrityProblem[]): Promise<{ notified: number }> {
  if (problems.length === 0) return { notified: 0 };
  return em.fork().transactional(async (tx) => {
    await recordAudit(tx, {
      actor: { id: null, name: 'Pemindai integritas arsip' }, action: 'archive.integrity_alert', subjectType: 'archive_scan', subjectId: scanId,
      data: { problems: problems.slice(0, 200), total: problems.length },
    });
    const kinds = [...new Set(problems.map((p) => p.kind))].join(', ');
    const notified = await notifyActiveAdmins(tx, {
      kind: 'archive_integrity', subjectType: 'archive_record', subjectId: problems[0]!.archiveId, title: `Peringatan integritas arsip: ${problems.length} masalah`,
      body: `Pemindaian ${scanId} menemukan: ${kinds}. Rincian di jejak audit (archive.integrity_alert).`,
    });
    return { notified };
  });
}

import { recordAudit, type DomainEntityManager } from '@naskah/domain';
import type { ArchiveContext, ArchiveManifest } from '../archive-document.js';
import { manifestKey } from '../archive-document.js';
import { sha256OfStream } from '../hashing-stream.js';

export type IntegrityProblemKind = 'missing_object' | 'hash_mismatch' | 'unexpected_version' | 'missing_manifest' | 'manifest_mismatch';

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

interface RecordRow { id: number; document_id: number; object_key: string; version_id: string | null; sha256: string }

/**
 * Re-hashes one batch of archived objects against the database and the
 * manifest stored beside them. Problems are returned, not thrown: a broken
 * record must not stop the rest of the scan.
 */
export async function scanArchiveBatch(ctx: ArchiveContext, options: ScanBatchOptions): Promise<ScanProgress> {
  const batchSize = options.batchSize ?? 200;
  const rows = await ctx.orm.em.fork().execute<RecordRow[]>(
    'select id, document_id, object_key, version_id, sha256 from archive_record where id > ? order by id limit ?', [options.cursor, batchSize]);
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
  // One listing covers the PDF and its manifest: both live under the document's prefix.
  const versions = new Map<string, { versionId: string | null; isLatest: boolean }[]>();
  for await (const item of client.listObjects(buckets.arsip, `arsip/${row.document_id}/`, true, { IncludeVersion: true })) {
    if (!item.name) continue;
    const list = versions.get(item.name) ?? [];
    list.push({ versionId: item.versionId ?? null, isLatest: Boolean(item.isLatest) });
    versions.set(item.name, list);
  }
  const pdfVersions = versions.get(row.object_key) ?? [];
  let bytes = 0;
  if (!pdfVersions.some((v) => v.versionId === row.version_id)) {
    problem('missing_object', `${row.object_key} version ${row.version_id ?? '-'} is not in ${buckets.arsip}`);
  } else {
    if (pdfVersions.length > 1) problem('unexpected_version', `${row.object_key} has ${pdfVersions.length} versions; only ${row.version_id ?? '-'} was archived`);
    const body = await client.getObject(buckets.arsip, row.object_key, row.version_id ? { versionId: row.version_id } : {});
    const { sha256, size } = await sha256OfStream(body);
    bytes += size;
    if (sha256 !== row.sha256) problem('hash_mismatch', `${row.object_key} hashes to ${sha256}, the database says ${row.sha256}`);
  }
  const manifestVersions = versions.get(mKey) ?? [];
  if (manifestVersions.length === 0) {
    problem('missing_manifest', `${mKey} is not in ${buckets.arsip}`);
  } else {
    if (manifestVersions.length > 1) problem('unexpected_version', `${mKey} has ${manifestVersions.length} versions`);
    const oldest = manifestVersions.at(-1)!;
    const chunks: Buffer[] = [];
    for await (const c of await client.getObject(buckets.arsip, mKey, oldest.versionId ? { versionId: oldest.versionId } : {})) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks);
    bytes += text.length;
    let manifest: ArchiveManifest | undefined;
    try { manifest = JSON.parse(text.toString('utf8')) as ArchiveManifest; } catch { manifest = undefined; }
    if (!manifest || manifest.final?.sha256 !== row.sha256 || manifest.final.versionId !== row.version_id || manifest.documentId !== row.document_id) {
      problem('manifest_mismatch', `${mKey} does not name ${row.object_key} version ${row.version_id ?? '-'} with sha256 ${row.sha256}`);
    }
  }
  return { bytes, problems };
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
    const admins = await tx.execute<{ person_id: number }[]>("select person_id from app_user where active and 'admin' = any(roles)");
    const kinds = [...new Set(problems.map((p) => p.kind))].join(', ');
    for (const admin of admins) {
      await tx.execute(
        `insert into notification (recipient_id, kind, subject_type, subject_id, title, body, created_at) values (?, 'archive_integrity', 'archive_record', ?, ?, ?, now())`,
        [admin.person_id, problems[0]!.archiveId, `Peringatan integritas arsip: ${problems.length} masalah`,
          `Pemindaian ${scanId} menemukan: ${kinds}. Rincian di jejak audit (archive.integrity_alert).`]);
    }
    return { notified: admins.length };
  });
}

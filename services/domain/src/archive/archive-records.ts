// The archive record aggregate (archive_record, with the document it keeps and
// the JRA row it was retained under): the operations the archive service runs.
// Plain SQL throughout: these statements were tuned and tested as they are
// (row locks, `on conflict do nothing` for the idempotent archive step, one
// join per read); moving them here changed who names the tables, not the SQL.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ArchiveFate } from '../entities/archive.js';
import type { ListSource } from '../list-source.js';

/** The document as the archive step needs it. */
export interface ArchivableDocument { id: number; archive_code: string; agency_id: number; number: string | null; hal: string }

export async function archivableDocument(em: EntityManager, documentId: number): Promise<ArchivableDocument | undefined> {
  const [doc] = await em.execute<ArchivableDocument[]>('select id, archive_code, agency_id, number, hal from document where id = ?', [documentId]);
  return doc;
}

export interface DocumentVersionFile { no: number; object_key: string; sha256: string; size: string | number; reason: string; created_at: Date }

/** Every stored PDF version of a document, oldest first (the manifest and the auditor package list them). */
export async function documentVersionFiles(em: EntityManager, documentId: number): Promise<DocumentVersionFile[]> {
  return em.execute<DocumentVersionFile[]>(
    'select no, object_key, sha256, size, reason, created_at from document_version where document_id = ? order by no', [documentId]);
}

/** The document's latest version: what the workflow's archive step archives. */
export async function latestDocumentVersionFile(em: EntityManager, documentId: number): Promise<{ object_key: string; sha256: string } | undefined> {
  const [latest] = await em.execute<{ object_key: string; sha256: string }[]>(
    'select object_key, sha256 from document_version where document_id = ? order by no desc limit 1', [documentId]);
  return latest;
}

export interface ArchiveRecordOfDocument { id: number; object_key: string; version_id: string | null; sha256: string; size: string | number; retention_until: string | Date }

export async function archiveRecordOfDocument(em: EntityManager, documentId: number): Promise<ArchiveRecordOfDocument | undefined> {
  const [row] = await em.execute<ArchiveRecordOfDocument[]>(
    'select id, object_key, version_id, sha256, size, retention_until from archive_record where document_id = ?', [documentId]);
  return row;
}

export interface NewArchiveRecord {
  documentId: number; objectKey: string; versionId: string | null; sha256: string; size: number; archiveCode: string;
  /** ISO date (yyyy-mm-dd). */
  retentionUntil: string; fate: ArchiveFate; archivedAt: Date;
}

/** Inserts the document's archive record; undefined when one exists already (one per document: a retry finds the first). */
export async function insertArchiveRecord(em: EntityManager, r: NewArchiveRecord): Promise<{ id: number } | undefined> {
  const inserted = await em.execute<{ id: number }[]>(
    `insert into archive_record (document_id, object_key, version_id, sha256, size, archive_code, retention_until, fate, legal_hold, archived_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, false, ?) on conflict (document_id) do nothing returning id`,
    [r.documentId, r.objectKey, r.versionId, r.sha256, r.size, r.archiveCode, r.retentionUntil, r.fate, r.archivedAt]);
  return inserted[0];
}

export async function archiveRecordForLegalHold(em: EntityManager, archiveId: number): Promise<{ id: number; object_key: string; version_id: string | null; document_id: number; agency_id: number } | undefined> {
  const [row] = await em.execute<{ id: number; object_key: string; version_id: string | null; document_id: number; agency_id: number }[]>(
    'select ar.id, ar.object_key, ar.version_id, ar.document_id, d.agency_id from archive_record ar join document d on d.id = ar.document_id where ar.id = ?', [archiveId]);
  return row;
}

export async function setArchiveRecordLegalHold(em: EntityManager, archiveId: number, on: boolean): Promise<void> {
  await em.execute('update archive_record set legal_hold = ? where id = ?', [on, archiveId]);
}

/** One archived record with what a retrieval shows and checks (classification, agency). */
export interface RetrievableRecord {
  id: number; document_id: number; object_key: string; version_id: string | null; sha256: string; archive_code: string;
  retention_until: string | Date; fate: string; legal_hold: boolean; archived_at: Date; destroyed_at: Date | null; number: string | null; hal: string;
  type: string; classification: string; agency_id: number; agency_name: string;
}

export async function retrievableArchiveRecord(em: EntityManager, archiveId: number): Promise<RetrievableRecord | undefined> {
  const [record] = await em.execute<RetrievableRecord[]>(
    `select ar.id, ar.document_id, ar.object_key, ar.version_id, ar.sha256, ar.archive_code, ar.retention_until, ar.fate, ar.legal_hold, ar.archived_at,
            ar.destroyed_at, d.number, d.hal, d.type, d.classification, d.agency_id, a.name as agency_name
       from archive_record ar join document d on d.id = ar.document_id join agency a on a.id = d.agency_id where ar.id = ?`, [archiveId]);
  return record;
}

export interface ScannedRecord { id: number; document_id: number; object_key: string; version_id: string | null; sha256: string; size: string | number }

/** The integrity scan's next batch: records after `cursor`, by id. */
export async function archiveRecordsAfter(em: EntityManager, cursor: number, batchSize: number): Promise<ScannedRecord[]> {
  return em.execute<ScannedRecord[]>(
    'select id, document_id, object_key, version_id, sha256, size from archive_record where id > ? order by id limit ?', [cursor, batchSize]);
}

/** A record not destroyed, with its document's agency: what the time-stamp renewal walks, by id after `cursor`. */
export interface RenewableArchiveRecord extends ScannedRecord { agency_id: number }

export async function renewableArchiveRecordsAfter(em: EntityManager, cursor: number, batchSize: number): Promise<RenewableArchiveRecord[]> {
  return em.execute<RenewableArchiveRecord[]>(
    `select ar.id, ar.document_id, ar.object_key, ar.version_id, ar.sha256, ar.size, d.agency_id
       from archive_record ar join document d on d.id = ar.document_id where ar.id > ? and ar.destroyed_at is null order by ar.id limit ?`, [cursor, batchSize]);
}

/**
 * The record now points at a renewed version of its PDF (a new object beside
 * the earlier one, which stays locked). Guarded by the hash it had: false when
 * another run renewed it meanwhile.
 */
export async function recordArchiveRenewal(
  em: EntityManager, archiveId: number, previousSha256: string, next: { objectKey: string; versionId: string | null; sha256: string; size: number },
): Promise<boolean> {
  const updated = await em.execute<{ id: number }[]>(
    'update archive_record set object_key = ?, version_id = ?, sha256 = ?, size = ? where id = ? and sha256 = ? returning id',
    [next.objectKey, next.versionId, next.sha256, next.size, archiveId, previousSha256]);
  return updated.length > 0;
}

export interface LiveArchiveRecord { id: number; document_id: number; archive_code: string; archived_at: Date; fate: string; legal_hold: boolean; number: string | null; hal: string; agency_id: number }

/** Every record not destroyed, by id: what the lifecycle review walks. */
export async function liveArchiveRecords(em: EntityManager): Promise<LiveArchiveRecord[]> {
  return em.execute<LiveArchiveRecord[]>(
    `select ar.id, ar.document_id, ar.archive_code, ar.archived_at, ar.fate, ar.legal_hold, d.number, d.hal, d.agency_id
       from archive_record ar join document d on d.id = ar.document_id where ar.destroyed_at is null order by ar.id`);
}

export async function markArchiveRecordDestroyed(em: EntityManager, archiveId: number, at: Date, personId: number): Promise<void> {
  await em.execute('update archive_record set destroyed_at = ?, destroyed_by_id = ? where id = ?', [at, personId, archiveId]);
}

/** Archived records (arsip) with their document's subject and number, as listed. */
export const archiveListSource = {
  from: 'archive_record ar join document d on d.id = ar.document_id',
  columns: { id: 'ar.id', documentId: 'ar.document_id', hal: 'd.hal', number: 'd.number', agencyId: 'd.agency_id', objectKey: 'ar.object_key',
    // float8: pg hands bigint over as a string; a PDF size is exact in a double.
    versionId: 'ar.version_id', sha256: 'ar.sha256', size: 'ar.size::float8', archiveCode: 'ar.archive_code', retentionUntil: 'ar.retention_until', fate: 'ar.fate',
    legalHold: 'ar.legal_hold', archivedAt: 'ar.archived_at', type: 'd.type', classification: 'd.classification' },
} as const satisfies ListSource;

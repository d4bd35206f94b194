import type { Readable } from 'node:stream';
import { recordAudit, retrievableArchiveRecord, type RetrievableRecord, type Viewer } from '@naskah/domain';
import { publicSummary, verifyWithTrust, type LabelledReport, type PublicSummary, type TrustConfiguration } from '@naskah/signing';
import type { ArchiveContext } from './archive-document.js';
import { assertMayRetrieve } from './access.js';
import { ArchiveError } from './errors.js';

export type RetrievalViewer = Pick<Viewer, 'personId' | 'name' | 'roles' | 'classifiedAccess'>;

export type { RetrievableRecord };

/**
 * One archived record for a retrieval (package, PDF, verification report):
 * loaded, access checked (auditor/admin; Rahasia only with the grant), and a
 * refusal audited before it is thrown: a refused attempt at a classified
 * record is worth a trail too.
 */
export async function openRetrievableRecord(ctx: ArchiveContext, archiveId: number, viewer: RetrievalViewer): Promise<RetrievableRecord> {
  const em = ctx.orm.em.fork();
  const record = await retrievableArchiveRecord(em, archiveId);
  if (!record) throw new ArchiveError('ARCHIVE_NOT_FOUND', `No archive record ${archiveId}.`, 'id');
  try {
    assertMayRetrieve(viewer, record);
  } catch (error) {
    await em.transactional((tx) => recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'archive.retrieval_refused', subjectType: 'archive_record', subjectId: record.id,
      agencyId: record.agency_id, data: { documentId: record.document_id, classification: record.classification },
    }));
    throw error;
  }
  if (record.destroyed_at) {
    throw new ArchiveError('ARCHIVE_DESTROYED', `Archive record ${archiveId} was destroyed (musnah) on ${new Date(record.destroyed_at).toISOString().slice(0, 10)}; its berita acara pemusnahan remains.`, 'id');
  }
  return record;
}

/** Records one retrieval of an archived record in the audit trail. */
export async function auditRetrieval(ctx: ArchiveContext, record: RetrievableRecord, viewer: RetrievalViewer, action: string, at: Date, data: Record<string, unknown> = {}): Promise<void> {
  await ctx.orm.em.fork().transactional((tx) => recordAudit(tx, {
    actor: { id: viewer.personId, name: viewer.name }, action, subjectType: 'archive_record', subjectId: record.id,
    agencyId: record.agency_id, at, data: { documentId: record.document_id, number: record.number, sha256: record.sha256, ...data },
  }));
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** How an archived record is verified: the installation's one trust configuration (the same as the public page's). */
export interface ArchiveVerificationOptions {
  trust: TrustConfiguration;
  now?: Date;
}

export interface ArchiveVerification {
  report: LabelledReport;
  summary: PublicSummary;
  checkedAt: Date;
}

/**
 * The signing engine's verdict on the archived final PDF (the exact locked
 * version) under the installation's trust configuration: what the auditor
 * package ships and the console shows, the same verdict the public page gives.
 */
export async function verifyArchivedPdf(ctx: ArchiveContext, record: Pick<RetrievableRecord, 'object_key' | 'version_id'>, options: ArchiveVerificationOptions): Promise<ArchiveVerification> {
  const { client, buckets } = ctx.storage;
  // The verifier needs the whole file.
  const finalBytes = await readAll(await client.getObject(buckets.arsip, record.object_key, record.version_id ? { versionId: record.version_id } : {}));
  const checkedAt = options.now ?? new Date();
  const report = await verifyWithTrust(finalBytes, options.trust, { now: checkedAt });
  return { report, summary: publicSummary(report), checkedAt };
}

export interface ArchiveVerificationReport extends ArchiveVerification {
  archiveId: number;
  documentId: number;
  number: string | null;
  hal: string;
  sha256: string;
}

/** The verification report of one archived record for a viewer who may retrieve it; audited as `archive.verification_retrieved`. */
export async function openArchiveVerification(ctx: ArchiveContext, archiveId: number, viewer: RetrievalViewer, options: ArchiveVerificationOptions): Promise<ArchiveVerificationReport> {
  const record = await openRetrievableRecord(ctx, archiveId, viewer);
  const verification = await verifyArchivedPdf(ctx, record, options);
  await auditRetrieval(ctx, record, viewer, 'archive.verification_retrieved', verification.checkedAt, { verdict: verification.report.verdict });
  return { archiveId: record.id, documentId: record.document_id, number: record.number, hal: record.hal, sha256: record.sha256, ...verification };
}

/** The archived final PDF itself (streamed from its locked version) for a viewer who may retrieve it; audited as `archive.pdf_retrieved`. */
export async function openArchivedPdf(ctx: ArchiveContext, archiveId: number, viewer: RetrievalViewer): Promise<{ filename: string; sha256: string; stream: Readable }> {
  const record = await openRetrievableRecord(ctx, archiveId, viewer);
  const stream = await ctx.storage.client.getObject(ctx.storage.buckets.arsip, record.object_key, record.version_id ? { versionId: record.version_id } : {});
  await auditRetrieval(ctx, record, viewer, 'archive.pdf_retrieved', new Date());
  const base = (record.number ?? `dokumen-${record.document_id}`).replace(/[^A-Za-z0-9._-]+/g, '_');
  return { filename: `${base}.pdf`, sha256: record.sha256, stream };
}

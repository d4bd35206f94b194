import { archiveRecordForLegalHold, recordAudit, setArchiveRecordLegalHold, type AuditActor } from '@naskah/domain';
import type { ArchiveContext } from './archive-document.js';
import { ArchiveError } from './errors.js';
import { objectLock } from './storage.js';

/**
 * Legal hold for an investigation: on the object in the locked bucket (so
 * even after retention ends it cannot be deleted) and on the record, with
 * an audit event in the same transaction as the row change.
 */
export async function setLegalHold(ctx: ArchiveContext, archiveId: number, on: boolean, actor: AuditActor, reason: string): Promise<{ legalHold: boolean }> {
  if (reason.trim().length < 3) throw new ArchiveError('VALIDATION_FAILED', 'A legal hold change needs a reason (e.g. the investigation it serves).', 'reason');
  const em = ctx.orm.em.fork();
  const row = await archiveRecordForLegalHold(em, archiveId);
  if (!row) throw new ArchiveError('ARCHIVE_NOT_FOUND', `No archive record ${archiveId}.`, 'id');
  await objectLock(ctx.storage.client).setObjectLegalHold(ctx.storage.buckets.arsip, row.object_key,
    { status: on ? 'ON' : 'OFF', ...(row.version_id ? { versionId: row.version_id } : {}) });
  await em.transactional(async (tx) => {
    await setArchiveRecordLegalHold(tx, archiveId, on);
    await recordAudit(tx, {
      actor, action: on ? 'archive.legal_hold_on' : 'archive.legal_hold_off', subjectType: 'archive_record', subjectId: archiveId,
      agencyId: row.agency_id, data: { documentId: row.document_id, reason },
    });
  });
  return { legalHold: on };
}

// Reads of the audit log (audit_event): the trail of a subject and the
// "already done" checks that make audited steps idempotent.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ListSource } from '../list-source.js';

export interface AuditTrailRow { seq: string; actor_name: string; on_behalf_of: string | null; action: string; subject_type: string; subject_id: string; at: Date; data: unknown; prev_hash: string; hash: string }

/** Every event about an archived document and its archive record, in chain order (the auditor package's trail). */
export async function archiveAuditTrail(em: EntityManager, documentId: number, archiveId: number): Promise<AuditTrailRow[]> {
  return em.execute<AuditTrailRow[]>(
    `select seq, actor_name, on_behalf_of, action, subject_type, subject_id, at, data, prev_hash, hash from audit_event
      where (subject_type = 'document' and subject_id = ?) or (subject_type = 'archive_record' and subject_id = ?) order by seq`,
    [String(documentId), String(archiveId)]);
}

/** Which of `actions` were already recorded on which subjects of `subjectType`. */
export async function auditedActions(em: EntityManager, subjectType: string, actions: readonly string[]): Promise<{ subject_id: string; action: string }[]> {
  if (actions.length === 0) return [];
  return em.execute<{ subject_id: string; action: string }[]>(
    `select subject_id, action from audit_event where subject_type = ? and action in (${actions.map(() => '?').join(',')})`, [subjectType, ...actions]);
}

/** Whether `action` was already recorded on this subject. */
export async function hasAuditEvent(em: EntityManager, action: string, subjectType: string, subjectId: string): Promise<boolean> {
  const [done] = await em.execute<{ n: string }[]>(
    'select count(*) as n from audit_event where action = ? and subject_type = ? and subject_id = ?', [action, subjectType, subjectId]);
  return Number(done?.n) > 0;
}

/** Audit events as listed. bigint columns: pg hands them over as strings; float8 keeps them numbers (exact up to 2^53). */
export const auditEventListSource = {
  from: 'audit_event e',
  columns: { id: 'e.id::float8', seq: 'e.seq::float8', actorId: 'e.actor_id', actorName: 'e.actor_name', onBehalfOf: 'e.on_behalf_of', action: 'e.action',
    subjectType: 'e.subject_type', subjectId: 'e.subject_id', agencyId: 'e.agency_id', at: 'e.at', data: 'e.data', prevHash: 'e.prev_hash', hash: 'e.hash' },
} as const satisfies ListSource;

// Reads of the audit log (audit_event): the trail of a subject and the
// "already done" checks that make audited steps idempotent.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ListSource } from '../list-source.js';

export interface AuditTrailRow {
  seq: string; actor_name: string; on_behalf_of: string | null; action: string; subject_type: string; subject_id: string; at: Date; data: unknown; prev_hash: string; hash: string;
  /** The acting person today (name and jabatan), looked up by actor_id; null for the workflow or the system. */
  actor_person: string | null; actor_position: string | null;
  /** For "plh for person 7": the delegation kind and the delegator's name. */
  on_behalf_kind: string | null; on_behalf_person: string | null;
}

/** Every event about an archived document and its archive record, in chain order (the auditor package's trail). */
export async function archiveAuditTrail(em: EntityManager, documentId: number, archiveId: number): Promise<AuditTrailRow[]> {
  // The chain keeps the actor as written then ("person 7"; hashed, never rewritten): the names are read beside it.
  return em.execute<AuditTrailRow[]>(
    `select e.seq, e.actor_name, e.on_behalf_of, e.action, e.subject_type, e.subject_id, e.at, e.data, e.prev_hash, e.hash,
            p.name as actor_person, pos.title as actor_position,
            substring(e.on_behalf_of from '^(plh|plt|an|ub) for person [0-9]+$') as on_behalf_kind, ob.name as on_behalf_person
       from audit_event e
       left join person p on p.id = e.actor_id
       left join position pos on pos.id = p.position_id
       left join person ob on ob.id = substring(e.on_behalf_of from ' for person ([0-9]+)$')::int
      where (e.subject_type = 'document' and e.subject_id = ?) or (e.subject_type = 'archive_record' and e.subject_id = ?) order by e.seq`,
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

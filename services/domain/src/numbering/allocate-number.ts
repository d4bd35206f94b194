import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../errors.js';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';
import { formatNumber } from '../rulebook/numbering.js';
import { rollUpDocumentChange } from '../dashboard/dashboard-days.js';

export interface NumberRequest {
  documentId: number;
  agencyId: number;
  /** Number per unit instead of per agency; 0 or absent means agency-wide. */
  unitId?: number;
  /** Kode klasifikasi arsip, e.g. "000.1.2.3". */
  archiveCode: string;
  /** Kode unit printed in the number, e.g. "Diskominfosp". */
  unitCode: string;
  year: number;
  actor: AuditActor;
}

export interface AllocatedNumber { number: string; value: number; sequenceId: number; allocationId: number }


/**
 * Gives a document its final number. Must run inside the caller's transaction:
 * the counter row is locked (SELECT ... FOR UPDATE) until commit, so a rollback
 * gives the value back and the sequence stays gap-free; concurrent callers
 * queue on the lock. Idempotent per document: a second call returns the number
 * already allocated (so a retried activity never numbers twice).
 */
export async function allocateNumber(em: EntityManager, request: NumberRequest): Promise<AllocatedNumber> {
  if (!em.isInTransaction()) throw new Error('allocateNumber must run inside a transaction');
  const unitId = request.unitId ?? 0;
  const [existing] = await em.execute<{ id: number; number: string; value: number; sequence_id: number }[]>(
    `select id, number, value, sequence_id from number_allocation where document_id = ? and status = 'allocated'`,
    [request.documentId]);
  if (existing) return { number: existing.number, value: existing.value, sequenceId: existing.sequence_id, allocationId: existing.id };

  await em.execute(
    `insert into number_sequence (agency_id, unit_id, archive_code, year, last_value) values (?, ?, ?, ?, 0)
     on conflict (agency_id, unit_id, archive_code, year) do nothing`,
    [request.agencyId, unitId, request.archiveCode, request.year]);
  const [sequence] = await em.execute<{ id: number; last_value: number }[]>(
    `select id, last_value from number_sequence where agency_id = ? and unit_id = ? and archive_code = ? and year = ? for update`,
    [request.agencyId, unitId, request.archiveCode, request.year]);
  if (!sequence) throw new Error('number sequence vanished inside its transaction');
  const value = sequence.last_value + 1;
  const number = formatNumber(request.archiveCode, value, request.unitCode, request.year);
  await em.execute('update number_sequence set last_value = ? where id = ?', [value, sequence.id]);
  const [allocation] = await em.execute<{ id: number }[]>(
    `insert into number_allocation (sequence_id, value, number, document_id, status, allocated_at)
     values (?, ?, ?, ?, 'allocated', now()) returning id`,
    [sequence.id, value, number, request.documentId]);
  const updated = await em.execute<{ id: number }[]>(
    `update document set number = ?, updated_at = now() where id = ? and number is null returning id`,
    [number, request.documentId]);
  if (updated.length === 0) throw new DomainError('NUMBER_ALREADY_ALLOCATED', 'document already numbered or missing', 'documentId');
  await recordAudit(em, {
    actor: request.actor, action: 'document.numbered', subjectType: 'document', subjectId: request.documentId,
    agencyId: request.agencyId, data: { number, sequenceId: sequence.id, value },
  });
  return { number, value, sequenceId: sequence.id, allocationId: allocation!.id };
}

/**
 * A number is never reused: cancelling records the allocation as cancelled
 * (the document loses it) and the sequence keeps counting from where it was.
 */
export async function cancelNumber(em: EntityManager, documentId: number, reason: string, actor: AuditActor): Promise<void> {
  if (!em.isInTransaction()) throw new Error('cancelNumber must run inside a transaction');
  const rows = await em.execute<{ number: string }[]>(
    `update number_allocation set status = 'cancelled', cancelled_at = now(), cancel_reason = ?
     where document_id = ? and status = 'allocated' returning number`, [reason, documentId]);
  if (rows.length === 0) throw new DomainError('INVALID_STATE', 'the document has no allocated number', 'documentId');
  // A cancelled document counts on the day it last changed (the dashboard's rule): this change moves it.
  await rollUpDocumentChange(em, documentId, () => em.execute('update document set number = null, updated_at = now() where id = ?', [documentId]));
  await recordAudit(em, {
    actor, action: 'document.number_cancelled', subjectType: 'document', subjectId: documentId,
    data: { number: rows[0]!.number, reason },
  });
}

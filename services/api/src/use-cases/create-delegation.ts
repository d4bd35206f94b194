import { trimmed, z } from '../openapi/zod.js';
import { dbId, saneDate, valueOutOfRange } from '../schemas/common.js';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { delegationKinds, delegationPrefix, hasRole, recordAudit, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

export const delegationBody = z.object({
  kind: z.enum(delegationKinds),
  positionId: dbId(),
  delegateId: dbId(),
  validFrom: saneDate(),
  validTo: saneDate(),
  reason: trimmed(3, 1000),
}).strict().refine((d) => d.validTo > d.validFrom, { message: 'must be after validFrom', path: ['validTo'], params: { code: valueOutOfRange } }).openapi('DelegationInput');

/**
 * a.n. may only go to a direct subordinate of the position, u.b. two levels
 * down; Plh/Plt to anyone in the Pemda. Only the holder (or an admin) delegates.
 */
export async function createDelegation(em: EntityManager, viewer: Viewer, input: z.infer<typeof delegationBody>): Promise<{ id: number }> {
  // Well-formed dates in the wrong order: 422 (the documented shape cannot say "after"), not a 400 for malformed input.
  if (!(input.validTo > input.validFrom)) throw new AppError('VALIDATION_FAILED', 422, 'validTo: must be after validFrom', { field: 'validTo' });
  const [position] = await em.execute<{ id: number; title: string; agency_id: number }[]>('select id, title, agency_id from position where id = ?', [input.positionId]);
  if (!position) throw new AppError('REFERENCE_NOT_FOUND', 422, `position ${input.positionId} does not exist`, { field: 'positionId' });
  const [delegate] = await em.execute<{ id: number; position_id: number | null }[]>('select id, position_id from person where id = ?', [input.delegateId]);
  if (!delegate) throw new AppError('REFERENCE_NOT_FOUND', 422, `person ${input.delegateId} does not exist`, { field: 'delegateId' });
  if (!hasRole(viewer, 'admin')) {
    const [held] = await em.execute('select 1 from person where id = ? and position_id = ?', [viewer.personId, input.positionId]);
    if (!held) throw new AppError('FORBIDDEN', 403, 'Only the holder of the position (or an admin) delegates it.', { field: 'positionId' });
  }
  if (input.kind === 'an' || input.kind === 'ub') {
    const levels = input.kind === 'an' ? 1 : 2;
    const [chain] = await em.execute<{ ok: boolean }[]>(
      `select exists (select 1 from position s1 ${levels === 2 ? 'join position s2 on s2.id = s1.superior_id' : ''}
        where s1.id = ? and ${levels === 2 ? 's2.superior_id' : 's1.superior_id'} = ?) as ok`, [delegate.position_id ?? 0, input.positionId]);
    if (!chain?.ok) {
      throw new AppError('DELEGATION_INVALID', 422, `${delegationPrefix[input.kind]} needs a delegate ${levels} level(s) below the position`, { field: 'delegateId' });
    }
  }
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<{ id: number }[]>(
      `insert into delegation (kind, position_id, delegate_id, valid_from, valid_to, reason, created_by_id, created_at) values (?, ?, ?, ?, ?, ?, ?, now()) returning id`,
      [input.kind, input.positionId, input.delegateId, input.validFrom, input.validTo, input.reason, viewer.personId]);
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'delegation.created', subjectType: 'delegation', subjectId: row!.id,
      agencyId: position.agency_id, data: { ...input, validFrom: input.validFrom.toISOString(), validTo: input.validTo.toISOString() },
    });
    return { id: row!.id };
  });
}

import { trimmed, z } from '../openapi/zod.js';
import { dbId, saneDate, valueOutOfRange } from '../schemas/common.js';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import {
  delegationKinds, delegationPrefix, hasRole, insertDelegation, isBelowBy, personPosition, positionById, recordAudit, type Viewer,
} from '@naskah/domain';
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
  const position = await positionById(em, input.positionId);
  if (!position) throw new AppError('REFERENCE_NOT_FOUND', 422, `position ${input.positionId} does not exist`, { field: 'positionId' });
  const delegate = await personPosition(em, input.delegateId);
  if (!delegate) throw new AppError('REFERENCE_NOT_FOUND', 422, `person ${input.delegateId} does not exist`, { field: 'delegateId' });
  if (!hasRole(viewer, 'admin')) {
    const holder = await personPosition(em, viewer.personId);
    if (holder?.position_id !== input.positionId) throw new AppError('FORBIDDEN', 403, 'Only the holder of the position (or an admin) delegates it.', { field: 'positionId' });
  }
  if (input.kind === 'an' || input.kind === 'ub') {
    const levels = input.kind === 'an' ? 1 : 2;
    if (!(await isBelowBy(em, delegate.position_id ?? 0, input.positionId, levels))) {
      throw new AppError('DELEGATION_INVALID', 422, `${delegationPrefix[input.kind]} needs a delegate ${levels} level(s) below the position`, { field: 'delegateId' });
    }
  }
  return em.transactional(async (tx) => {
    const row = await insertDelegation(tx, { ...input, createdById: viewer.personId });
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'delegation.created', subjectType: 'delegation', subjectId: row.id,
      agencyId: position.agency_id, data: { ...input, validFrom: input.validFrom.toISOString(), validTo: input.validTo.toISOString() },
    });
    return { id: row.id };
  });
}

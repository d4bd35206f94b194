import { lockPosition, positionHeldByOther, type DomainEntityManager as EntityManager } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

/**
 * The two rules for a definitive position (jabatan definitif), checked where
 * a person gets one (POST and PUT /people):
 * - it belongs to the person's own agency (422 POSITION_OTHER_AGENCY): the
 *   superior chain, numbering and the access policy all read the agency from
 *   the position;
 * - it has no other definitive holder (409 POSITION_HELD): routing resolves
 *   a position to its holder, so a second holder would act as the superior
 *   too. Someone acting in a held or vacant post is a Plt/Plh: a delegation.
 * The position row is locked for the rest of the transaction, so two
 * concurrent assignments of one position cannot both pass; the partial unique
 * index person_position_held_unique backs this in the database.
 */
export async function assertPositionAssignable(tx: EntityManager, input: { positionId: number; agencyId: number; personId?: number }): Promise<void> {
  const position = await lockPosition(tx, input.positionId);
  if (!position) throw new AppError('REFERENCE_NOT_FOUND', 422, `position ${input.positionId} does not exist`, { field: 'positionId' });
  if (position.agency_id !== input.agencyId) {
    throw new AppError('POSITION_OTHER_AGENCY', 422,
      'Jabatan ini milik perangkat daerah lain (the position belongs to another agency than the person).', { field: 'positionId' });
  }
  if (await positionHeldByOther(tx, input.positionId, input.personId)) {
    throw new AppError('POSITION_HELD', 409,
      'Jabatan ini sudah memiliki pejabat definitif; Plt/Plh ditunjuk melalui delegasi (the position has a definitive holder; appoint an acting official through a delegation).',
      { field: 'positionId' });
  }
}

/** A unique violation of person_position_held_unique (a race the lock above did not cover) as the same 409. */
export function positionHeldViolation(error: unknown): never {
  if (/person_position_held_unique/.test(String((error as Error).message))) {
    throw new AppError('POSITION_HELD', 409, 'Jabatan ini sudah memiliki pejabat definitif.', { field: 'positionId', cause: error });
  }
  throw error;
}

// The forward picker of the disposition dialog: only the jabatan below the
// disposing position, the same rule the API applies when the disposition is
// sent (positionsBelow), so the console never offers a refusal.
import { subordinatePositions, type DomainEntityManager as EntityManager, type SubordinatePosition, type Viewer } from '@naskah/domain';
import { disposerOf } from './dispose-letter.js';

export async function dispositionRecipients(
  em: EntityManager, viewer: Viewer, incomingLetterId: number, parentId: number | null,
): Promise<{ fromPositionId: number; data: SubordinatePosition[] }> {
  const { fromPositionId } = await disposerOf(em, viewer, incomingLetterId, parentId);
  return { fromPositionId, data: await subordinatePositions(em, fromPositionId) };
}

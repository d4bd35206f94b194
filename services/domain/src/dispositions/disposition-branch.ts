// Which workflow branch a `disposition` row belongs to: the API names a row
// by its id, the letter's DispositionWorkflow names it by branch id.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface DispositionBranchRef {
  incomingLetterId: number;
  toPositionId: number;
  /** Null for a row written before dispositions ran through the workflow (nothing owns it to act on). */
  branchId: string | null;
}

/** The row's letter, recipient position and workflow branch; null when there is no such row. */
export async function dispositionBranchOf(em: EntityManager, dispositionId: number): Promise<DispositionBranchRef | null> {
  const [row] = await em.execute<{ incoming_letter_id: number; to_position_id: number; branch_id: string | null }[]>(
    'select incoming_letter_id, to_position_id, branch_id from disposition where id = ?', [dispositionId]);
  return row ? { incomingLetterId: row.incoming_letter_id, toPositionId: row.to_position_id, branchId: row.branch_id } : null;
}

// An action on one disposition branch (read, follow-up, withdraw) or on the
// letter (done), sent as an Update to the letter's DispositionWorkflow. Its
// validator decides the turn: not your branch → 403, a rule of the process
// (already read, closed, branches still open, letter done) → 409 naming it;
// no worker in time → 503 (nothing changed), as for every routing action.
import { WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowRejection, type NaskahWorkflows } from '@naskah/workflows/client';
import { dispositionBranch, type DomainEntityManager as EntityManager, type Viewer } from '@naskah/domain';
import { AppError, notFound } from '../errors/problem.js';
import { routingAction } from './routing-action.js';

/** routingAction for a letter's workflow: a finished (or never started) one is "the letter is done", not a document's message. */
export function dispositionAction<T>(call: () => Promise<T>): Promise<T> {
  return routingAction(() => call().catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError || (error instanceof Error && /already completed/i.test(error.message))) {
      throw new WorkflowRejection('LETTER_DONE', 'the letter has no disposition in progress (never disposed, or done): it takes no further action');
    }
    throw error;
  }));
}

/** A row written before dispositions ran through the workflow (or by hand): nothing owns it to act on. */
export function notInWorkflow(field: string): AppError {
  return new AppError('DISPOSITION_NOT_IN_WORKFLOW', 409, 'Disposisi ini tercatat tanpa alur kerja disposisi; tindakan atasnya tidak dapat diproses.', { field });
}

export type BranchAction = 'read' | 'follow-up' | 'withdraw';

export async function actOnDisposition(em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, id: number, action: BranchAction, report?: string): Promise<{ id: number }> {
  const row = await dispositionBranch(em, id);
  if (!row) throw notFound();
  if (row.branch_id === null) throw notInWorkflow('id');
  const letter = workflows.disposition(String(row.incoming_letter_id));
  const req = { personId: String(viewer.personId), positionIds: viewer.positionIds.map(String), branchId: row.branch_id };
  await dispositionAction(() => {
    switch (action) {
      case 'read': return letter.read(req);
      case 'withdraw': return letter.withdraw(req);
      case 'follow-up': return letter.close({ ...req, followUp: report ?? '' });
    }
  });
  return { id };
}

/** The addressee marks the letter done once no branch is open. */
export async function finishLetter(workflows: NaskahWorkflows, viewer: Viewer, incomingLetterId: number): Promise<{ id: number; status: string }> {
  const state = await dispositionAction(() => workflows.disposition(String(incomingLetterId)).finish({ personId: String(viewer.personId), positionIds: viewer.positionIds.map(String) }));
  return { id: incomingLetterId, status: state.status };
}

// An action on one disposition branch (read, follow-up, withdraw) or on the
// letter (done), sent as an Update to the letter's DispositionWorkflow. Its
// validator decides the turn: not your branch → 403, a rule of the process
// (already read, closed, branches still open, letter done) → 409 naming it;
// no worker in time → recorded durably and answered 202 "diproses", as for every routing action.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Diproses, DispositionCommand, NaskahWorkflows } from '@naskah/workflows/client';
import { dispositionBranchOf, type DomainEntityManager as EntityManager, type FollowUpStatus, type Viewer } from '@naskah/domain';
import { AppError, notFound } from '../errors/problem.js';
import { problemFor } from './routing-action.js';

const letterDone = () => new AppError('LETTER_DONE', 409, 'the letter has no disposition in progress (never disposed, or done): it takes no further action');

/**
 * A user's click on a letter's disposition, never lost to a worker restart: the workflow's answer
 * within `waitMs`, else "diproses" once the click is in the workflow's history (see NaskahWorkflows.durably).
 */
export async function durableDispositionAction<T>(workflows: NaskahWorkflows, incomingLetterId: string, command: DispositionCommand, waitMs: number): Promise<T | Diproses> {
  try {
    return await workflows.disposition(incomingLetterId).act<T>(command, waitMs);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError || (error instanceof Error && /already completed/i.test(error.message))) throw letterDone();
    return problemFor(error);
  }
}

const diproses = <T>(answer: T | Diproses): answer is Diproses => (answer as { state?: unknown }).state === 'diproses';

/** A row written before dispositions ran through the workflow (or by hand): nothing owns it to act on. */
export function notInWorkflow(field: string): AppError {
  return new AppError('DISPOSITION_NOT_IN_WORKFLOW', 409, 'Disposisi ini tercatat tanpa alur kerja disposisi; tindakan atasnya tidak dapat diproses.', { field });
}

export type BranchAction = 'read' | 'follow-up' | 'withdraw';

/** A tindak lanjut: the report, selesai or sebagian, and optionally the stored attachment (its key and hash). */
export interface FollowUpInput { report: string; status: FollowUpStatus; attachment?: { key: string; sha256: string } }

export async function actOnDisposition(
  em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, id: number, action: BranchAction, waitMs: number, followUp?: FollowUpInput,
): Promise<{ id: number } | (Diproses & { id: number })> {
  const row = await dispositionBranchOf(em, id);
  if (!row) throw notFound();
  if (row.branchId === null) throw notInWorkflow('id');
  const req = { personId: String(viewer.personId), positionIds: viewer.positionIds.map(String), branchId: row.branchId };
  const command: DispositionCommand = action === 'follow-up'
    ? { kind: 'close', req: { ...req, followUp: followUp?.report ?? '', followUpStatus: followUp?.status,
      ...(followUp?.attachment ? { attachmentKey: followUp.attachment.key, attachmentSha256: followUp.attachment.sha256 } : {}) } }
    : { kind: action, req };
  const answer = await durableDispositionAction(workflows, String(row.incomingLetterId), command, waitMs);
  return diproses(answer) ? { ...answer, id } : { id };
}

/** The addressee marks the letter done once no branch is open. */
export async function finishLetter(workflows: NaskahWorkflows, viewer: Viewer, incomingLetterId: number, waitMs: number): Promise<{ id: number; status: string } | (Diproses & { id: number })> {
  const answer = await durableDispositionAction<{ status: string }>(workflows, String(incomingLetterId),
    { kind: 'finish', req: { personId: String(viewer.personId), positionIds: viewer.positionIds.map(String) } }, waitMs);
  return diproses(answer) ? { ...answer, id: incomingLetterId } : { id: incomingLetterId, status: answer.status };
}

// Whether the drafter may still change a konsep: one rule for editing its
// fields, uploading or rendering a version and changing its lampiran.
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { documentOwnership, isEditableStatus, type Viewer } from '@naskah/domain';
import type { NaskahWorkflows } from '@naskah/workflows/client';
import { AppError, notFound } from '../errors/problem.js';

export interface EditableDraft { id: number; agency_id: number; status: string }

/**
 * The drafter's own draft while it may still change (konsep or dikembalikan):
 * (visibility was checked by the route) 403 for anyone but the drafter, 409 once routed.
 */
export async function editableDraft(em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, documentId: number, what: string): Promise<EditableDraft> {
  const document = await documentOwnership(em, documentId);
  if (!document) throw notFound();
  if (document.drafter_id !== viewer.personId) throw new AppError('FORBIDDEN', 403, `Only the drafter ${what}.`);
  await assertStillEditable(workflows, documentId, document.status);
  return { id: document.id, agency_id: document.agency_id, status: document.status };
}

/**
 * 409 unless the drafter may still change the document: its status is editable and, for a konsep,
 * no routing runs. The API writes no status: between the submit and the workflow's first activity
 * the document still reads `draft`, but the workflow was started with this version and this route.
 * Call it again under the document's row lock where a change is recorded (submitting takes the same lock).
 */
export async function assertStillEditable(workflows: NaskahWorkflows, documentId: number, status: string): Promise<void> {
  if (!isEditableStatus(status)) {
    throw new AppError('INVALID_STATE', 409, `A ${status} document can no longer be changed by its drafter.`, { field: 'status' });
  }
  // A returned document's routing runs too: it waits for this very revision.
  if (status === 'draft' && await workflows.routing(String(documentId)).running()) {
    throw new AppError('INVALID_STATE', 409, 'The konsep has been submitted and its routing has started; it can no longer be changed.', { field: 'status' });
  }
}

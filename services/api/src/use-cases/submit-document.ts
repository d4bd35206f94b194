// Submitting a draft starts its RoutingWorkflow; submitting again after a
// return reports the drafter's revision (the latest uploaded version) to it.
import type { DomainEntityManager as EntityManager, RoutableDocument, Viewer } from '@naskah/domain';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { documentRoute, latestVersion, lockDocument, routableDocument } from '@naskah/domain';
import type { Diproses, NaskahWorkflows, RoutingInput, RoutingState } from '@naskah/workflows/client';
import { AppError } from '../errors/problem.js';
import { durableRoutingAction } from './routing-action.js';

export async function submitDocument(em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, documentId: number, waitMs: number): Promise<RoutingState | (Diproses & { documentId: string })> {
  const doc = await routableDocument(em, documentId);
  if (!doc) throw new AppError('NOT_FOUND', 404, `document ${documentId} not found`);
  if (doc.drafter_id !== viewer.personId) throw new AppError('FORBIDDEN', 403, 'only the drafter submits a document');
  const latest = await latestVersion(em, documentId);
  if (!latest) throw new AppError('VALIDATION_FAILED', 422, 'upload a PDF version before submitting', { field: 'versions' });

  if (doc.status === 'returned' && doc.workflow_id) {
    return durableRoutingAction(workflows, documentId, { kind: 'revise', req: { personId: String(viewer.personId), version: latest.no, sha256: latest.sha256 } }, waitMs);
  }
  if (doc.status !== 'draft') throw new AppError('INVALID_STATE', 409, `document is ${doc.status}; only a draft or a returned document is submitted`);
  // Under the document's row lock, which every edit of the konsep takes too: an edit either lands
  // before the routing reads the route and version, or finds the routing running and is refused.
  const input = await em.transactional(async (tx) => {
    await lockDocument(tx, documentId);
    const now = await routableDocument(tx, documentId);
    if (now?.status !== 'draft') throw new AppError('INVALID_STATE', 409, `document is ${now?.status}; only a draft or a returned document is submitted`);
    const locked = await routingInputFor(tx, now, (await latestVersion(tx, documentId))!.no);
    // The workflow's first activity moves the konsep to in_review: the API writes no status of a routed document.
    await workflows.startRouting(locked).catch((error: unknown) => {
      // A second click before that activity ran still finds a konsep: its routing already runs, the click is answered as the first.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    });
    return locked;
  });
  // Answer from what was started, not a query: a query needs a worker, and the submission is already durable.
  return { documentId: input.documentId, status: 'in_review', round: 1, version: input.version, sha256: null, number: null, waiting: [], events: [] };
}

/** The routing of a document as its draft defines it: paraf positions in order, signature groups by order. */
export async function routingInputFor(em: EntityManager, doc: Pick<RoutableDocument, 'id' | 'drafter_id' | 'sifat' | 'code'>, version: number): Promise<RoutingInput> {
  const documentId = doc.id;
  const steps = await documentRoute(em, documentId);
  const signing = steps.filter((s) => s.kind === 'sign');
  if (signing.length === 0) throw new AppError('VALIDATION_FAILED', 422, 'choose a signer before submitting', { field: 'signerPositionId' });
  const groups = [...new Set(signing.map((s) => s.step_order))].map((order) => signing.filter((s) => s.step_order === order).map((s) => String(s.position_id)));
  return {
    documentId: String(documentId),
    agencyCode: doc.code,
    drafterPersonId: String(doc.drafter_id),
    urgency: doc.sifat,
    parafPositionIds: steps.filter((s) => s.kind === 'paraf').map((s) => String(s.position_id)),
    signerGroups: groups,
    version,
  };
}

/** Loads what routingInputFor needs; 404 when the document does not exist. */
export async function documentForRouting(em: EntityManager, documentId: number): Promise<RoutableDocument & { latest: number }> {
  const doc = await routableDocument(em, documentId);
  if (!doc) throw new AppError('NOT_FOUND', 404, `document ${documentId} not found`, { field: 'documentId' });
  const latest = await latestVersion(em, documentId);
  if (!latest) throw new AppError('VALIDATION_FAILED', 422, `document ${documentId} has no PDF version yet`, { field: 'documentId' });
  return { ...doc, latest: latest.no };
}

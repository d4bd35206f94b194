import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { Document, documentRoute, Position, replaceWaitingSteps, recordAudit, type Viewer } from '@naskah/domain';
import type { z } from 'zod';
import { AppError, notFound } from '../errors/problem.js';
import type { updateDraftBody } from '../schemas/document.js';
import type { NaskahWorkflows } from '@naskah/workflows/client';
import { assertStillEditable } from './editable-draft.js';
import { assertPositionsExist, assertRouteInReach, positionRefs, signerGroupsFromSteps, signerGroupsOf, writeRecipients } from './draft-routing.js';

/** Only the drafter edits, and only while the document is a konsep or returned for revision. */
export async function updateDraft(em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, id: number, input: z.infer<typeof updateDraftBody>): Promise<void> {
  const signerGroups = signerGroupsOf(input);
  await assertPositionsExist(em, positionRefs(input));
  await assertRouteInReach(em, viewer, input);
  await em.transactional(async (tx) => {
    // 3 is LockMode.PESSIMISTIC_WRITE (FOR UPDATE: waits for a concurrent writer). It was 4, PESSIMISTIC_PARTIAL_WRITE
    // (SKIP LOCKED): a document another request was writing came back as no row, and its drafter got 404.
    const document = await tx.findOne(Document, id, { lockMode: 3 });
    if (!document) throw notFound();
    if (document.drafter.id !== viewer.personId) throw new AppError('FORBIDDEN', 403, 'Only the drafter may edit a draft.');
    // Under the row lock submitting takes: a konsep submitted a moment ago is not changed under its routing.
    await assertStillEditable(workflows, id, document.status);
    const { reviewerPositionIds, signerPositionId: _signer, signerGroups: _groups, ...fields } = input;
    const signerField = input.signerGroups !== undefined ? 'signerGroups' : 'signerPositionId';
    tx.assign(document, fields);
    if (signerGroups !== undefined) {
      const firstSigner = signerGroups[0]?.[0];
      document.signerPosition = firstSigner ? tx.getReference(Position, firstSigner) : null;
    }
    await tx.flush();
    if (input.kepada || input.tembusan) await writeRecipients(tx, id, document.kepada, document.tembusan);
    if (document.status === 'returned' && (reviewerPositionIds !== undefined || signerGroups !== undefined)) {
      // The route was fixed when the workflow started; its revision restarts the same chain, so the rows stay.
      const route = await documentRoute(tx, id);
      const sameReviewers = reviewerPositionIds === undefined
        || JSON.stringify(reviewerPositionIds) === JSON.stringify(route.filter((s) => s.kind === 'paraf').map((s) => s.position_id));
      const sameSigners = signerGroups === undefined || sameGroups(signerGroups, signerGroupsFromSteps(route));
      if (!sameReviewers || !sameSigners) {
        throw new AppError('INVALID_STATE', 409, 'A returned document keeps its reviewers and signers; withdraw it to change the route.',
          { field: !sameReviewers ? 'reviewerPositionIds' : signerField });
      }
    } else if (reviewerPositionIds !== undefined || signerGroups !== undefined) {
      const current = await documentRoute(tx, id, { waitingOnly: true });
      await replaceWaitingSteps(tx, id,
        reviewerPositionIds ?? current.filter((s) => s.kind === 'paraf').map((s) => s.position_id),
        signerGroups ?? signerGroupsFromSteps(current));
    }
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'document.draft_updated', subjectType: 'document', subjectId: id,
      agencyId: document.agency.id, data: { fields: Object.keys(input).sort() },
    });
  });
}

/** The same signers in the same order; inside a parallel group the order does not matter. */
function sameGroups(a: number[][], b: number[][]): boolean {
  const canonical = (groups: number[][]) => JSON.stringify(groups.map((g) => [...g].sort((x, y) => x - y)));
  return canonical(a) === canonical(b);
}

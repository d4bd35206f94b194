import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { Document, Position, recordAudit, type Viewer } from '@naskah/domain';
import type { z } from 'zod';
import { AppError } from '../errors/problem.js';
import type { updateDraftBody } from '../schemas/document.js';
import { assertPositionsExist, positionRefs, writeRecipients, writeSteps } from './draft-routing.js';

/** Only the drafter edits, and only while the document is a konsep or returned for revision. */
export async function updateDraft(em: EntityManager, viewer: Viewer, id: number, input: z.infer<typeof updateDraftBody>, visible: boolean): Promise<void> {
  await assertPositionsExist(em, positionRefs(input));
  await em.transactional(async (tx) => {
    const document = await tx.findOne(Document, id, { lockMode: 4 /* pessimistic write */ });
    if (!document || !visible) throw new AppError('NOT_FOUND', 404, 'No such document, or it is not visible to you.');
    if (document.drafter.id !== viewer.personId) throw new AppError('FORBIDDEN', 403, 'Only the drafter may edit a draft.');
    if (document.status !== 'draft' && document.status !== 'returned') {
      throw new AppError('INVALID_STATE', 409, `A ${document.status} document cannot be edited; it is ${document.status}.`, { field: 'status' });
    }
    const { reviewerPositionIds, signerPositionId, ...fields } = input;
    tx.assign(document, fields);
    if (signerPositionId !== undefined) document.signerPosition = signerPositionId ? tx.getReference(Position, signerPositionId) : null;
    await tx.flush();
    if (input.kepada || input.tembusan) await writeRecipients(tx, id, document.kepada, document.tembusan);
    if (document.status === 'returned' && (reviewerPositionIds !== undefined || signerPositionId !== undefined)) {
      // The route was fixed when the workflow started; its revision restarts the same chain, so the rows stay.
      const route = await tx.execute<{ kind: string; position_id: number }[]>('select kind, position_id from routing_step where document_id = ? order by step_order, id', [id]);
      const same = (reviewerPositionIds === undefined || JSON.stringify(reviewerPositionIds) === JSON.stringify(route.filter((s) => s.kind === 'paraf').map((s) => s.position_id)))
        && (signerPositionId === undefined || route.some((s) => s.kind === 'sign' && s.position_id === signerPositionId));
      if (!same) {
        throw new AppError('INVALID_STATE', 409, 'A returned document keeps its reviewers and signer; withdraw it to change the route.',
          { field: reviewerPositionIds !== undefined ? 'reviewerPositionIds' : 'signerPositionId' });
      }
    } else if (reviewerPositionIds !== undefined || signerPositionId !== undefined) {
      const current = await tx.execute<{ kind: string; position_id: number }[]>(
        `select kind, position_id from routing_step where document_id = ? and state = 'waiting' order by step_order`, [id]);
      await writeSteps(tx, id,
        reviewerPositionIds ?? current.filter((s) => s.kind === 'paraf').map((s) => s.position_id),
        signerPositionId !== undefined ? signerPositionId : current.find((s) => s.kind === 'sign')?.position_id ?? null);
    }
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'document.draft_updated', subjectType: 'document', subjectId: id,
      agencyId: document.agency.id, data: { fields: Object.keys(input).sort() },
    });
  });
}

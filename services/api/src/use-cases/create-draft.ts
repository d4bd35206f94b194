import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { Agency, Document, Person, Position, recordAudit, replaceWaitingSteps, rollUpNewDocument, type Viewer } from '@naskah/domain';
import type { z } from 'zod';
import type { createDraftBody } from '../schemas/document.js';
import { assertPositionsExist, assertRouteInReach, positionRefs, signerGroupsOf, writeRecipients } from './draft-routing.js';

/** A pengonsep starts a konsep in their own agency; recipients and routing are stored with it. */
export async function createDraft(em: EntityManager, viewer: Viewer, input: z.infer<typeof createDraftBody>): Promise<{ id: number }> {
  const signerGroups = signerGroupsOf(input) ?? [];
  await assertPositionsExist(em, positionRefs(input));
  await assertRouteInReach(em, viewer, input);
  // The document row names the first signer (lists, the one-signer console); the route holds them all.
  const firstSigner = signerGroups[0]?.[0];
  return em.transactional(async (tx) => {
    const document = tx.create(Document, {
      agency: tx.getReference(Agency, viewer.agencyId),
      type: input.type, hal: input.hal, sifat: input.sifat, classification: input.classification,
      archiveCode: input.archiveCode, lampiran: input.lampiran, kepada: input.kepada, tembusan: input.tembusan,
      content: input.content, drafter: tx.getReference(Person, viewer.personId),
      signerPosition: firstSigner ? tx.getReference(Position, firstSigner) : null,
      status: 'draft',
    });
    await tx.flush();
    await rollUpNewDocument(tx, document.id);
    await writeRecipients(tx, document.id, input.kepada, input.tembusan);
    await replaceWaitingSteps(tx, document.id, input.reviewerPositionIds, signerGroups);
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'document.drafted', subjectType: 'document', subjectId: document.id,
      agencyId: viewer.agencyId, data: { type: input.type, hal: input.hal, classification: input.classification },
    });
    return { id: document.id };
  });
}

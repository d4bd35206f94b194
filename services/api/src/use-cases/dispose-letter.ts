// Disposing a surat masuk: the API checks who may act (the letter's addressee,
// or the recipient of the branch forwarded down) and that every recipient is
// below the disposer, resolves who acts for each position now, then hands the
// disposition to the letter's DispositionWorkflow (started by the first one).
// The workflow validates the turn and its activities write the rows.
import { trimmed, z } from '../openapi/zod.js';
import { dbId, saneDate } from '../schemas/common.js';
import {
  dispositionBranchOf, dispositionInstructions, instructionText, isVisible, letterToDispose, positionById, positionsBelow, resolveActor, type DomainEntityManager as EntityManager, type Viewer,
} from '@naskah/domain';
import type { Diproses, DispositionBranch, NaskahWorkflows } from '@naskah/workflows/client';
import { AppError, notFound } from '../errors/problem.js';
import { durableDispositionAction, notInWorkflow } from './disposition-action.js';
import { problemFor } from './routing-action.js';

export const dispositionBody = z.object({
  incomingLetterId: dbId(),
  /** Forwarding down a branch: the disposition you received. */
  parentId: dbId().nullable().default(null),
  toPositionIds: z.array(dbId()).min(1).max(50),
  /** One instruction text (the older form); or `instructions`, the ticks of a lembar disposisi. Exactly one of the two. */
  instruction: trimmed(3, 255).optional(),
  instructions: z.array(z.enum(dispositionInstructions)).min(1).max(dispositionInstructions.length).optional(),
  note: z.string().max(5000).default(''),
  /** Absent: the letter's sifat sets it (biasa 3 days, segera 1 day, sangat segera 4 hours). */
  deadline: saneDate().nullable().default(null),
  /** The click's id: the same id again (a retry after a lost answer) is applied once and answered with the first outcome. */
  requestId: z.string().uuid().optional().openapi({ description: 'the click\'s id; a retry with the same id is applied once' }),
}).strict().openapi('DispositionInput');

/**
 * Who disposes, from which position: the letter's addressee (or their Plh/Plt) first, then the
 * recipient of the branch forwarded down (`parentId`). The recipients' picker asks the same question.
 */
export async function disposerOf(em: EntityManager, viewer: Viewer, incomingLetterId: number, parentId: number | null) {
  const letter = await letterToDispose(em, incomingLetterId);
  if (!letter || !(await isVisible(em, viewer, 'incoming_letter', letter.id))) throw notFound('incomingLetterId');
  let fromPositionId: number;
  let parentBranchId: string | undefined;
  if (parentId) {
    const parent = await dispositionBranchOf(em, parentId);
    if (!parent || parent.incomingLetterId !== letter.id || !viewer.positionIds.includes(parent.toPositionId)) {
      throw new AppError('NOT_FOUND', 404, 'No such disposition addressed to you on this letter.', { field: 'parentId' });
    }
    if (parent.branchId === null) throw notInWorkflow('parentId');
    fromPositionId = parent.toPositionId;
    parentBranchId = parent.branchId;
  } else {
    if (!letter.addressed_to_id || !viewer.positionIds.includes(letter.addressed_to_id)) {
      throw new AppError('FORBIDDEN', 403, 'Hanya penerima surat (atau Plh/Plt-nya) yang pertama kali mendisposisikannya.', { field: 'incomingLetterId' });
    }
    fromPositionId = letter.addressed_to_id;
  }
  return { letter, fromPositionId, parentBranchId };
}

export async function createDisposition(
  em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, input: z.infer<typeof dispositionBody>, waitMs: number,
): Promise<{ ids: number[] } | (Diproses & { ids: number[] })> {
  // Exactly one of the two forms: well-formed JSON, but the lembar disposisi needs its instruction(s) once.
  if ((input.instruction === undefined) === (input.instructions === undefined)) {
    throw new AppError('DISPOSITION_INSTRUCTION_REQUIRED', 422, 'Pilih instruksi disposisi (instructions) atau tulis satu instruksi (instruction), tidak keduanya.',
      { field: input.instruction === undefined ? 'instructions' : 'instruction' });
  }
  const instruction = input.instructions ? instructionText(input.instructions) : input.instruction!;
  const { letter, fromPositionId, parentBranchId } = await disposerOf(em, viewer, input.incomingLetterId, input.parentId);
  const toPositionIds = [...new Set(input.toPositionIds)];
  const allowed = await positionsBelow(em, fromPositionId, toPositionIds);
  const wrong = input.toPositionIds.findIndex((id) => !allowed.has(id));
  if (wrong >= 0) throw new AppError('DISPOSITION_NOT_SUBORDINATE', 422, `Jabatan ${input.toPositionIds[wrong]} bukan bawahan jabatan yang mendisposisikan.`, { field: `toPositionIds.${wrong}` });

  // Who is notified: whoever acts for each position now (holder, Plh, Plt); the disposer's superior hears of an overdue branch.
  const now = new Date();
  const recipients: { positionId: string; personId: string | null }[] = [];
  for (const positionId of toPositionIds) {
    const actor = await resolveActor(em, positionId, now);
    recipients.push({ positionId: String(positionId), personId: actor ? String(actor.personId) : null });
  }
  const superior = await positionById(em, fromPositionId);
  const superiorActor = superior?.superior_id ? await resolveActor(em, superior.superior_id, now) : null;

  const incomingLetterId = String(letter.id);
  // Starting the workflow needs no worker: it is durable once started.
  await workflows.ensureDisposition({ incomingLetterId, agencyCode: letter.code, headPositionId: String(letter.addressed_to_id), urgency: letter.sifat })
    .catch((error: unknown) => problemFor(error));
  const answer = await durableDispositionAction<DispositionBranch[]>(workflows, incomingLetterId, { kind: 'dispose', req: {
    personId: String(viewer.personId), positionIds: viewer.positionIds.map(String), parentBranchId, fromPositionId: String(fromPositionId),
    disposerSuperiorPersonId: superiorActor ? String(superiorActor.personId) : null, recipients, instruction, note: input.note,
    deadline: input.deadline ? new Date(input.deadline).toISOString() : null, requestId: input.requestId,
  } }, waitMs);
  // Diproses: the rows are written when the workflow applies it; their ids are not known yet.
  if (!Array.isArray(answer)) return { ...answer, ids: [] };
  return { ids: answer.map((b) => b.dispositionId!) };
}

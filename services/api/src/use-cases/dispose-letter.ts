import { trimmed, z } from '../openapi/zod.js';
import { dbId, saneDate } from '../schemas/common.js';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { isVisible, pgIntArray, recordAudit, type Viewer } from '@naskah/domain';
import { AppError, notFound } from '../errors/problem.js';

export const dispositionBody = z.object({
  incomingLetterId: dbId(),
  /** Forwarding down a branch: the disposition you received. */
  parentId: dbId().nullable().default(null),
  toPositionIds: z.array(dbId()).min(1).max(50),
  instruction: trimmed(3, 255),
  note: z.string().max(5000).default(''),
  deadline: saneDate().nullable().default(null),
}).strict().openapi('DispositionInput');

/**
 * The letter's addressee (or the receiver of `parentId`, forwarding down)
 * disposes to positions below them. One row per recipient, one audit event each.
 */
export async function createDisposition(em: EntityManager, viewer: Viewer, input: z.infer<typeof dispositionBody>): Promise<{ ids: number[] }> {
  return em.transactional(async (tx) => {
    const [letter] = await tx.execute<{ id: number; agency_id: number; addressed_to_id: number | null }[]>(
      'select id, agency_id, addressed_to_id from incoming_letter where id = ?', [input.incomingLetterId]);
    if (!letter || !(await isVisible(tx, viewer, 'incoming_letter', letter.id))) throw notFound('incomingLetterId');
    let fromPositionId: number | undefined;
    if (input.parentId) {
      const [parent] = await tx.execute<{ to_position_id: number; state: string; incoming_letter_id: number }[]>(
        'select to_position_id, state, incoming_letter_id from disposition where id = ? for update', [input.parentId]);
      if (!parent || parent.incoming_letter_id !== letter.id || !viewer.positionIds.includes(parent.to_position_id)) {
        throw new AppError('NOT_FOUND', 404, 'No such disposition addressed to you on this letter.', { field: 'parentId' });
      }
      if (parent.state === 'done' || parent.state === 'withdrawn') throw new AppError('INVALID_STATE', 409, `The disposition is ${parent.state}.`, { field: 'parentId' });
      fromPositionId = parent.to_position_id;
      await tx.execute(`update disposition set state = 'forwarded', read_at = coalesce(read_at, now()) where id = ?`, [input.parentId]);
    } else {
      if (!letter.addressed_to_id || !viewer.positionIds.includes(letter.addressed_to_id)) {
        throw new AppError('FORBIDDEN', 403, 'Only the addressee of the letter (or their Plh/Plt) disposes it first.', { field: 'incomingLetterId' });
      }
      fromPositionId = letter.addressed_to_id;
    }
    const below = await tx.execute<{ id: number }[]>(
      `with recursive below(id) as (select id from position where superior_id = ? union select p.id from position p join below b on p.superior_id = b.id)
       select id from below where id = any(?::int[])`, [fromPositionId, pgIntArray(input.toPositionIds)]);
    const allowed = new Set(below.map((r) => r.id));
    const wrong = input.toPositionIds.findIndex((id) => !allowed.has(id));
    if (wrong >= 0) throw new AppError('DISPOSITION_NOT_SUBORDINATE', 422, `position ${input.toPositionIds[wrong]} is not below the disposing position`, { field: `toPositionIds.${wrong}` });
    const ids: number[] = [];
    for (const toPositionId of new Set(input.toPositionIds)) {
      const [row] = await tx.execute<{ id: number }[]>(
        `insert into disposition (incoming_letter_id, parent_id, from_position_id, from_person_id, to_position_id, instruction, note, deadline, state, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, 'sent', now()) returning id`,
        [letter.id, input.parentId, fromPositionId, viewer.personId, toPositionId, input.instruction, input.note, input.deadline]);
      ids.push(row!.id);
      await recordAudit(tx, {
        actor: { id: viewer.personId, name: viewer.name }, action: 'disposition.sent', subjectType: 'disposition', subjectId: row!.id,
        agencyId: letter.agency_id, data: { incomingLetterId: letter.id, fromPositionId, toPositionId, instruction: input.instruction },
      });
    }
    return { ids };
  });
}

export async function reportFollowUp(em: EntityManager, viewer: Viewer, id: number, report: string): Promise<{ id: number }> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<{ to_position_id: number; state: string }[]>('select to_position_id, state from disposition where id = ? for update', [id]);
    if (!row) throw notFound();
    if (!viewer.positionIds.includes(row.to_position_id)) throw new AppError('FORBIDDEN', 403, 'Hanya penerima disposisi yang melaporkan tindak lanjutnya.');
    if (row.state === 'done' || row.state === 'withdrawn') throw new AppError('INVALID_STATE', 409, `The disposition is already ${row.state}.`, { field: 'state' });
    await tx.execute(`update disposition set state = 'done', follow_up = ?, follow_up_at = now(), read_at = coalesce(read_at, now()) where id = ?`, [report, id]);
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'disposition.followed_up', subjectType: 'disposition', subjectId: id, data: { report } });
    return { id };
  });
}

export async function withdrawDisposition(em: EntityManager, viewer: Viewer, id: number): Promise<{ id: number }> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<{ from_person_id: number; read_at: Date | null; state: string }[]>('select from_person_id, read_at, state from disposition where id = ? for update', [id]);
    if (!row) throw notFound();
    if (row.from_person_id !== viewer.personId) throw new AppError('FORBIDDEN', 403, 'Hanya pengirim disposisi yang dapat menariknya.');
    if (row.read_at || row.state !== 'sent') throw new AppError('INVALID_STATE', 409, 'A disposition can be withdrawn only while unread.', { field: 'state' });
    await tx.execute(`update disposition set state = 'withdrawn' where id = ?`, [id]);
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'disposition.withdrawn', subjectType: 'disposition', subjectId: id, data: {} });
    return { id };
  });
}

import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { pgIntArray, type Addressee } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

/** Every referenced position must exist; the first missing one is named by its field. */
export async function assertPositionsExist(em: EntityManager, refs: { field: string; id: number }[]): Promise<void> {
  if (refs.length === 0) return;
  const rows = await em.execute<{ id: number }[]>('select id from position where id = any(?::int[])', [pgIntArray(refs.map((r) => r.id))]);
  const found = new Set(rows.map((r) => r.id));
  const missing = refs.find((r) => !found.has(r.id));
  if (missing) throw new AppError('REFERENCE_NOT_FOUND', 422, `position ${missing.id} does not exist`, { field: missing.field });
}

export function positionRefs(input: { kepada?: Addressee[]; tembusan?: Addressee[]; reviewerPositionIds?: number[]; signerPositionId?: number | null }): { field: string; id: number }[] {
  const refs: { field: string; id: number }[] = [];
  input.kepada?.forEach((a, i) => { if (a.positionId) refs.push({ field: `kepada.${i}.positionId`, id: a.positionId }); });
  input.tembusan?.forEach((a, i) => { if (a.positionId) refs.push({ field: `tembusan.${i}.positionId`, id: a.positionId }); });
  input.reviewerPositionIds?.forEach((id, i) => refs.push({ field: `reviewerPositionIds.${i}`, id }));
  if (input.signerPositionId) refs.push({ field: 'signerPositionId', id: input.signerPositionId });
  return refs;
}

/** Replaces a draft's recipients (undelivered) and its waiting paraf/sign steps. */
export async function writeRecipients(em: EntityManager, documentId: number, kepada: Addressee[], tembusan: Addressee[]): Promise<void> {
  await em.execute('delete from document_recipient where document_id = ?', [documentId]);
  const rows = [
    ...new Map(kepada.filter((a) => a.positionId).map((a) => [`k${a.positionId}`, ['kepada', a.positionId!] as const])).values(),
    ...new Map(tembusan.filter((a) => a.positionId).map((a) => [`t${a.positionId}`, ['tembusan', a.positionId!] as const])).values(),
  ];
  for (const [kind, positionId] of rows) {
    await em.execute('insert into document_recipient (document_id, position_id, kind) values (?, ?, ?)', [documentId, positionId, kind]);
  }
}

export async function writeSteps(em: EntityManager, documentId: number, reviewerPositionIds: number[], signerPositionId: number | null): Promise<void> {
  await em.execute(`delete from routing_step where document_id = ? and state = 'waiting'`, [documentId]);
  let order = 1;
  for (const positionId of reviewerPositionIds) {
    await em.execute(`insert into routing_step (document_id, kind, step_order, position_id, state) values (?, 'paraf', ?, ?, 'waiting')`, [documentId, order++, positionId]);
  }
  if (signerPositionId) {
    await em.execute(`insert into routing_step (document_id, kind, step_order, position_id, state) values (?, 'sign', ?, ?, 'waiting')`, [documentId, order, signerPositionId]);
  }
}

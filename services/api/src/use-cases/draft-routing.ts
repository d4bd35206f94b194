import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { pgIntArray, positionsOutsideReach, type Addressee, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

/** Every referenced position must exist; the first missing one is named by its field. */
export async function assertPositionsExist(em: EntityManager, refs: { field: string; id: number }[]): Promise<void> {
  if (refs.length === 0) return;
  const rows = await em.execute<{ id: number }[]>('select id from position where id = any(?::int[])', [pgIntArray(refs.map((r) => r.id))]);
  const found = new Set(rows.map((r) => r.id));
  const missing = refs.find((r) => !found.has(r.id));
  if (missing) throw new AppError('REFERENCE_NOT_FOUND', 422, `position ${missing.id} does not exist`, { field: missing.field });
}

/**
 * Reviewers and the one signer of a konsep come from the drafter's own agency
 * or their superiors (the access policy's rule). A joint naskah (signer groups:
 * a perjanjian, a surat edaran bersama) may name other agencies' signers, as
 * long as someone within reach signs too: nobody routes a letter to another
 * agency's head alone. 422 naming the first field that points outside.
 */
export async function assertRouteInReach(em: EntityManager, viewer: Viewer, input: {
  reviewerPositionIds?: number[]; signerPositionId?: number | null; signerGroups?: number[][] | null;
}): Promise<void> {
  const refs = positionRefs({ reviewerPositionIds: input.reviewerPositionIds, signerPositionId: input.signerPositionId, signerGroups: input.signerGroups });
  const outside = new Set(await positionsOutsideReach(em, viewer, refs.map((r) => r.id)));
  const groups = refs.filter((r) => r.field.startsWith('signerGroups'));
  const jointWithOwnAgency = groups.some((r) => !outside.has(r.id));
  const first = refs.find((r) => outside.has(r.id) && !(jointWithOwnAgency && r.field.startsWith('signerGroups')));
  if (first) {
    throw new AppError('POSITION_OTHER_AGENCY', 422, 'Pemeriksa dan penandatangan harus jabatan di instansi Anda sendiri atau atasan Anda.', { field: first.field });
  }
}

export function positionRefs(input: {
  kepada?: Addressee[]; tembusan?: Addressee[]; reviewerPositionIds?: number[]; signerPositionId?: number | null; signerGroups?: number[][] | null;
}): { field: string; id: number }[] {
  const refs: { field: string; id: number }[] = [];
  input.kepada?.forEach((a, i) => { if (a.positionId) refs.push({ field: `kepada.${i}.positionId`, id: a.positionId }); });
  input.tembusan?.forEach((a, i) => { if (a.positionId) refs.push({ field: `tembusan.${i}.positionId`, id: a.positionId }); });
  input.reviewerPositionIds?.forEach((id, i) => refs.push({ field: `reviewerPositionIds.${i}`, id }));
  if (input.signerPositionId) refs.push({ field: 'signerPositionId', id: input.signerPositionId });
  input.signerGroups?.forEach((group, g) => group.forEach((id, i) => refs.push({ field: `signerGroups.${g}.${i}`, id })));
  return refs;
}

/** Five groups of five cover a multi-party agreement; more is a mistake in the compose screen, not a real route. */
const signerGroupLimits = { groups: 5, perGroup: 5 } as const;

/**
 * The signature route a draft payload asks for, as ordered groups of
 * parallel signers: `signerPositionId` is the one-signer route `[[id]]`.
 * `undefined` when the payload names neither (an edit that leaves the route),
 * `[]` when it clears the signer. Bad shapes are 422 naming the field.
 */
export function signerGroupsOf(input: { signerPositionId?: number | null; signerGroups?: number[][] | null }): number[][] | undefined {
  const { signerPositionId, signerGroups } = input;
  if (signerGroups != null && signerPositionId != null) {
    throw new AppError('VALIDATION_FAILED', 422, 'give either signerPositionId (one signer) or signerGroups, not both', { field: 'signerGroups' });
  }
  if (signerGroups == null) {
    if (signerPositionId === undefined && signerGroups === undefined) return undefined;
    return signerPositionId ? [[signerPositionId]] : [];
  }
  if (signerGroups.length === 0) throw new AppError('VALIDATION_FAILED', 422, 'signerGroups needs at least one group (null clears the signers)', { field: 'signerGroups' });
  if (signerGroups.length > signerGroupLimits.groups) {
    throw new AppError('VALIDATION_FAILED', 422, `at most ${signerGroupLimits.groups} signer groups`, { field: 'signerGroups' });
  }
  const seen = new Set<number>();
  signerGroups.forEach((group, g) => {
    if (group.length === 0) throw new AppError('VALIDATION_FAILED', 422, `signer group ${g + 1} is empty`, { field: `signerGroups.${g}` });
    if (group.length > signerGroupLimits.perGroup) {
      throw new AppError('VALIDATION_FAILED', 422, `at most ${signerGroupLimits.perGroup} signers in one group`, { field: `signerGroups.${g}` });
    }
    group.forEach((id, i) => {
      if (seen.has(id)) throw new AppError('VALIDATION_FAILED', 422, `position ${id} signs only once`, { field: `signerGroups.${g}.${i}` });
      seen.add(id);
    });
  });
  return signerGroups;
}

/** The signer groups of a draft's stored route: sign steps by order. */
export function signerGroupsFromSteps(steps: { kind: string; step_order: number; position_id: number }[]): number[][] {
  const signing = steps.filter((s) => s.kind === 'sign');
  return [...new Set(signing.map((s) => s.step_order))].sort((a, b) => a - b)
    .map((order) => signing.filter((s) => s.step_order === order).map((s) => s.position_id));
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

/**
 * Replaces a draft's waiting paraf/sign steps: paraf one per order, then one
 * order per signer group, its members sharing the order (they sign in
 * parallel); `parallel_group` numbers a group of several, a lone signer has none.
 */
export async function writeSteps(em: EntityManager, documentId: number, reviewerPositionIds: number[], signerGroups: number[][]): Promise<void> {
  await em.execute(`delete from routing_step where document_id = ? and state = 'waiting'`, [documentId]);
  let order = 1;
  for (const positionId of reviewerPositionIds) {
    await em.execute(`insert into routing_step (document_id, kind, step_order, position_id, state) values (?, 'paraf', ?, ?, 'waiting')`, [documentId, order++, positionId]);
  }
  for (const [g, group] of signerGroups.entries()) {
    for (const positionId of group) {
      await em.execute(`insert into routing_step (document_id, kind, step_order, parallel_group, position_id, state) values (?, 'sign', ?, ?, ?, 'waiting')`,
        [documentId, order, group.length > 1 ? g + 1 : null, positionId]);
    }
    order++;
  }
}

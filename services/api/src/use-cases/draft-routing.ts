import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { existingPositionIds, positionsOutsideReach, replaceRecipients, type Addressee, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

/** Every referenced position must exist; the first missing one is named by its field. */
export async function assertPositionsExist(em: EntityManager, refs: { field: string; id: number }[]): Promise<void> {
  if (refs.length === 0) return;
  const found = await existingPositionIds(em, refs.map((r) => r.id));
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

/** Replaces a draft's recipients (undelivered): each position once per kind. */
export async function writeRecipients(em: EntityManager, documentId: number, kepada: Addressee[], tembusan: Addressee[]): Promise<void> {
  const rows = [
    ...new Map(kepada.filter((a) => a.positionId).map((a) => [`k${a.positionId}`, ['kepada', a.positionId!] as const])).values(),
    ...new Map(tembusan.filter((a) => a.positionId).map((a) => [`t${a.positionId}`, ['tembusan', a.positionId!] as const])).values(),
  ];
  await replaceRecipients(em, documentId, rows);
}

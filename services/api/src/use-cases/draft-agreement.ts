// The drafter's konsep of a perjanjian kinerja / kerja sama: a record, like a
// document's konsep, before any process. Its process (signature by every
// party, quarterly reports, revisions) is the AgreementWorkflow started by
// submit-agreement; from then on only the workflow's activities write its rows.
import { trimmed, z } from '../openapi/zod.js';
import { boundedNumber, dbId, valueOutOfRange } from '../schemas/common.js';
import { draftAgreement as recordDraft, indicatorDirections, indicatorValueProblem, MAX_INDICATOR_AMOUNT, type DomainEntityManager as EntityManager, type Viewer } from '@naskah/domain';
import { registerProblemCodes } from '../errors/problem.js';
import { assertPositionsExist } from './draft-routing.js';

/** Any indicator amount: what the column holds; the indicator's unit narrows it (indicatorValueProblem). */
export const indicatorAmount = boundedNumber(0, MAX_INDICATOR_AMOUNT);

const indicatorBody = z.object({
  code: trimmed(1, 32), name: trimmed(3, 2000), unit: trimmed(1, 32),
  direction: z.enum(indicatorDirections).default('higher'), targetYear: indicatorAmount,
  targetQuarters: z.tuple([indicatorAmount, indicatorAmount, indicatorAmount, indicatorAmount]),
}).strict().superRefine((indicator, ctx) => {
  // Targets follow the same unit rule as the realisations reported against them.
  const targets: [PropertyKey[], number][] = [[['targetYear'], indicator.targetYear], ...indicator.targetQuarters.map((v, q): [PropertyKey[], number] => [['targetQuarters', q], v])];
  for (const [path, value] of targets) {
    const problem = indicatorValueProblem(indicator.unit, value);
    if (problem) ctx.addIssue({ code: 'custom', path, message: problem, params: { code: valueOutOfRange } });
  }
});

/** Well-formed but unacceptable (JSON Schema cannot say "unique by code"): 422, not a malformed 400. */
const indicatorCodeTaken = 'INDICATOR_CODE_TAKEN';
registerProblemCodes({ [indicatorCodeTaken]: 422 });

/** The code names an indicator in its agreement and across revisions: two with one code would be one indicator. */
export const indicatorList = z.array(indicatorBody).max(100).superRefine((indicators, ctx) => {
  const seen = new Set<string>();
  for (const [i, indicator] of indicators.entries()) {
    if (seen.has(indicator.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `kode indikator ${indicator.code} sudah dipakai di perjanjian ini`, params: { code: indicatorCodeTaken } });
    seen.add(indicator.code);
  }
});

export const agreementBody = z.object({
  kind: z.enum(['kinerja', 'kerja_sama']),
  title: trimmed(3, 255),
  year: z.number().int().min(2000).max(2100),
  /** Position ids: the first is the official who commits (pihak pertama), the next their superior (pihak kedua). */
  parties: z.array(dbId()).min(2).max(20),
  parallel: z.boolean().default(false),
  indicators: indicatorList.default([]),
}).strict().openapi('AgreementInput');

export async function draftAgreement(em: EntityManager, viewer: Viewer, input: z.infer<typeof agreementBody>): Promise<{ id: number }> {
  await assertPositionsExist(em, input.parties.map((id, i) => ({ field: `parties.${i}`, id })));
  return recordDraft(em, { id: viewer.personId, name: viewer.name }, { ...input, agencyId: viewer.agencyId });
}

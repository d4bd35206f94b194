import { trimmed, z } from '../openapi/zod.js';
import { boundedNumber, dbId, valueOutOfRange } from '../schemas/common.js';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { achievementPercent, indicatorDirections, indicatorValueProblem, MAX_INDICATOR_AMOUNT, pgIntArray, recordAudit, type IndicatorDirection, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import { uniqueViolation } from './unique-violation.js';

/** Any indicator amount: what the column holds; the indicator's unit narrows it (indicatorValueProblem). */
const amount = boundedNumber(0, MAX_INDICATOR_AMOUNT);
const indicatorBody = z.object({
  code: trimmed(1, 32), name: trimmed(3, 2000), unit: trimmed(1, 32),
  direction: z.enum(indicatorDirections).default('higher'), targetYear: amount,
  targetQuarters: z.tuple([amount, amount, amount, amount]),
}).strict().superRefine((indicator, ctx) => {
  // Targets follow the same unit rule as the realisations reported against them.
  const targets: [PropertyKey[], number][] = [[['targetYear'], indicator.targetYear], ...indicator.targetQuarters.map((v, q): [PropertyKey[], number] => [['targetQuarters', q], v])];
  for (const [path, value] of targets) {
    const problem = indicatorValueProblem(indicator.unit, value);
    if (problem) ctx.addIssue({ code: 'custom', path, message: problem, params: { code: valueOutOfRange } });
  }
});
export const agreementBody = z.object({
  kind: z.enum(['kinerja', 'kerja_sama']),
  title: trimmed(3, 255),
  year: z.number().int().min(2000).max(2100),
  parties: z.array(dbId()).min(2).max(20),
  parallel: z.boolean().default(false),
  indicators: z.array(indicatorBody).max(100).default([]),
}).strict().openapi('AgreementInput');

export const progressBody = z.object({
  indicatorId: dbId(),
  quarter: z.number().int().min(1).max(4),
  realisation: amount,
  evidence: z.string().max(10_000).default(''),
}).strict().openapi('ProgressInput');

export async function createAgreement(em: EntityManager, viewer: Viewer, input: z.infer<typeof agreementBody>): Promise<{ id: number }> {
  const found = await em.execute<{ id: number }[]>('select id from position where id = any(?::int[])', [pgIntArray(input.parties)]);
  const ids = new Set(found.map((r) => r.id));
  const missing = input.parties.findIndex((p) => !ids.has(p));
  if (missing >= 0) throw new AppError('REFERENCE_NOT_FOUND', 422, `position ${input.parties[missing]} does not exist`, { field: `parties.${missing}` });
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<{ id: number }[]>(
      `insert into agreement (kind, agency_id, title, year, version, parties, parallel, status, created_at) values (?, ?, ?, ?, 1, ?::jsonb, ?, 'draft', now()) returning id`,
      [input.kind, viewer.agencyId, input.title, input.year, JSON.stringify(input.parties), input.parallel]);
    for (const [i, indicator] of input.indicators.entries()) {
      const [q1, q2, q3, q4] = indicator.targetQuarters;
      await tx.execute(
        `insert into indicator (agreement_id, code, name, unit, direction, target_year, target_q1, target_q2, target_q3, target_q4) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [row!.id, indicator.code, indicator.name, indicator.unit, indicator.direction, indicator.targetYear, q1, q2, q3, q4],
      ).catch(uniqueViolation(`indicators.${i}.code`, 'duplicate indicator'));
    }
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'agreement.created', subjectType: 'agreement', subjectId: row!.id, agencyId: viewer.agencyId,
      data: { kind: input.kind, title: input.title, year: input.year, parties: input.parties, indicators: input.indicators.length },
    });
    return { id: row!.id };
  });
}

export async function reportProgress(em: EntityManager, viewer: Viewer, agreementId: number, input: z.infer<typeof progressBody>): Promise<{ id: number; achievement: number }> {
  return em.transactional(async (tx) => {
    const [indicator] = await tx.execute<{ direction: IndicatorDirection; unit: string; t1: number; t2: number; t3: number; t4: number; agency_id: number }[]>(
      `select i.direction, i.unit, i.target_q1::float8 as t1, i.target_q2::float8 as t2, i.target_q3::float8 as t3, i.target_q4::float8 as t4, g.agency_id
       from indicator i join agreement g on g.id = i.agreement_id where i.id = ? and g.id = ?`, [input.indicatorId, agreementId]);
    // Who may report was decided before (mayReportRealisation: the parties, of any agency, and the agency's secretariat);
    // here only the body's reference is checked: an indicator of another agreement is bad input, not a hidden record.
    if (!indicator) throw new AppError('REFERENCE_NOT_FOUND', 422, 'No such indicator in this agreement.', { field: 'indicatorId' });
    const outOfRange = indicatorValueProblem(indicator.unit, input.realisation);
    if (outOfRange) throw new AppError(valueOutOfRange, 422, outOfRange, { field: 'realisation' });
    const target = [indicator.t1, indicator.t2, indicator.t3, indicator.t4][input.quarter - 1]!;
    const achievement = achievementPercent(indicator.direction, target, input.realisation);
    const [row] = await tx.execute<{ id: number }[]>(
      `insert into progress_report (indicator_id, quarter, realisation, evidence, achievement, reported_by_id, reported_at) values (?, ?, ?, ?, ?, ?, now()) returning id`,
      [input.indicatorId, input.quarter, input.realisation, input.evidence, achievement, viewer.personId],
    ).catch(uniqueViolation('quarter', 'This quarter is already reported for the indicator.'));
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'progress.reported', subjectType: 'indicator', subjectId: input.indicatorId,
      agencyId: indicator.agency_id, data: { quarter: input.quarter, realisation: input.realisation, achievement },
    });
    return { id: row!.id, achievement };
  });
}

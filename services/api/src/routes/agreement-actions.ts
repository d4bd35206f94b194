// Perjanjian kinerja through its AgreementWorkflow: the agreement document is
// routed (paraf, every party signs) by a child RoutingWorkflow, then each
// quarter's realisation is reported while its window is open.
import type { Client } from '@temporalio/client';
import { z } from '../openapi/zod.js';
import { boundedNumber, dbId, valueOutOfRange } from '../schemas/common.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import type { ApiContext } from '../context.js';
import { AppError } from '../errors/problem.js';
import { indicatorValueProblem, MAX_INDICATOR_AMOUNT, type DomainEntityManager as EntityManager, type IndicatorDirection } from '@naskah/domain';
import type { Indicator } from '@naskah/workflows/client';
import { routingAction, workflowsFor } from '../use-cases/routing-action.js';
import { documentForRouting, markInReview, routingInputFor } from '../use-cases/submit-document.js';

const stateSchema = z.object({ agreementId: z.string(), status: z.string(), agreementVersion: z.number().int(), openQuarter: z.number().int().nullable() }).loose();

async function indicatorsOf(em: EntityManager, agreementId: number): Promise<Indicator[]> {
  const rows = await em.execute<{ id: number; name: string; unit: string; direction: IndicatorDirection; target_year: string; target_q1: string; target_q2: string; target_q3: string; target_q4: string }[]>(
    'select id, name, unit, direction, target_year, target_q1, target_q2, target_q3, target_q4 from indicator where agreement_id = ? order by id', [agreementId]);
  return rows.map((r) => ({
    indicatorId: String(r.id), name: r.name, unit: r.unit, direction: r.direction,
    yearlyTarget: Number(r.target_year),
    quarterlyTargets: [Number(r.target_q1), Number(r.target_q2), Number(r.target_q3), Number(r.target_q4)],
  }));
}

export function agreementActionRoutes(api: ApiRouter, ctx: ApiContext, temporal: Client): void {
  const workflows = workflowsFor(temporal, ctx.config.temporal.taskQueue);

  defineRoute(api, {
    method: 'post', path: '/agreements/:id/workflow', tag: 'agreements', access: ['drafter', 'secretariat', 'leader'], resource: 'agreement', params: idParams, status: 200, errors: [403, 404, 409, 422],
    body: z.object({ leaderPersonId: dbId(), reporterPersonIds: z.array(dbId()).min(1).max(20) }).strict(),
    summary: 'Start the agreement: route its document for paraf and every party’s signature, then quarterly reporting', response: stateSchema,
  }, async ({ viewer, params, body }) => {
    const em = ctx.orm.em.fork();
    const [agreement] = await em.execute<{ id: number; year: number; document_id: number | null; code: string; agency_id: number }[]>(
      'select g.id, g.year, g.document_id, a.code, g.agency_id from agreement g join agency a on a.id = g.agency_id where g.id = ?', [params.id]);
    if (!agreement) throw new AppError('NOT_FOUND', 404, `agreement ${params.id} not found`);
    if (agreement.agency_id !== viewer.agencyId) throw new AppError('FORBIDDEN', 403, 'Perjanjian dimulai oleh instansi yang membuatnya.');
    if (agreement.document_id === null) throw new AppError('VALIDATION_FAILED', 422, 'the agreement has no document to sign yet', { field: 'documentId' });
    const indicators = await indicatorsOf(em, agreement.id);
    if (indicators.length === 0) throw new AppError('VALIDATION_FAILED', 422, 'the agreement lists no indicators', { field: 'indicators' });
    const doc = await documentForRouting(em, agreement.document_id);
    // Like a submitted draft: the dashboard's submit → signature clock starts here.
    await markInReview(em, doc.id);
    await workflows.startAgreement({
      agreementId: String(agreement.id), agencyCode: agreement.code, year: agreement.year,
      document: await routingInputFor(em, doc, doc.latest), indicators,
      reporterPersonIds: body.reporterPersonIds.map(String), leaderPersonId: String(body.leaderPersonId),
    }).catch((error: unknown) => {
      if ((error as Error).name === 'WorkflowExecutionAlreadyStartedError') throw new AppError('CONFLICT', 409, 'the agreement is already running');
      throw error;
    });
    // A query needs a worker: without one in time this is a 503 (retry), like every other workflow call, not a 500.
    return routingAction(() => workflows.agreement(String(agreement.id)).state());
  });

  defineRoute(api, {
    method: 'get', path: '/agreements/:id/workflow', tag: 'agreements', access: 'any', resource: 'agreement', params: idParams, errors: [409],
    summary: 'The agreement’s state: version, open reporting quarter, reports with achievement', response: stateSchema,
  }, async ({ params }) => routingAction(() => workflows.agreement(String(params.id)).state()));

  defineRoute(api, {
    method: 'post', path: '/agreements/:id/realisation', tag: 'agreements', access: 'any', resource: 'agreement', params: idParams, status: 200, errors: [403, 409, 422],
    body: z.object({
      quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
      realisations: z.array(z.object({ indicatorId: z.string(), value: boundedNumber(0, MAX_INDICATOR_AMOUNT), evidenceSha256: z.string().regex(/^[0-9a-f]{64}$/).optional() }).strict()).min(1),
    }).strict(),
    summary: 'Report a quarter’s realisation while its window is open; achievement is computed direction-aware',
    response: z.object({ quarter: z.number().int(), averagePercent: z.number() }).loose(),
  // Who reports is the workflow's: the reporters named when it started (its Update validator refuses anyone else).
  }, async ({ viewer, params, body }) => {
    await assertRealisationsInRange(ctx.orm.em.fork(), params.id, body.realisations);
    return routingAction(() => workflows.agreement(String(params.id)).report({ personId: String(viewer.personId), ...body }));
  });
}

/** Each value within its indicator's unit (indicatorValueProblem); unknown indicators are left to the workflow's validator. */
async function assertRealisationsInRange(em: EntityManager, agreementId: number, realisations: { indicatorId: string; value: number }[]): Promise<void> {
  const units = new Map((await em.execute<{ id: number; unit: string }[]>('select id, unit from indicator where agreement_id = ?', [agreementId]))
    .map((r) => [String(r.id), r.unit]));
  for (const [i, r] of realisations.entries()) {
    const unit = units.get(r.indicatorId);
    const problem = unit === undefined ? undefined : indicatorValueProblem(unit, r.value);
    if (problem) throw new AppError(valueOutOfRange, 422, problem, { field: `realisations.${i}.value` });
  }
}

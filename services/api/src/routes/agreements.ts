import { z } from '../openapi/zod.js';
import { mayReportRealisation, visibleScope, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';
import { agreementBody, createAgreement, progressBody, reportProgress } from '../use-cases/manage-agreement.js';

const agreementSchema = z.object({
  id: z.number().int(), kind: z.enum(['kinerja', 'kerja_sama']), agencyId: z.number().int(), title: z.string(), year: z.number().int(),
  version: z.number().int(), previousId: z.number().int().nullable(), parties: z.array(z.number().int()), parallel: z.boolean(),
  documentId: z.number().int().nullable(), status: z.string(), createdAt: z.string(),
}).openapi('Agreement');

/** Staff who can read an agreement do not enter its figures: the parties and their agency's secretariat do. */
function realisationForbidden(): AppError {
  return new AppError('FORBIDDEN', 403, 'Realisasi diisi oleh pihak perjanjian atau sekretariat instansinya.');
}

export function agreementRoutes(api: ApiRouter, ctx: ApiContext): void {
  const spec = (viewer: Viewer) => ({
    from: 'agreement g',
    columns: { id: 'g.id', kind: 'g.kind', agencyId: 'g.agency_id', title: 'g.title', year: 'g.year', version: 'g.version', previousId: 'g.previous_id',
      parties: 'g.parties', parallel: 'g.parallel', documentId: 'g.document_id', status: 'g.status', createdAt: 'g.created_at' },
    filters: { q: { search: ['g.title'], kind: 'search' as const }, id: { sql: 'g.id', kind: 'int' as const }, kind: { sql: 'g.kind', kind: 'eq' as const },
      year: { sql: 'g.year', kind: 'int' as const }, agencyId: { sql: 'g.agency_id', kind: 'int' as const }, status: { sql: 'g.status', kind: 'eq' as const } },
    sortable: ['id', 'year', 'title', 'status'], defaultSort: { field: 'id', order: 'DESC' as const },
    where: visibleScope(viewer, 'agreement'),
  });
  defineRoute(api, {
    method: 'get', path: '/agreements/:id/indicators', tag: 'agreements', access: 'any', resource: 'agreement', params: idParams, errors: [404],
    summary: 'Indicators (IKU) of an agreement with quarterly progress and achievement',
    response: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), unit: z.string(), direction: z.string(), targetYear: z.number(), reports: z.array(z.unknown()) })),
  }, async ({ params }) => {
    const em = ctx.orm.em.fork();
    return em.execute(`select i.id, i.code, i.name, i.unit, i.direction, i.target_year::float8 as "targetYear", i.target_q1::float8 as "targetQ1",
        i.target_q2::float8 as "targetQ2", i.target_q3::float8 as "targetQ3", i.target_q4::float8 as "targetQ4",
        coalesce((select json_agg(json_build_object('quarter', r.quarter, 'realisation', r.realisation::float8, 'achievement', r.achievement::float8, 'evidence', r.evidence) order by r.quarter)
          from progress_report r where r.indicator_id = i.id), '[]') as reports
      from indicator i where i.agreement_id = ? order by i.code`, [params.id]);
  });
  readResource(api, ctx, { name: 'agreements', tag: 'agreements', access: 'any', resource: 'agreement', schema: agreementSchema, description: 'perjanjian kinerja and kerja sama', spec });
  defineRoute(api, {
    method: 'post', path: '/agreements', tag: 'agreements', access: ['drafter', 'secretariat', 'leader'], body: agreementBody, errors: [422],
    summary: 'Create a perjanjian kinerja / kerja sama with its indicators (IKU)', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => createAgreement(ctx.orm.em.fork(), viewer, body));
  defineRoute(api, {
    method: 'post', path: '/agreements/:id/progress', tag: 'agreements', access: ['drafter', 'secretariat', 'leader'], resource: 'agreement', params: idParams, body: progressBody,
    errors: [403, 404, 409, 422], summary: 'Report a quarter\'s realisation for one indicator; achievement is computed', response: z.object({ id: z.number().int(), achievement: z.number() }),
  }, async ({ viewer, params, body }) => {
    const em = ctx.orm.em.fork();
    if (!(await mayReportRealisation(em, viewer, params.id))) throw realisationForbidden();
    return reportProgress(em, viewer, params.id, body);
  });
}

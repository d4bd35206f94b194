import { z } from '../openapi/zod.js';
import { agreementListSource, agreementStatuses, indicatorProgress, visibleScope, type Viewer } from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';
import { agreementBody, draftAgreement } from '../use-cases/draft-agreement.js';

const agreementSchema = z.object({
  id: z.number().int(), kind: z.enum(['kinerja', 'kerja_sama']), agencyId: z.number().int(), title: z.string(), year: z.number().int(),
  version: z.number().int(), previousId: z.number().int().nullable(), parties: z.array(z.number().int()), parallel: z.boolean(),
  documentId: z.number().int().nullable(), status: z.enum(agreementStatuses), createdAt: z.string(),
}).openapi('Agreement');

const g = agreementListSource.columns;

export function agreementRoutes(api: ApiRouter, ctx: ApiContext): void {
  const spec = (viewer: Viewer) => ({
    ...agreementListSource,
    filters: { q: { search: [g.title], kind: 'search' as const }, id: { sql: g.id, kind: 'int' as const }, kind: { sql: g.kind, kind: 'eq' as const },
      year: { sql: g.year, kind: 'int' as const }, agencyId: { sql: g.agencyId, kind: 'int' as const }, status: { sql: g.status, kind: 'eq' as const } },
    sortable: ['id', 'year', 'title', 'status'], defaultSort: { field: 'id', order: 'DESC' as const },
    where: visibleScope(viewer, 'agreement'),
  });
  defineRoute(api, {
    method: 'get', path: '/agreements/:id/indicators', tag: 'agreements', access: 'any', resource: 'agreement', params: idParams, errors: [404],
    summary: 'Indicators (IKU) of an agreement with quarterly realisation, bukti dukung and achievement',
    response: z.array(z.object({
      id: z.number().int(), code: z.string(), name: z.string(), unit: z.string(), direction: z.string(), targetYear: z.number(),
      targetQ1: z.number(), targetQ2: z.number(), targetQ3: z.number(), targetQ4: z.number(),
      reports: z.array(z.object({ quarter: z.number().int(), realisation: z.number(), achievement: z.number(), evidence: z.string(), evidenceObjectKey: z.string().nullable(),
        evidenceFile: z.object({ sha256: z.string(), name: z.string(), contentType: z.string(), size: z.number().int() }).nullable(), reportedAt: z.string() })),
    })),
  }, async ({ params }) => indicatorProgress(ctx.orm.em.fork(), params.id));
  readResource(api, ctx, { name: 'agreements', tag: 'agreements', access: 'any', resource: 'agreement', schema: agreementSchema, description: 'perjanjian kinerja and kerja sama', spec });
  defineRoute(api, {
    method: 'post', path: '/agreements', tag: 'agreements', access: ['drafter', 'secretariat', 'leader'], body: agreementBody, errors: [422],
    summary: 'Draft a perjanjian kinerja / kerja sama with its indicators (IKU); submitting it starts its process', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => draftAgreement(ctx.orm.em.fork(), viewer, body));
}

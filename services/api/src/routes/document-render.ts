import { trimmed, z } from '../openapi/zod.js';
import { dbIdParam } from '../schemas/common.js';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { assertDeclaredSize, fileBody } from '../http/file-body.js';
import { addLampiran, listLampiran, removeLampiran } from '../use-cases/document-lampiran.js';
import { renderDraftVersion } from '../use-cases/render-draft.js';
import { workflowsFor } from '../use-cases/routing-action.js';
import type { Client } from '@temporalio/client';
import { requestField } from './document-preview.js';

const versionResponse = z.object({ no: z.number().int(), sha256: z.string(), size: z.number().int(), pageCount: z.number().int() });
const lampiranSchema = z.object({ no: z.number().int(), fileName: z.string(), sha256: z.string(), size: z.number().int(), createdAt: z.string() }).openapi('Lampiran');

/** Server-rendered konsep versions and the lampiran PDFs appended to them. */
export function documentRenderRoutes(api: ApiRouter, ctx: ApiContext, temporal: Client): void {
  const workflows = workflowsFor(temporal, ctx.config.temporal.taskQueue);
  defineRoute(api, {
    method: 'post', path: '/documents/:id/render', tag: 'documents', access: ['drafter'], resource: 'document', params: idParams, errors: [404, 409, 422],
    summary: 'Render your stored draft with its template (DRAF, temporary number, lampiran appended) as the next version, reason "rendered"',
    response: versionResponse,
  }, async ({ viewer, params }) => {
    const em = ctx.orm.em.fork();
    return renderDraftVersion(em, workflows, ctx.store, viewer, params.id, requestField);
  });

  defineRoute(api, {
    method: 'get', path: '/documents/:id/lampiran', tag: 'documents', access: 'any', resource: 'document', params: idParams, errors: [404],
    summary: 'Lampiran PDFs of a document, in the order they are appended', response: z.array(lampiranSchema),
  }, async ({ params }) => {
    const em = ctx.orm.em.fork();
    return (await listLampiran(em, params.id)).map(({ objectKey: _key, ...l }) => l);
  });

  defineRoute(api, {
    method: 'post', path: '/documents/:id/lampiran', tag: 'documents', access: ['drafter'], resource: 'document', params: idParams,
    query: z.object({ name: trimmed(1, 200).optional() }),
    rawBody: { mediaType: 'application/pdf' }, errors: [404, 409, 413, 415, 422],
    summary: 'Attach a lampiran PDF to your draft (application/pdf body or multipart field "file"; ?name= the file name shown)',
    response: lampiranSchema.omit({ createdAt: true }),
  }, async ({ req, viewer, params, query }) => {
    const em = ctx.orm.em.fork();
    assertDeclaredSize(req, ctx.uploadLimitBytes);
    return addLampiran(em, workflows, ctx.store, viewer, params.id, await fileBody(req), ctx.uploadLimitBytes, query.name);
  });

  defineRoute(api, {
    method: 'delete', path: '/documents/:id/lampiran/:no', tag: 'documents', access: ['drafter'], resource: 'document', status: 200, errors: [404, 409],
    params: z.object({ id: dbIdParam(), no: dbIdParam() }),
    summary: 'Take a lampiran off your draft (its bytes stay: earlier rendered versions name them)', response: z.object({ no: z.number().int() }),
  }, async ({ viewer, params }) => {
    const em = ctx.orm.em.fork();
    return removeLampiran(em, workflows, viewer, params.id, params.no);
  });
}

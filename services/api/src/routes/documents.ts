import { z } from '../openapi/zod.js';
import { dbIdParam } from '../schemas/common.js';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { listQueryFor, parseListQuery } from '../http/list-query.js';
import { nobody } from '../http/read-resource.js';
import { listRecords } from '../http/list-records.js';
import { fileBody } from '../http/file-body.js';
import { AppError } from '../errors/problem.js';
import { createDraftBody, documentDetailSchema, documentSchema, updateDraftBody } from '../schemas/document.js';
import { documentListSpec, versionFile } from '@naskah/domain';
import { createDraft } from '../use-cases/create-draft.js';
import { updateDraft } from '../use-cases/update-draft.js';
import { getDocument } from '../use-cases/get-document.js';
import { uploadDocumentVersion, versionReasons } from '../use-cases/upload-document-version.js';
import { sendPdf } from '../http/pdf-response.js';
import { workflowsFor } from '../use-cases/routing-action.js';
import type { Client } from '@temporalio/client';

export function documentRoutes(api: ApiRouter, ctx: ApiContext, temporal: Client): void {
  const workflows = workflowsFor(temporal, ctx.config.temporal.taskQueue);
  defineRoute(api, {
    method: 'get', path: '/documents', tag: 'documents', access: 'any', query: listQueryFor(documentListSpec(nobody)), errors: [422],
    summary: 'Naskah dinas visible to you (own agency, addressed/copied to you, routed through you); not counted: a page with a next one answers `Content-Range: items 0-24/*` and `X-Has-Next-Page: true`, the last page its total',
    response: z.array(documentSchema),
  }, async ({ res, viewer, query }) => listRecords(ctx.orm.em.fork(), res, 'items', documentListSpec(viewer), parseListQuery(query)));

  defineRoute(api, {
    method: 'get', path: '/documents/:id', tag: 'documents', access: 'any', resource: 'document', params: idParams, errors: [404],
    summary: 'One document with content, versions and routing steps', response: documentDetailSchema,
  }, async ({ viewer, params }) => getDocument(ctx.orm.em.fork(), viewer, params.id));

  defineRoute(api, {
    method: 'post', path: '/documents', tag: 'documents', access: ['drafter'], body: createDraftBody, errors: [422],
    summary: 'Start a konsep (draft) in your agency', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => createDraft(ctx.orm.em.fork(), viewer, body));

  defineRoute(api, {
    method: 'put', path: '/documents/:id', tag: 'documents', access: ['drafter'], resource: 'document', params: idParams, body: updateDraftBody,
    errors: [404, 409, 422], summary: 'Edit your draft (status draft or returned)', response: documentDetailSchema,
  }, async ({ viewer, params, body }) => {
    const em = ctx.orm.em.fork();
    await updateDraft(em, workflows, viewer, params.id, body);
    return getDocument(em, viewer, params.id);
  });

  defineRoute(api, {
    method: 'post', path: '/documents/:id/versions', tag: 'documents', access: ['drafter'], resource: 'document', params: idParams,
    query: z.object({ reason: z.enum(versionReasons).default('draft') }),
    rawBody: { mediaType: 'application/pdf' }, errors: [404, 409, 413, 415, 422],
    summary: 'Upload a new PDF version of your draft (application/pdf body or multipart field "file")',
    response: z.object({ no: z.number().int(), sha256: z.string(), size: z.number().int() }),
  }, async ({ req, viewer, params, query }) => {
    const em = ctx.orm.em.fork();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > ctx.uploadLimitBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', 413, `The file is larger than ${Math.round(ctx.uploadLimitBytes / 1048576)} MB.`, { field: 'file' });
    }
    const body = await fileBody(req);
    return uploadDocumentVersion(em, workflows, ctx.store, viewer, params.id, body, ctx.uploadLimitBytes, query.reason);
  });

  defineRoute(api, {
    method: 'get', path: '/documents/:id/versions/:no/pdf', tag: 'documents', access: 'any', resource: 'document',
    params: z.object({ id: dbIdParam(), no: dbIdParam() }), errors: [404],
    summary: 'Download one PDF version (X-Content-SHA256 carries its recorded hash)', response: { mediaType: 'application/pdf' },
  }, async ({ res, params }) => {
    const em = ctx.orm.em.fork();
    const version = await versionFile(em, params.id, params.no);
    if (!version) throw new AppError('NOT_FOUND', 404, `Document ${params.id} has no version ${params.no}.`);
    await sendPdf(res, await ctx.store.get(version.object_key), { size: version.size, sha256: version.sha256, filename: `naskah-${params.id}-v${params.no}.pdf` });
    return undefined;
  });
}

// Perjanjian kinerja through its AgreementWorkflow: submission starts it (the
// agreement's naskah is routed for paraf and every party's signature), then
// each quarter's realisation and any revision of the targets are Updates to it,
// durable across a worker restart (202 "diproses", as every workflow action).
import type { Client } from '@temporalio/client';
import { trimmed, z } from '../openapi/zod.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import type { ApiContext } from '../context.js';
import { agreementState, realisationBody, reportRealisation, reviseAgreement, reviseAgreementBody, submitAgreement, submitAgreementBody } from '../use-cases/agreement-action.js';
import { workflowsFor } from '../use-cases/routing-action.js';
import { evidenceFileFor, uploadEvidence } from '../use-cases/agreement-evidence.js';
import { namedFileBody } from '../http/file-body.js';
import { sendFile } from '../http/pdf-response.js';
import { dbIdParam, diprosesSchema } from '../schemas/common.js';
import { EVIDENCE_MAX_BYTES, evidenceMediaTypes } from '@naskah/domain';

const indicatorSchema = z.object({ code: z.string(), name: z.string(), unit: z.string(), direction: z.string(), yearlyTarget: z.number(), quarterlyTargets: z.array(z.number()) });
const evidenceFileSchema = z.object({ sha256: z.string(), name: z.string(), contentType: z.string(), size: z.number().int() }).openapi('EvidenceFile');
const reportSchema = z.object({
  quarter: z.number().int(), reportedBy: z.string(), reportedAt: z.string(),
  realisations: z.array(z.object({
    code: z.string(), value: z.number(), evidence: z.string(), evidenceObjectKey: z.string().nullable(),
    evidenceFile: evidenceFileSchema.nullable().optional(),
  })),
  achievements: z.array(z.object({ code: z.string(), percent: z.number() })), averagePercent: z.number(),
}).openapi('AgreementQuarterReport');
const stateSchema = z.object({
  agreementId: z.string(), status: z.string(), agreementVersion: z.number().int(), openQuarter: z.number().int().nullable(),
  indicators: z.array(indicatorSchema), reports: z.array(reportSchema), revisionDocumentId: z.string().nullable(), signedDocumentIds: z.array(z.string()),
  lateQuarters: z.array(z.number().int()),
}).openapi('AgreementState');

export function agreementActionRoutes(api: ApiRouter, ctx: ApiContext, temporal: Client): void {
  const workflows = workflowsFor(temporal, ctx.config.temporal.taskQueue);
  const waitMs = ctx.config.temporal.actionWaitMs;

  defineRoute(api, {
    method: 'post', path: '/agreements/:id/submit', tag: 'agreements', access: ['drafter', 'secretariat', 'leader'], resource: 'agreement', params: idParams, status: 200,
    body: submitAgreementBody, errors: [403, 404, 409, 422],
    summary: 'Submit the konsep: its naskah goes for paraf and the signature of every party, then quarterly reporting',
    response: z.object({ id: z.number().int(), status: z.string(), documentId: z.number().int() }),
  }, async ({ viewer, params, body }) => submitAgreement(ctx.orm.em.fork(), workflows, viewer, params.id, body));

  defineRoute(api, {
    method: 'get', path: '/agreements/:id/workflow', tag: 'agreements', access: 'any', resource: 'agreement', params: idParams, errors: [409],
    summary: 'The agreement’s process: version, open reporting quarter, reports with achievement, late quarters', response: stateSchema,
  }, async ({ params }) => agreementState(workflows, params.id));

  defineRoute(api, {
    method: 'post', path: '/agreements/:id/realisation', tag: 'agreements', access: 'any', resource: 'agreement', params: idParams, status: 200, body: realisationBody,
    errors: [403, 409, 422],
    summary: 'Report a quarter’s realisation (with bukti dukung) for every indicator while its window is open; achievement by the rulebook’s formula',
    response: reportSchema, accepted: diprosesSchema,
  }, async ({ viewer, params, body }) => reportRealisation(ctx.orm.em.fork(), ctx.store, workflows, viewer, params.id, body, waitMs));

  defineRoute(api, {
    method: 'post', path: '/agreements/:id/evidence', tag: 'agreements', access: 'any', resource: 'agreement', params: idParams, status: 201,
    query: z.object({ name: trimmed(1, 200).optional().openapi({ description: 'the file name shown (a multipart part carries its own)' }) }),
    rawBody: { mediaType: 'application/octet-stream' }, errors: [403, 413, 415, 422],
    summary: `Upload a bukti dukung file (${evidenceMediaTypes.join(', ')}, judged by content; at most ${EVIDENCE_MAX_BYTES / 1048576} MB) before reporting the realisation it supports`,
    response: evidenceFileSchema,
  }, async ({ req, viewer, params, query }) => {
    const { stream, filename } = await namedFileBody(req, evidenceMediaTypes);
    return uploadEvidence(ctx.orm.em.fork(), ctx.store, viewer, params.id, stream, Number(req.headers['content-length'] ?? 0), query.name ?? filename);
  });

  defineRoute(api, {
    method: 'get', path: '/agreements/:id/evidence/:sha256', tag: 'agreements', access: 'any', resource: 'agreement', errors: [404],
    params: z.object({ id: dbIdParam(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    summary: 'A bukti dukung file a realisation report of the agreement carries (X-Content-SHA256 carries its recorded hash)',
    response: { mediaType: 'application/pdf' }, alsoAs: ['image/jpeg', 'image/png'],
  }, async ({ res, params }) => {
    const file = await evidenceFileFor(ctx.orm.em.fork(), params.id, params.sha256);
    await sendFile(res, await ctx.store.get(file.objectKey), { ...file, disposition: 'attachment' });
    return undefined;
  });

  defineRoute(api, {
    method: 'post', path: '/agreements/:id/revise', tag: 'agreements', access: ['drafter', 'secretariat', 'leader'], resource: 'agreement', params: idParams, status: 200,
    body: reviseAgreementBody, errors: [403, 409, 422],
    summary: 'Revise the targets: a new naskah signed by every party becomes the next version', response: stateSchema, accepted: diprosesSchema,
  }, async ({ viewer, params, body }) => reviseAgreement(ctx.orm.em.fork(), workflows, viewer, params.id, body, waitMs));
}

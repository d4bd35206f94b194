import { trimmed, z } from '../openapi/zod.js';
import {
  dispositionInstructions, dispositionListSource, followUpStatuses, incomingLetterListSource, securityClassifications, sifatLevels, visibleScope,
} from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';
import { registerIncomingLetter, incomingLetterBody, updateIncomingLetter } from '../use-cases/register-incoming-letter.js';
import type { Client } from '@temporalio/client';
import { createDisposition, dispositionBody } from '../use-cases/dispose-letter.js';
import { dispositionRecipients } from '../use-cases/disposition-recipients.js';
import { actOnDisposition, finishLetter } from '../use-cases/disposition-action.js';
import { workflowsFor } from '../use-cases/routing-action.js';
import { dbIdParam, diprosesSchema } from '../schemas/common.js';
import { attachIncomingScan, incomingScanFor } from '../use-cases/incoming-letter-scan.js';
import { assertDeclaredSize, fileBody } from '../http/file-body.js';
import { sendPdf } from '../http/pdf-response.js';
import { attachFollowUpFile, attachmentKeyPattern, checkAttachmentStored, followUpAttachmentFor } from '../use-cases/follow-up-attachment.js';

const incomingLetterSchema = z.object({
  id: z.number().int(), agencyId: z.number().int(), agendaNumber: z.string(), senderName: z.string(), senderNumber: z.string(),
  senderDate: z.string(), receivedAt: z.string(), sifat: z.enum(sifatLevels), classification: z.enum(securityClassifications), hal: z.string(),
  addressedToId: z.number().int().nullable(), registeredById: z.number().int(), createdAt: z.string(),
}).openapi('IncomingLetter');
const dispositionSchema = z.object({
  id: z.number().int(), incomingLetterId: z.number().int(), parentId: z.number().int().nullable(), fromPositionId: z.number().int(),
  fromPersonId: z.number().int(), toPositionId: z.number().int(), instruction: z.string(),
  instructions: z.array(z.string()).openapi({ description: 'the instruction text split into the ticked instructions' }), note: z.string(), deadline: z.string().nullable(),
  readAt: z.string().nullable(), state: z.string(), followUp: z.string().nullable(), followUpAt: z.string().nullable(),
  followUpStatus: z.enum(followUpStatuses).nullable(), followUpAttachment: z.boolean().openapi({ description: 'GET /dispositions/{id}/follow-up/attachment has a file' }), hal: z.string(), createdAt: z.string(),
  agencyId: z.number().int(), overdue: z.boolean().openapi({ description: 'still open past its deadline (what the dashboard counts as overdue)' }),
}).openapi('Disposition');

const recipientSchema = z.object({
  id: z.number().int(), title: z.string(), unitName: z.string().nullable(), agencyName: z.string(), holderName: z.string().nullable(),
}).openapi('DispositionRecipient');

const letters = incomingLetterListSource.columns;
const dispositions = dispositionListSource.columns;

export function correspondenceRoutes(api: ApiRouter, ctx: ApiContext, temporal: Client): void {
  // Every disposition action is an Update to the letter's DispositionWorkflow; its activities write the rows.
  const workflows = workflowsFor(temporal, ctx.config.temporal.taskQueue);
  const waitMs = ctx.config.temporal.actionWaitMs;
  readResource(api, ctx, {
    name: 'incoming-letters', tag: 'incoming-letters', access: 'any', schema: incomingLetterSchema, description: 'surat masuk', resource: 'incoming_letter',
    spec: (viewer) => ({
      ...incomingLetterListSource,
      filters: { q: { search: [letters.hal, letters.senderName, letters.senderNumber, letters.agendaNumber], kind: 'search' }, id: { sql: letters.id, kind: 'int' },
        sifat: { sql: letters.sifat, kind: 'eq' }, classification: { sql: letters.classification, kind: 'eq' }, agencyId: { sql: letters.agencyId, kind: 'int' },
        receivedFrom: { sql: letters.receivedAt, kind: 'dateFrom' }, receivedTo: { sql: letters.receivedAt, kind: 'dateTo' } },
      sortable: ['id', 'receivedAt', 'agendaNumber', 'sifat'], defaultSort: { field: 'receivedAt', order: 'DESC' },
      where: visibleScope(viewer, 'incoming_letter'),
      // A TU sees every letter of the agency: tens of thousands a year, not counted on every page.
      partialPagination: true,
    }),
  });
  defineRoute(api, {
    method: 'post', path: '/incoming-letters', tag: 'incoming-letters', access: ['secretariat'], body: incomingLetterBody, errors: [409, 422],
    summary: 'Register a surat masuk (TU) in your agency', response: z.object({ id: z.number().int(), agendaNumber: z.string() }),
  }, async ({ viewer, body }) => registerIncomingLetter(ctx.orm.em.fork(), viewer, body));
  defineRoute(api, {
    method: 'put', path: '/incoming-letters/:id', tag: 'incoming-letters', access: ['secretariat'], resource: 'incoming_letter', params: idParams,
    body: incomingLetterBody.partial(), errors: [404, 409, 422], summary: 'Correct a registered surat masuk', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, params, body }) => updateIncomingLetter(ctx.orm.em.fork(), viewer, params.id, body));
  defineRoute(api, {
    method: 'post', path: '/incoming-letters/:id/scan', tag: 'incoming-letters', access: ['secretariat'], resource: 'incoming_letter', params: idParams, status: 200,
    rawBody: { mediaType: 'application/pdf' }, errors: [404, 413, 415, 422],
    summary: 'Attach or replace the scan of a surat masuk (application/pdf body or multipart field "file"); the earlier scan stays stored',
    response: z.object({ sha256: z.string(), size: z.number().int(), replaced: z.boolean() }),
  }, async ({ req, viewer, params }) => {
    assertDeclaredSize(req, ctx.uploadLimitBytes);
    const body = await fileBody(req);
    return attachIncomingScan(ctx.orm.em.fork(), ctx.store, viewer, params.id, body, ctx.uploadLimitBytes);
  });
  defineRoute(api, {
    method: 'get', path: '/incoming-letters/:id/scan', tag: 'incoming-letters', access: 'any', resource: 'incoming_letter', params: idParams, errors: [404],
    summary: 'The scan of a surat masuk (X-Content-SHA256 carries its recorded hash)', response: { mediaType: 'application/pdf' },
  }, async ({ res, params }) => {
    const scan = await incomingScanFor(ctx.orm.em.fork(), params.id);
    await sendPdf(res, await ctx.store.get(scan.objectKey), { size: scan.size, sha256: scan.sha256, filename: `surat-masuk-${scan.agendaNumber}.pdf` });
    return undefined;
  });

  readResource(api, ctx, {
    name: 'dispositions', tag: 'dispositions', access: 'any', resource: 'disposition', schema: dispositionSchema, description: 'disposisi you sent or received (secretariat: the agency\'s)',
    spec: (viewer) => ({
      ...dispositionListSource,
      filters: { id: { sql: dispositions.id, kind: 'int' }, incomingLetterId: { sql: dispositions.incomingLetterId, kind: 'int' }, state: { sql: dispositions.state, kind: 'eq' },
        toPositionId: { sql: dispositions.toPositionId, kind: 'int' }, fromPositionId: { sql: dispositions.fromPositionId, kind: 'int' }, parentId: { sql: dispositions.parentId, kind: 'int' },
        agencyId: { sql: dispositions.agencyId, kind: 'int' }, overdue: { sql: dispositions.overdue, kind: 'bool' },
        createdFrom: { sql: dispositions.createdAt, kind: 'dateFrom' }, createdTo: { sql: dispositions.createdAt, kind: 'dateTo' } },
      sortable: ['id', 'createdAt', 'deadline', 'state'], defaultSort: { field: 'createdAt', order: 'DESC' },
      where: visibleScope(viewer, 'disposition'),
      // The secretariat sees every branch of the agency: not counted on every page.
      partialPagination: true,
    }),
  });
  defineRoute(api, {
    method: 'get', path: '/incoming-letters/:id/disposition-recipients', tag: 'dispositions', access: 'any', resource: 'incoming_letter', params: idParams,
    query: z.object({ parentId: dbIdParam().optional().openapi({ description: 'forwarding down a branch: the disposition you received' }) }), errors: [403, 404, 409],
    summary: 'The jabatan you may dispose this letter to (every position below yours), labelled with unit, agency and holder',
    response: z.object({ fromPositionId: z.number().int(), data: z.array(recipientSchema) }),
  }, async ({ viewer, params, query }) => dispositionRecipients(ctx.orm.em.fork(), viewer, params.id, query.parentId ?? null));
  defineRoute(api, {
    method: 'post', path: '/dispositions', tag: 'dispositions', access: 'any', body: dispositionBody, errors: [403, 404, 409, 422, 503],
    summary: `Dispose a surat masuk to subordinates (instruction, e.g. ${dispositionInstructions.slice(0, 2).join(', ')}); the letter's DispositionWorkflow records it, reminds and escalates`,
    response: z.object({ ids: z.array(z.number().int()) }), accepted: diprosesSchema,
  }, async ({ viewer, body }) => createDisposition(ctx.orm.em.fork(), workflows, viewer, body, waitMs));
  defineRoute(api, {
    method: 'post', path: '/dispositions/:id/read', tag: 'dispositions', access: 'any', resource: 'disposition', params: idParams, status: 200, errors: [403, 404, 409, 503],
    summary: 'Mark the disposition you received as read (it can then no longer be withdrawn)', response: z.object({ id: z.number().int() }), accepted: diprosesSchema,
  }, async ({ viewer, params }) => actOnDisposition(ctx.orm.em.fork(), workflows, viewer, params.id, 'read', waitMs));
  defineRoute(api, {
    method: 'post', path: '/dispositions/:id/follow-up', tag: 'dispositions', access: 'any', resource: 'disposition', params: idParams, status: 200,
    body: z.object({
      report: trimmed(3, 10_000),
      status: z.enum(followUpStatuses).default('selesai').openapi({ description: 'selesai (the task is finished) or sebagian (partly); either closes the branch' }),
      attachment: z.string().regex(attachmentKeyPattern).optional().openapi({ description: 'the key POST /dispositions/{id}/follow-up/attachment answered' }),
    }).strict().openapi('FollowUp'), errors: [403, 404, 409, 422, 503],
    summary: 'Close your branch with a tindak lanjut report, its status and optionally its attachment', response: z.object({ id: z.number().int() }), accepted: diprosesSchema,
  }, async ({ viewer, params, body }) => {
    const attachment = body.attachment ? { key: body.attachment, sha256: await checkAttachmentStored(ctx.store, body.attachment) } : undefined;
    return actOnDisposition(ctx.orm.em.fork(), workflows, viewer, params.id, 'follow-up', waitMs, { report: body.report, status: body.status, attachment });
  });
  defineRoute(api, {
    method: 'post', path: '/dispositions/:id/follow-up/attachment', tag: 'dispositions', access: 'any', resource: 'disposition', params: idParams, status: 201,
    rawBody: { mediaType: 'application/pdf' }, errors: [403, 404, 413, 415],
    summary: 'Store the attachment of your tindak lanjut (PDF, PNG or JPEG, at most 10 MB; application/pdf, application/octet-stream or multipart field "file"); name its key in the follow-up',
    response: z.object({ attachment: z.string(), sha256: z.string(), size: z.number().int(), mediaType: z.string() }),
  }, async ({ req, viewer, params }) => {
    assertDeclaredSize(req, ctx.uploadLimitBytes);
    return attachFollowUpFile(ctx.orm.em.fork(), ctx.store, viewer, params.id, await fileBody(req), ctx.uploadLimitBytes);
  });
  defineRoute(api, {
    method: 'get', path: '/dispositions/:id/follow-up/attachment', tag: 'dispositions', access: 'any', resource: 'disposition', params: idParams, errors: [404],
    summary: 'The attachment of a tindak lanjut (X-Content-SHA256 carries its hash)', response: { mediaType: 'application/pdf' }, alsoAs: ['image/png', 'image/jpeg'],
  }, async ({ res, params }) => {
    const file = await followUpAttachmentFor(ctx.orm.em.fork(), ctx.store, params.id);
    res.status(200).setHeader('Content-Type', file.mediaType);
    res.setHeader('X-Content-SHA256', file.sha256);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `inline; filename="tindak-lanjut-${params.id}.${file.key.split('.').pop()!}"`);
    await new Promise<void>((resolve, reject) => {
      file.stream.on('error', reject);
      res.on('finish', resolve);
      res.on('close', resolve);
      file.stream.pipe(res);
    });
    return undefined;
  });
  defineRoute(api, {
    method: 'post', path: '/dispositions/:id/withdraw', tag: 'dispositions', access: 'any', resource: 'disposition', params: idParams, status: 200, errors: [403, 404, 409, 503],
    summary: 'Withdraw a disposition you sent while it is unread', response: z.object({ id: z.number().int() }), accepted: diprosesSchema,
  }, async ({ viewer, params }) => actOnDisposition(ctx.orm.em.fork(), workflows, viewer, params.id, 'withdraw', waitMs));
  defineRoute(api, {
    method: 'post', path: '/incoming-letters/:id/done', tag: 'incoming-letters', access: 'any', resource: 'incoming_letter', params: idParams, status: 200, errors: [403, 404, 409, 503],
    summary: 'Mark the letter done (its addressee), once no disposition branch is open', response: z.object({ id: z.number().int(), status: z.string() }), accepted: diprosesSchema,
  }, async ({ viewer, params }) => finishLetter(workflows, viewer, params.id, waitMs));
}

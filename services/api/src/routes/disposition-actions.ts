// Disposisi through the DispositionWorkflow of an incoming letter: the head
// disposes, recipients read, dispose further down or close with a follow-up.
// Branches are the workflow's (`b1`, `b2`, ...); each action is checked by an
// Update validator (not yours → 409, withdraw after reading → 403).
import type { Client } from '@temporalio/client';
import { trimmed, z } from '../openapi/zod.js';
import { dbId, dbIdParam, saneIsoDateTime } from '../schemas/common.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import type { ApiContext } from '../context.js';
import { AppError } from '../errors/problem.js';
import { peopleOutsideChain, type Sifat } from '@naskah/domain';
import { routingAction, workflowsFor } from '../use-cases/routing-action.js';

const stateSchema = z.object({ incomingLetterId: z.string(), status: z.string(), branches: z.array(z.object({ branchId: z.string(), status: z.string() }).loose()) }).loose();
const branchParams = z.object({ id: dbIdParam(), branchId: z.string().regex(/^b\d+$/) });

export function dispositionActionRoutes(api: ApiRouter, ctx: ApiContext, temporal: Client): void {
  const workflows = workflowsFor(temporal, ctx.config.temporal.taskQueue);
  const me = (viewer: { personId: number }) => String(viewer.personId);

  defineRoute(api, {
    method: 'post', path: '/incoming-letters/:id/disposition-workflow', tag: 'incoming-letters', access: ['secretariat'], resource: 'incoming_letter', params: idParams, status: 200, errors: [403, 404, 409],
    summary: 'Hand a registered incoming letter to its addressee (the head) for disposition; starts its DispositionWorkflow', response: stateSchema,
  }, async ({ viewer, params }) => {
    const em = ctx.orm.em.fork();
    const [letter] = await em.execute<{ id: number; sifat: Sifat; code: string; head: number | null }[]>(
      `select l.id, l.sifat, a.code, (select per.id from person per where per.position_id = l.addressed_to_id limit 1) as head
         from incoming_letter l join agency a on a.id = l.agency_id where l.id = ? and l.agency_id = ?`, [params.id, viewer.agencyId]);
    if (!letter) throw new AppError('FORBIDDEN', 403, 'Hanya Tata Usaha instansi penerima yang meneruskan surat ini untuk didisposisi.');
    if (letter.head === null) throw new AppError('VALIDATION_FAILED', 422, 'the letter is addressed to no position with a holder', { field: 'addressedToPositionId' });
    await workflows.startDisposition({
      incomingLetterId: String(letter.id), agencyCode: letter.code, headPersonId: String(letter.head), secretariatPersonIds: [me(viewer)],
      urgency: letter.sifat,
    }).catch((error: unknown) => {
      if ((error as Error).name === 'WorkflowExecutionAlreadyStartedError') throw new AppError('CONFLICT', 409, 'the letter is already in disposition');
      throw error;
    });
    // A query needs a worker: without one in time this is a 503 (retry), like every other workflow call, not a 500.
    return routingAction(() => workflows.disposition(String(letter.id)).state());
  });

  defineRoute(api, {
    method: 'get', path: '/incoming-letters/:id/disposition-tree', tag: 'incoming-letters', access: 'any', resource: 'incoming_letter', params: idParams, errors: [409],
    summary: 'The disposition tree of a letter, with each branch status and overdue mark', response: stateSchema,
  }, async ({ params }) => routingAction(() => workflows.disposition(String(params.id)).state()));

  defineRoute(api, {
    method: 'post', path: '/incoming-letters/:id/dispose', tag: 'incoming-letters', access: 'any', resource: 'incoming_letter', params: idParams, status: 200, errors: [403, 409, 422],
    body: z.object({
      toPersonIds: z.array(dbId()).min(1).max(50),
      instruction: trimmed(1, 200),
      note: z.string().max(2000).optional(),
      deadline: saneIsoDateTime(),
      parentBranchId: z.string().regex(/^b\d+$/).optional(),
    }).strict(),
    summary: 'Dispose the letter (the head) or your branch further down (with parentBranchId)',
    response: z.array(z.object({ branchId: z.string() }).loose()),
  }, async ({ viewer, params, body }) => {
    const outside = new Set(await peopleOutsideChain(ctx.orm.em.fork(), viewer, body.toPersonIds));
    const wrong = body.toPersonIds.findIndex((id) => outside.has(id));
    if (wrong >= 0) throw new AppError('DISPOSITION_NOT_SUBORDINATE', 422, 'Disposisi hanya kepada bawahan Anda.', { field: `toPersonIds.${wrong}` });
    return routingAction(() => workflows.disposition(String(params.id)).dispose({
    personId: me(viewer), toPersonIds: body.toPersonIds.map(String), instruction: body.instruction, note: body.note, deadline: body.deadline, parentBranchId: body.parentBranchId,
    }));
  });

  defineRoute(api, {
    method: 'post', path: '/incoming-letters/:id/branches/:branchId/read', tag: 'incoming-letters', access: 'any', resource: 'incoming_letter', params: branchParams, status: 200, errors: [409],
    summary: 'Mark the disposition you received as read', response: z.object({ branchId: z.string() }).loose(),
  }, async ({ viewer, params }) => routingAction(() => workflows.disposition(String(params.id)).read(me(viewer), params.branchId)));

  defineRoute(api, {
    method: 'post', path: '/incoming-letters/:id/branches/:branchId/withdraw', tag: 'incoming-letters', access: 'any', resource: 'incoming_letter', params: branchParams, status: 200, errors: [403, 409],
    summary: 'Withdraw a disposition you gave while it is unread', response: z.object({ branchId: z.string() }).loose(),
  }, async ({ viewer, params }) => routingAction(() => workflows.disposition(String(params.id)).withdraw(me(viewer), params.branchId)));

  defineRoute(api, {
    method: 'post', path: '/incoming-letters/:id/branches/:branchId/close', tag: 'incoming-letters', access: 'any', resource: 'incoming_letter', params: branchParams, status: 200, errors: [409, 422],
    body: z.object({ followUp: trimmed(1, 4000), attachmentSha256: z.string().regex(/^[0-9a-f]{64}$/).optional() }).strict(),
    summary: 'Close your branch with a follow-up report (tindak lanjut)', response: z.object({ branchId: z.string() }).loose(),
  }, async ({ viewer, params, body }) => routingAction(() => workflows.disposition(String(params.id)).close(me(viewer), params.branchId, body.followUp, body.attachmentSha256)));
}

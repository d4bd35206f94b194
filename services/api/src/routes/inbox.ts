import { z } from '../openapi/zod.js';
import type { ApiContext } from '../context.js';
import { defineRoute, type ApiRouter } from '../http/route.js';
import { contentRange, listQuerySchema, parseListQuery, rangeSchema } from '../http/list-query.js';
import { setPageHeaders } from '../http/list-records.js';
import { getInbox, inboxQueues } from '../use-cases/get-inbox.js';
import { getNotifications } from '../use-cases/get-notifications.js';

const countsSchema = z.object(Object.fromEntries(inboxQueues.map((q) => [q, z.number().int()])) as Record<(typeof inboxQueues)[number], z.ZodNumber>);
const inboxSchema = z.object({
  queue: z.enum(inboxQueues),
  counts: countsSchema,
  items: z.array(z.object({
    kind: z.enum(['document', 'incoming_letter', 'disposition']), id: z.number().int(), documentId: z.number().int().nullable(), hal: z.string(),
    sifat: z.string(), number: z.string().nullable(), at: z.string().nullable(), deadline: z.string().nullable(), read: z.boolean(), stepId: z.number().int().nullable(),
    type: z.string().nullable().openapi({ description: 'Jenis naskah; null for a surat masuk or disposition' }),
    from: z.string().nullable().openapi({ description: 'Drafter, sending agency, letter sender or disposing position' }),
    status: z.string().nullable().openapi({ description: 'Document status; null for a surat masuk or disposition' }),
    turn: z.string().nullable().openapi({ description: 'Whose paraf or signature a routed document waits for: position (holder); null when nobody\'s' }),
  })),
}).openapi('Inbox');
const notificationsSchema = z.object({
  unread: z.number().int(),
  items: z.array(z.object({
    id: z.number().int(), kind: z.string(), subjectType: z.string(), subjectId: z.number().int(), title: z.string(), at: z.string(), read: z.boolean(),
  })),
}).openapi('Notifications');

export function inboxRoutes(api: ApiRouter, ctx: ApiContext): void {
  defineRoute(api, {
    method: 'get', path: '/inbox', tag: 'inbox', access: 'any', errors: [422],
    query: z.object({ queue: z.enum(inboxQueues).default('to-sign'), range: listQuerySchema.shape.range.openapi({ param: { content: { 'application/json': { schema: rangeSchema } } } as never }) }),
    summary: 'Your work queues (konsep, to paraf, to sign, returned, sent, incoming, dispositions, tembusan) with counts per queue; '
      + 'incoming and tembusan (read items stay listed) are not counted, and the sent count stops at 1,000 (INBOX_BADGE_CAP): '
      + 'for those three a page with a next one answers `Content-Range: items 0-24/*` and `X-Has-Next-Page: true`, the last page its total',
    response: inboxSchema,
  }, async ({ res, viewer, query }) => {
    const { offset, limit } = parseListQuery({ range: query.range });
    const inbox = await getInbox(ctx.orm.em.fork(), viewer, query.queue, offset, limit);
    setPageHeaders(res, 'items', offset, inbox.items.length, inbox.total, inbox.hasNextPage);
    return { queue: query.queue, counts: inbox.counts, items: inbox.items };
  });
  defineRoute(api, {
    method: 'get', path: '/inbox/notifications', tag: 'inbox', access: 'any', errors: [422],
    query: z.object({ range: listQuerySchema.shape.range.openapi({ param: { content: { 'application/json': { schema: rangeSchema } } } as never }) }),
    summary: 'Your notifications (pemberitahuan: tasks, reminders, escalations), newest first, with the unread count',
    response: notificationsSchema,
  }, async ({ res, viewer, query }) => {
    const { offset, limit } = parseListQuery({ range: query.range });
    const list = await getNotifications(ctx.orm.em.fork(), viewer, offset, limit);
    res.setHeader('Content-Range', contentRange('items', offset, list.items.length, list.total));
    return { unread: list.unread, items: list.items };
  });
}

import { z } from '../openapi/zod.js';
import type { ResourceType, Role, Viewer } from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from './route.js';
import { listQueryFor, parseListQuery } from './list-query.js';
import { getRecord, listRecords, type ListSpec } from './list-records.js';

/**
 * A viewer with no roles, agency or positions: the sort fields and filters of a
 * ListSpec are the same for everyone (only its row rule depends on the viewer),
 * so the documentation reads them from the spec as this viewer would get it.
 */
export const nobody: Viewer = { userId: 0, personId: 0, name: '', agencyId: 0, roles: [], classifiedAccess: false, positionIds: [], oversightPositionIds: [], agencyOversightPositionIds: [] };

const uncounted = '; not counted: a page with a next one answers `Content-Range: items 0-24/*` and `X-Has-Next-Page: true`, the last page its total';

/** GET /<name> (simple-REST list) and GET /<name>/:id for a resource whose reads are a ListSpec. */
export function readResource(api: ApiRouter, ctx: ApiContext, options: {
  name: string; tag: string; access: 'any' | readonly Role[]; schema: z.ZodType; spec: (viewer: Viewer) => ListSpec; description: string;
  /** The access policy's resource behind GET /<name>/:id (asked before anything else). */
  resource?: ResourceType;
}): void {
  defineRoute(api, {
    method: 'get', path: `/${options.name}`, tag: options.tag, access: options.access, query: listQueryFor(options.spec(nobody)), errors: [422],
    summary: `List ${options.description}${options.spec(nobody).partialPagination ? uncounted : ''}`, response: z.array(options.schema),
  }, async ({ res, viewer, query }) => listRecords(ctx.orm.em.fork(), res, 'items', options.spec(viewer), parseListQuery(query)));
  defineRoute(api, {
    method: 'get', path: `/${options.name}/:id`, tag: options.tag, access: options.access, params: idParams, errors: [404],
    ...(options.resource ? { resource: options.resource } : {}),
    summary: `One of ${options.description}`, response: options.schema,
  }, async ({ viewer, params }) => getRecord(ctx.orm.em.fork(), options.spec(viewer), params.id));
}

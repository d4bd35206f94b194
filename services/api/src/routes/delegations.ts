import { z } from '../openapi/zod.js';
import { delegationKinds, delegationListSource, hasRole, lockLiveDelegation, recordAudit, revokeDelegation, visibleScope } from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';
import { AppError } from '../errors/problem.js';
import { createDelegation, delegationBody } from '../use-cases/create-delegation.js';

const delegationSchema = z.object({
  id: z.number().int(), kind: z.enum(delegationKinds), positionId: z.number().int(), positionTitle: z.string(), delegateId: z.number().int(),
  delegateName: z.string(), validFrom: z.string(), validTo: z.string(), reason: z.string(), revokedAt: z.string().nullable(),
}).openapi('Delegation');

const delegations = delegationListSource.columns;

export function delegationRoutes(api: ApiRouter, ctx: ApiContext): void {
  readResource(api, ctx, {
    name: 'delegations', tag: 'delegations', access: 'any', resource: 'delegation', schema: delegationSchema, description: 'Plh / Plt / a.n. / u.b. delegations',
    spec: (viewer) => ({
      ...delegationListSource,
      filters: { id: { sql: delegations.id, kind: 'int' }, kind: { sql: delegations.kind, kind: 'eq' }, positionId: { sql: delegations.positionId, kind: 'int' }, delegateId: { sql: delegations.delegateId, kind: 'int' } },
      sortable: ['id', 'validFrom', 'validTo', 'kind'], defaultSort: { field: 'validFrom', order: 'DESC' },
      where: visibleScope(viewer, 'delegation'),
    }),
  });
  defineRoute(api, {
    method: 'post', path: '/delegations', tag: 'delegations', access: 'any', body: delegationBody, errors: [404, 422],
    summary: 'Appoint a Plh/Plt or grant a.n./u.b. for your own position (admin: any position)', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => createDelegation(ctx.orm.em.fork(), viewer, body));
  defineRoute(api, {
    method: 'delete', path: '/delegations/:id', tag: 'delegations', access: 'any', resource: 'delegation', params: idParams, errors: [403, 404, 409], status: 200,
    summary: 'Revoke a delegation (it stays in the record, marked revoked)', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, params }) => ctx.orm.em.fork().transactional(async (tx) => {
    const row = await lockLiveDelegation(tx, params.id);
    if (!row) throw new AppError('INVALID_STATE', 409, 'Pendelegasian ini sudah dicabut.', { field: 'id' });
    if (!hasRole(viewer, 'admin') && !viewer.positionIds.includes(row.position_id)) throw new AppError('FORBIDDEN', 403, 'Only the position holder or an admin revokes it.');
    await revokeDelegation(tx, params.id);
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'delegation.revoked', subjectType: 'delegation', subjectId: params.id, data: {} });
    return { id: params.id };
  }));
}

import { z } from '../openapi/zod.js';
import { delegationKinds, hasRole, recordAudit, visibleScope } from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';
import { AppError } from '../errors/problem.js';
import { createDelegation, delegationBody } from '../use-cases/create-delegation.js';

const delegationSchema = z.object({
  id: z.number().int(), kind: z.enum(delegationKinds), positionId: z.number().int(), positionTitle: z.string(), delegateId: z.number().int(),
  delegateName: z.string(), validFrom: z.string(), validTo: z.string(), reason: z.string(), revokedAt: z.string().nullable(),
}).openapi('Delegation');

export function delegationRoutes(api: ApiRouter, ctx: ApiContext): void {
  readResource(api, ctx, {
    name: 'delegations', tag: 'delegations', access: 'any', resource: 'delegation', schema: delegationSchema, description: 'Plh / Plt / a.n. / u.b. delegations',
    spec: (viewer) => ({
      from: 'delegation dg join position p on p.id = dg.position_id join person dp on dp.id = dg.delegate_id',
      columns: { id: 'dg.id', kind: 'dg.kind', positionId: 'dg.position_id', positionTitle: 'p.title', delegateId: 'dg.delegate_id', delegateName: 'dp.name',
        validFrom: 'dg.valid_from', validTo: 'dg.valid_to', reason: 'dg.reason', revokedAt: 'dg.revoked_at' },
      filters: { id: { sql: 'dg.id', kind: 'int' }, kind: { sql: 'dg.kind', kind: 'eq' }, positionId: { sql: 'dg.position_id', kind: 'int' }, delegateId: { sql: 'dg.delegate_id', kind: 'int' } },
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
    const [row] = await tx.execute<{ position_id: number }[]>('select position_id from delegation where id = ? and revoked_at is null for update', [params.id]);
    if (!row) throw new AppError('INVALID_STATE', 409, 'Pendelegasian ini sudah dicabut.', { field: 'id' });
    if (!hasRole(viewer, 'admin') && !viewer.positionIds.includes(row.position_id)) throw new AppError('FORBIDDEN', 403, 'Only the position holder or an admin revokes it.');
    await tx.execute('update delegation set revoked_at = now() where id = ?', [params.id]);
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'delegation.revoked', subjectType: 'delegation', subjectId: params.id, data: {} });
    return { id: params.id };
  }));
}

import { hash } from '@node-rs/argon2';
import { z } from '../openapi/zod.js';
import { dbId } from '../schemas/common.js';
import { clearLoginThrottle, insertUser, recordAudit, revokeUserSessions, roles, updateUser, userListSource } from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';
import { AppError } from '../errors/problem.js';
import { uniqueViolation } from '../use-cases/unique-violation.js';
import { assertExists } from './directory.js';

const userSchema = z.object({
  id: z.number().int(), personId: z.number().int(), username: z.string(), name: z.string(), agencyId: z.number().int(),
  roles: z.array(z.enum(roles)), classifiedAccess: z.boolean(), active: z.boolean(), lockedUntil: z.string().nullable(), lastLoginAt: z.string().nullable(),
}).openapi('User');

const password = z.string().min(10, 'at least 10 characters').max(256);
const createUserBody = z.object({
  personId: dbId(),
  username: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lower-case letters, digits, dot, dash or underscore; 3-64'),
  password,
  roles: z.array(z.enum(roles)).min(1),
  classifiedAccess: z.boolean().default(false),
  active: z.boolean().default(true),
}).strict().openapi('CreateUser');
const updateUserBody = z.object({
  password, roles: z.array(z.enum(roles)).min(1), classifiedAccess: z.boolean(), active: z.boolean(),
  /** Lifts the sign-in lock (and throttle) and the signing (passphrase) lock early. */
  unlock: z.literal(true),
}).partial().strict().openapi('UpdateUser');

const users = userListSource.columns;

export function userRoutes(api: ApiRouter, ctx: ApiContext): void {
  readResource(api, ctx, {
    name: 'users', tag: 'users', access: ['admin'], resource: 'user', schema: userSchema, description: 'logins (never their password hashes)',
    spec: () => ({
      ...userListSource,
      filters: { q: { search: [users.username, users.name], kind: 'search' }, id: { sql: users.id, kind: 'int' }, agencyId: { sql: users.agencyId, kind: 'int' }, active: { sql: users.active, kind: 'bool' } },
      sortable: ['id', 'username', 'name'], defaultSort: { field: 'username', order: 'ASC' },
    }),
  });

  defineRoute(api, {
    method: 'post', path: '/users', tag: 'users', access: ['admin'], body: createUserBody, errors: [409, 422],
    summary: 'Create a login for a person', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => {
    const passwordHash = await hash(body.password);
    return ctx.orm.em.fork().transactional(async (tx) => {
      await assertExists(tx, 'person', body.personId, 'personId');
      const row = await insertUser(tx, { ...body, passwordHash }).catch(uniqueViolation('username', 'This username or person already has a login.'));
      await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'user.created', subjectType: 'user', subjectId: row.id,
        data: { username: body.username, roles: body.roles, classifiedAccess: body.classifiedAccess } });
      return { id: row.id };
    });
  });

  defineRoute(api, {
    method: 'put', path: '/users/:id', tag: 'users', access: ['admin'], resource: 'user', params: idParams, body: updateUserBody, errors: [404],
    summary: 'Change roles, access grant, active flag or password; unlock', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, params, body }) => {
    const passwordHash = body.password ? await hash(body.password) : undefined;
    return ctx.orm.em.fork().transactional(async (tx) => {
      const user = await updateUser(tx, params.id, { passwordHash, roles: body.roles, classifiedAccess: body.classifiedAccess, active: body.active, unlock: body.unlock });
      if (!user) throw new AppError('NOT_FOUND', 404, 'No such user.');
      if (body.unlock) await clearLoginThrottle(tx, user.username);
      // A disabled account or a changed password ends every session: its refresh tokens stop working.
      if (passwordHash || body.active === false) await revokeUserSessions(tx, params.id);
      const { password: _secret, ...audited } = body;
      await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'user.updated', subjectType: 'user', subjectId: params.id,
        data: { ...audited, passwordChanged: Boolean(passwordHash) } });
      return { id: params.id };
    });
  });
}

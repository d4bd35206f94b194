import { hash } from '@node-rs/argon2';
import { z } from '../openapi/zod.js';
import { recordAudit, roles } from '@naskah/domain';
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
  personId: z.number().int().positive().max(2_147_483_647),
  username: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lower-case letters, digits, dot, dash or underscore; 3-64'),
  password,
  roles: z.array(z.enum(roles)).min(1),
  classifiedAccess: z.boolean().default(false),
  active: z.boolean().default(true),
}).strict().openapi('CreateUser');
const updateUserBody = z.object({
  password, roles: z.array(z.enum(roles)).min(1), classifiedAccess: z.boolean(), active: z.boolean(),
  /** Lifts a lockout early. */
  unlock: z.literal(true),
}).partial().strict().openapi('UpdateUser');

export function userRoutes(api: ApiRouter, ctx: ApiContext): void {
  readResource(api, ctx, {
    name: 'users', tag: 'users', access: ['admin'], schema: userSchema, description: 'logins (never their password hashes)',
    spec: () => ({
      from: 'app_user u join person p on p.id = u.person_id',
      columns: { id: 'u.id', personId: 'u.person_id', username: 'u.username', name: 'p.name', agencyId: 'p.agency_id', roles: 'u.roles',
        classifiedAccess: 'u.classified_access', active: 'u.active', lockedUntil: 'u.locked_until', lastLoginAt: 'u.last_login_at' },
      filters: { q: { search: ['u.username', 'p.name'], kind: 'search' }, id: { sql: 'u.id', kind: 'int' }, agencyId: { sql: 'p.agency_id', kind: 'int' }, active: { sql: 'u.active', kind: 'bool' } },
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
      const [row] = await tx.execute<{ id: number }[]>(
        `insert into app_user (person_id, username, password_hash, roles, classified_access, active, failed_logins) values (?, ?, ?, ?::text[], ?, ?, 0) returning id`,
        [body.personId, body.username, passwordHash, `{${body.roles.join(',')}}`, body.classifiedAccess, body.active],
      ).catch(uniqueViolation('username', 'This username or person already has a login.'));
      await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'user.created', subjectType: 'user', subjectId: row!.id,
        data: { username: body.username, roles: body.roles, classifiedAccess: body.classifiedAccess } });
      return { id: row!.id };
    });
  });

  defineRoute(api, {
    method: 'put', path: '/users/:id', tag: 'users', access: ['admin'], params: idParams, body: updateUserBody, errors: [404],
    summary: 'Change roles, access grant, active flag or password; unlock', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, params, body }) => {
    const passwordHash = body.password ? await hash(body.password) : undefined;
    return ctx.orm.em.fork().transactional(async (tx) => {
      const sets: string[] = [];
      const values: unknown[] = [];
      if (passwordHash) { sets.push('password_hash = ?'); values.push(passwordHash); }
      if (body.roles) { sets.push('roles = ?::text[]'); values.push(`{${body.roles.join(',')}}`); }
      if (body.classifiedAccess !== undefined) { sets.push('classified_access = ?'); values.push(body.classifiedAccess); }
      if (body.active !== undefined) { sets.push('active = ?'); values.push(body.active); }
      if (body.unlock) sets.push('locked_until = null, failed_logins = 0');
      const rows = await tx.execute(`update app_user set ${sets.length ? sets.join(', ') : 'id = id'} where id = ? returning id`, [...values, params.id]);
      if (rows.length === 0) throw new AppError('NOT_FOUND', 404, 'No such user.');
      const { password: _secret, ...audited } = body;
      await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'user.updated', subjectType: 'user', subjectId: params.id,
        data: { ...audited, passwordChanged: Boolean(passwordHash) } });
      return { id: params.id };
    });
  });
}

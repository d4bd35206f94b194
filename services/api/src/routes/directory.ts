import { trimmed, z } from '../openapi/zod.js';
import { dbId } from '../schemas/common.js';
import { recordAudit } from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';
import { AppError } from '../errors/problem.js';
import { uniqueViolation } from '../use-cases/unique-violation.js';
import { assertPositionAssignable, positionHeldViolation } from '../use-cases/assign-position.js';

const agencySchema = z.object({
  id: z.number().int(), regionId: z.number().int(), code: z.string(), name: z.string(), address: z.string(), phone: z.string(),
  email: z.string(), website: z.string(), city: z.string(), postalCode: z.string(),
}).openapi('Agency');
const positionSchema = z.object({
  id: z.number().int(), agencyId: z.number().int(), unitId: z.number().int().nullable(), title: z.string(),
  eselon: z.string().nullable(), superiorId: z.number().int().nullable(), holderId: z.number().int().nullable(), holderName: z.string().nullable(),
}).openapi('Position');
const personSchema = z.object({
  id: z.number().int(), name: z.string(), nip: z.string().nullable(), email: z.string(), agencyId: z.number().int(),
  positionId: z.number().int().nullable(),
}).openapi('Person');

// The generator writes only `format: email`; zod checks its own, narrower pattern, so the document states it.
const email = z.email().openapi({ pattern: z.regexes.email.source });
const agencyBody = z.object({
  code: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9.-]{1,31}$/, 'letters, digits, dot or dash; 2-32 characters'),
  name: trimmed(3, 255),
  address: z.string().max(255).default(''), phone: z.string().max(64).default(''), email: z.union([z.literal(''), email]).default(''),
  website: z.string().max(255).default(''), city: z.string().max(100).default(''), postalCode: z.string().regex(/^(\d{5})?$/, 'five digits').default(''),
}).strict().openapi('AgencyInput');
const positionBody = z.object({
  agencyId: dbId(), title: trimmed(3, 255),
  eselon: z.string().regex(/^(I|II|III|IV|V)\.[ab]$/, 'like II.a or IV.b').nullable().default(null),
  superiorId: dbId().nullable().default(null),
}).strict().openapi('PositionInput');
const personBody = z.object({
  name: trimmed(2, 255),
  nip: z.string().regex(/^\d{18}$/, 'NIP has 18 digits').nullable().default(null),
  nik: z.string().regex(/^\d{16}$/, 'NIK has 16 digits'),
  email: z.union([z.literal(''), email]).default(''), phone: z.string().max(32).default(''),
  agencyId: dbId(), positionId: dbId().nullable().default(null),
}).strict().openapi('PersonInput');
// NIK is fixed: it identifies the person to certificate providers.
const updatePersonBody = personBody.omit({ nik: true }).partial().strict().openapi('PersonUpdate');

export function directoryRoutes(api: ApiRouter, ctx: ApiContext): void {
  readResource(api, ctx, {
    name: 'agencies', tag: 'directory', access: 'any', resource: 'agency', schema: agencySchema, description: 'perangkat daerah (OPD)',
    spec: () => ({
      from: 'agency a',
      columns: { id: 'a.id', regionId: 'a.region_id', code: 'a.code', name: 'a.name', address: 'a.address', phone: 'a.phone', email: 'a.email', website: 'a.website', city: 'a.city', postalCode: 'a.postal_code' },
      filters: { q: { search: ['a.name', 'a.code'], kind: 'search' }, id: { sql: 'a.id', kind: 'int' }, code: { sql: 'a.code', kind: 'eq' } },
      sortable: ['id', 'code', 'name'], defaultSort: { field: 'name', order: 'ASC' },
    }),
  });
  readResource(api, ctx, {
    name: 'positions', tag: 'directory', access: 'any', resource: 'position', schema: positionSchema, description: 'jabatan with their current holder',
    spec: () => ({
      from: 'position p left join person h on h.position_id = p.id',
      columns: { id: 'p.id', agencyId: 'p.agency_id', unitId: 'p.unit_id', title: 'p.title', eselon: 'p.eselon', superiorId: 'p.superior_id', holderId: 'h.id', holderName: 'h.name' },
      filters: { q: { search: ['p.title', 'h.name'], kind: 'search' }, id: { sql: 'p.id', kind: 'int' }, agencyId: { sql: 'p.agency_id', kind: 'int' }, superiorId: { sql: 'p.superior_id', kind: 'int' }, eselon: { sql: 'p.eselon', kind: 'eq' } },
      sortable: ['id', 'title', 'eselon', 'agencyId'], defaultSort: { field: 'id', order: 'ASC' },
    }),
  });
  // NIK is personal data (used only with certificate providers): not in the directory.
  readResource(api, ctx, {
    name: 'people', tag: 'directory', access: 'any', resource: 'person', schema: personSchema, description: 'people (pegawai) in the directory',
    spec: () => ({
      from: 'person p',
      columns: { id: 'p.id', name: 'p.name', nip: 'p.nip', email: 'p.email', agencyId: 'p.agency_id', positionId: 'p.position_id' },
      filters: { q: { search: ['p.name', 'p.nip'], kind: 'search' }, id: { sql: 'p.id', kind: 'int' }, agencyId: { sql: 'p.agency_id', kind: 'int' }, positionId: { sql: 'p.position_id', kind: 'int' } },
      sortable: ['id', 'name', 'nip', 'agencyId'], defaultSort: { field: 'name', order: 'ASC' },
    }),
  });

  defineRoute(api, {
    method: 'post', path: '/agencies', tag: 'directory', access: ['admin'], body: agencyBody, errors: [409],
    summary: 'Add a perangkat daerah', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => ctx.orm.em.fork().transactional(async (tx) => {
    const [region] = await tx.execute<{ region_id: number }[]>('select region_id from agency where id = ?', [viewer.agencyId]);
    const [row] = await tx.execute<{ id: number }[]>(
      `insert into agency (region_id, code, name, address, phone, email, website, city, postal_code) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
      [region!.region_id, body.code, body.name, body.address, body.phone, body.email, body.website, body.city, body.postalCode],
    ).catch(uniqueViolation('code', 'An agency with this code exists.'));
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'agency.created', subjectType: 'agency', subjectId: row!.id, agencyId: row!.id, data: body });
    return { id: row!.id };
  }));
  defineRoute(api, {
    method: 'put', path: '/agencies/:id', tag: 'directory', access: ['admin'], resource: 'agency', params: idParams, body: agencyBody.partial(), errors: [404, 409],
    summary: 'Edit a perangkat daerah (letterhead data)', response: agencySchema,
  }, async ({ viewer, params, body }) => {
    await updateRow(ctx, 'agency', params.id, body, { postalCode: 'postal_code' }, viewer, 'agency.updated');
    return getOne(ctx, 'select id, region_id as "regionId", code, name, address, phone, email, website, city, postal_code as "postalCode" from agency where id = ?', params.id);
  });
  defineRoute(api, {
    method: 'post', path: '/positions', tag: 'directory', access: ['admin'], body: positionBody, errors: [422],
    summary: 'Add a jabatan', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => ctx.orm.em.fork().transactional(async (tx) => {
    await assertExists(tx, 'agency', body.agencyId, 'agencyId');
    if (body.superiorId) await assertExists(tx, 'position', body.superiorId, 'superiorId');
    const [row] = await tx.execute<{ id: number }[]>('insert into position (agency_id, title, eselon, superior_id) values (?, ?, ?, ?) returning id',
      [body.agencyId, body.title, body.eselon, body.superiorId]);
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'position.created', subjectType: 'position', subjectId: row!.id, agencyId: body.agencyId, data: body });
    return { id: row!.id };
  }));
  defineRoute(api, {
    method: 'post', path: '/people', tag: 'directory', access: ['admin'], body: personBody, errors: [409, 422],
    summary: 'Add a person (pegawai)', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => ctx.orm.em.fork().transactional(async (tx) => {
    await assertExists(tx, 'agency', body.agencyId, 'agencyId');
    if (body.positionId) await assertPositionAssignable(tx, { positionId: body.positionId, agencyId: body.agencyId });
    const [row] = await tx.execute<{ id: number }[]>(
      'insert into person (name, nip, nik, email, phone, agency_id, position_id) values (?, ?, ?, ?, ?, ?, ?) returning id',
      [body.name, body.nip, body.nik, body.email, body.phone, body.agencyId, body.positionId],
    ).catch(positionHeldViolation).catch(uniqueViolation('nik', 'A person with this NIK or NIP exists.'));
    // NIK stays out of the audit data: it is personal data.
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'person.created', subjectType: 'person', subjectId: row!.id, agencyId: body.agencyId, data: { name: body.name, nip: body.nip } });
    return { id: row!.id };
  }));
  defineRoute(api, {
    method: 'put', path: '/people/:id', tag: 'directory', access: ['admin'], resource: 'person', params: idParams, body: updatePersonBody, errors: [404, 409, 422],
    summary: 'Edit a person; a new definitive position (mutasi) or null to leave it', response: personSchema,
  }, async ({ viewer, params, body }) => {
    await ctx.orm.em.fork().transactional(async (tx) => {
      const [current] = await tx.execute<{ agency_id: number; position_id: number | null }[]>('select agency_id, position_id from person where id = ? for update', [params.id]);
      if (!current) throw new AppError('NOT_FOUND', 404, 'No such person.');
      if (body.agencyId !== undefined) await assertExists(tx, 'agency', body.agencyId, 'agencyId');
      const agencyId = body.agencyId ?? current.agency_id;
      const positionId = body.positionId === undefined ? current.position_id : body.positionId;
      // Moving a person to another agency without a new position would leave them holding the old agency's one.
      if (positionId !== null && (body.positionId !== undefined || agencyId !== current.agency_id)) {
        await assertPositionAssignable(tx, { positionId, agencyId, personId: params.id });
      }
      const columnOf: Record<string, string> = { agencyId: 'agency_id', positionId: 'position_id' };
      const entries = Object.entries(body).filter(([, v]) => v !== undefined);
      if (entries.length > 0) {
        await tx.execute(`update person set ${entries.map(([k]) => `${columnOf[k] ?? k} = ?`).join(', ')} where id = ?`, [...entries.map(([, v]) => v), params.id])
          .catch(positionHeldViolation).catch(uniqueViolation('nip', 'A person with this NIP exists.'));
      }
      await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'person.updated', subjectType: 'person', subjectId: params.id, agencyId, data: body });
    });
    return getOne(ctx, 'select id, name, nip, email, agency_id as "agencyId", position_id as "positionId" from person where id = ?', params.id);
  });
}

async function assertExists(tx: { execute: (sql: string, params: unknown[]) => Promise<unknown[]> }, table: 'agency' | 'position' | 'person', id: number, field: string): Promise<void> {
  const rows = await tx.execute(`select 1 from ${table} where id = ?`, [id]);
  if (rows.length === 0) throw new AppError('REFERENCE_NOT_FOUND', 422, `${table} ${id} does not exist`, { field });
}
export { assertExists };

async function getOne(ctx: ApiContext, sql: string, id: number): Promise<Record<string, unknown>> {
  const [row] = await ctx.orm.em.fork().execute<Record<string, unknown>[]>(sql, [id]);
  if (!row) throw new AppError('NOT_FOUND', 404, 'No such record.');
  return row;
}

async function updateRow(ctx: ApiContext, table: 'agency', id: number, body: Record<string, unknown>, columnOf: Record<string, string>,
  viewer: { personId: number; name: string }, action: string): Promise<void> {
  const entries = Object.entries(body).filter(([, v]) => v !== undefined);
  await ctx.orm.em.fork().transactional(async (tx) => {
    if (entries.length > 0) {
      const set = entries.map(([k]) => `${columnOf[k] ?? k} = ?`).join(', ');
      const rows = await tx.execute(`update ${table} set ${set} where id = ? returning id`, [...entries.map(([, v]) => v), id])
        .catch(uniqueViolation('code', 'Another record has this code.'));
      if (rows.length === 0) throw new AppError('NOT_FOUND', 404, 'No such record.');
    }
    await recordAudit(tx, { actor: { id: (viewer as { personId: number }).personId, name: viewer.name }, action, subjectType: table, subjectId: id, data: body });
  });
}

import { z } from '../openapi/zod.js';
import { dbId, singleLine } from '../schemas/common.js';
import {
  agencyById, agencyListSource, directoryEntryExists, directoryPerson, insertAgency, insertPerson, insertPosition, lockPerson, personListSource,
  positionListSource, positionPickerOrder, recordAudit, updateAgency, updatePerson, type DirectoryEntry, type DomainEntityManager,
} from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, idParams, type ApiRouter } from '../http/route.js';
import { readResource } from '../http/read-resource.js';
import { AppError, registerProblemCodes } from '../errors/problem.js';
import { agencyNameForms, isAgencyName } from '@naskah/domain/rulebook';
import { uniqueViolation } from '../use-cases/unique-violation.js';
import { assertPositionAssignable, positionHeldViolation } from '../use-cases/assign-position.js';

const agencySchema = z.object({
  id: z.number().int(), regionId: z.number().int(), code: z.string(), name: z.string(), address: z.string(), phone: z.string(),
  email: z.string(), website: z.string(), city: z.string(), postalCode: z.string(),
}).openapi('Agency');
const positionSchema = z.object({
  id: z.number().int(), agencyId: z.number().int(), agencyCode: z.string(), agencyName: z.string(), unitId: z.number().int().nullable(), unitName: z.string().nullable(), title: z.string(),
  eselon: z.string().nullable(), superiorId: z.number().int().nullable(), holderId: z.number().int().nullable(), holderName: z.string().nullable(),
}).openapi('Position');
const personSchema = z.object({
  id: z.number().int(), name: z.string(), nip: z.string().nullable(), email: z.string(), agencyId: z.number().int(),
  positionId: z.number().int().nullable(),
}).openapi('Person');

// The generator writes only `format: email`; zod checks its own, narrower pattern, so the document states it.
const email = z.email().openapi({ pattern: z.regexes.email.source });
/** Well-formed text that does not name a perangkat daerah: 422, naming `name`. */
const agencyNameForm = 'AGENCY_NAME_FORM';
registerProblemCodes({ [agencyNameForm]: 422 });
const agencyName = singleLine(3, 255)
  .check(z.refine<string>(isAgencyName, { message: `must begin with a form of perangkat daerah: ${agencyNameForms.join(', ')}`, params: { code: agencyNameForm } }))
  .openapi({ description: `The perangkat daerah's name, beginning with its form: ${agencyNameForms.join(', ')} (PP 18/2016)` });

const agencyBody = z.object({
  code: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9.-]{1,31}$/, 'letters, digits, dot or dash; 2-32 characters'),
  name: agencyName,
  address: singleLine(0, 255).default(''), phone: z.string().max(64).default(''), email: z.union([z.literal(''), email]).default(''),
  website: singleLine(0, 255).default(''), city: singleLine(0, 100).default(''), postalCode: z.string().regex(/^(\d{5})?$/, 'five digits').default(''),
}).strict().openapi('AgencyInput');
const positionBody = z.object({
  agencyId: dbId(), title: singleLine(3, 255),
  eselon: z.string().regex(/^(I|II|III|IV|V)\.[ab]$/, 'like II.a or IV.b').nullable().default(null),
  superiorId: dbId().nullable().default(null),
}).strict().openapi('PositionInput');
const personBody = z.object({
  name: singleLine(2, 255),
  nip: z.string().regex(/^\d{18}$/, 'NIP has 18 digits').nullable().default(null),
  nik: z.string().regex(/^\d{16}$/, 'NIK has 16 digits'),
  email: z.union([z.literal(''), email]).default(''), phone: z.string().max(32).default(''),
  agencyId: dbId(), positionId: dbId().nullable().default(null),
}).strict().openapi('PersonInput');
// NIK is fixed: it identifies the person to certificate providers.
const updatePersonBody = personBody.omit({ nik: true }).partial().strict().openapi('PersonUpdate');

const agencies = agencyListSource.columns;
const positions = positionListSource.columns;
const people = personListSource.columns;

export function directoryRoutes(api: ApiRouter, ctx: ApiContext): void {
  readResource(api, ctx, {
    name: 'agencies', tag: 'directory', access: 'any', resource: 'agency', schema: agencySchema, description: 'perangkat daerah (OPD)',
    spec: () => ({
      ...agencyListSource,
      filters: { q: { search: [agencies.name, agencies.code], kind: 'search' }, id: { sql: agencies.id, kind: 'int' }, code: { sql: agencies.code, kind: 'eq' } },
      sortable: ['id', 'code', 'name'], defaultSort: { field: 'name', order: 'ASC' },
    }),
  });
  readResource(api, ctx, {
    name: 'positions', tag: 'directory', access: 'any', resource: 'position', schema: positionSchema,
    description: 'jabatan (one row each) with unit, agency and current holder; q searches title, holder, unit and agency; sort "nearest" puts your own agency first, then agency name and title (the console\'s pickers)',
    spec: (viewer) => ({
      ...positionListSource,
      filters: {
        q: { search: [positions.title, positions.holderName, positions.unitName, positions.agencyName, positions.agencyCode], kind: 'search' }, id: { sql: positions.id, kind: 'int' },
        agencyId: { sql: positions.agencyId, kind: 'int' }, superiorId: { sql: positions.superiorId, kind: 'int' }, eselon: { sql: positions.eselon, kind: 'eq' },
      },
      sortable: ['id', 'title', 'eselon', 'agencyId', 'nearest'], defaultSort: { field: 'id', order: 'ASC' },
      orderBy: { nearest: positionPickerOrder(viewer.agencyId) },
    }),
  });
  // NIK is personal data (used only with certificate providers): not in the directory.
  readResource(api, ctx, {
    name: 'people', tag: 'directory', access: 'any', resource: 'person', schema: personSchema, description: 'people (pegawai) in the directory',
    spec: () => ({
      ...personListSource,
      filters: { q: { search: [people.name, people.nip], kind: 'search' }, id: { sql: people.id, kind: 'int' }, agencyId: { sql: people.agencyId, kind: 'int' }, positionId: { sql: people.positionId, kind: 'int' } },
      sortable: ['id', 'name', 'nip', 'agencyId'], defaultSort: { field: 'name', order: 'ASC' },
    }),
  });

  defineRoute(api, {
    method: 'post', path: '/agencies', tag: 'directory', access: ['admin'], body: agencyBody, errors: [409],
    summary: 'Add a perangkat daerah', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => ctx.orm.em.fork().transactional(async (tx) => {
    const row = await insertAgency(tx, viewer.agencyId, body).catch(uniqueViolation('code', 'An agency with this code exists.'));
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'agency.created', subjectType: 'agency', subjectId: row.id, agencyId: row.id, data: body });
    return { id: row.id };
  }));
  defineRoute(api, {
    method: 'put', path: '/agencies/:id', tag: 'directory', access: ['admin'], resource: 'agency', params: idParams, body: agencyBody.partial(), errors: [404, 409],
    summary: 'Edit a perangkat daerah (letterhead data)', response: agencySchema,
  }, async ({ viewer, params, body }) => {
    await ctx.orm.em.fork().transactional(async (tx) => {
      const found = await updateAgency(tx, params.id, body).catch(uniqueViolation('code', 'Another record has this code.'));
      if (!found) throw new AppError('NOT_FOUND', 404, 'No such record.');
      await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'agency.updated', subjectType: 'agency', subjectId: params.id, data: body });
    });
    return getOne(await agencyById(ctx.orm.em.fork(), params.id));
  });
  defineRoute(api, {
    method: 'post', path: '/positions', tag: 'directory', access: ['admin'], body: positionBody, errors: [422],
    summary: 'Add a jabatan', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => ctx.orm.em.fork().transactional(async (tx) => {
    await assertExists(tx, 'agency', body.agencyId, 'agencyId');
    if (body.superiorId) await assertExists(tx, 'position', body.superiorId, 'superiorId');
    const row = await insertPosition(tx, body);
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'position.created', subjectType: 'position', subjectId: row.id, agencyId: body.agencyId, data: body });
    return { id: row.id };
  }));
  defineRoute(api, {
    method: 'post', path: '/people', tag: 'directory', access: ['admin'], body: personBody, errors: [409, 422],
    summary: 'Add a person (pegawai)', response: z.object({ id: z.number().int() }),
  }, async ({ viewer, body }) => ctx.orm.em.fork().transactional(async (tx) => {
    await assertExists(tx, 'agency', body.agencyId, 'agencyId');
    if (body.positionId) await assertPositionAssignable(tx, { positionId: body.positionId, agencyId: body.agencyId });
    const row = await insertPerson(tx, body).catch(positionHeldViolation).catch(uniqueViolation('nik', 'A person with this NIK or NIP exists.'));
    // NIK stays out of the audit data: it is personal data.
    await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'person.created', subjectType: 'person', subjectId: row.id, agencyId: body.agencyId, data: { name: body.name, nip: body.nip } });
    return { id: row.id };
  }));
  defineRoute(api, {
    method: 'put', path: '/people/:id', tag: 'directory', access: ['admin'], resource: 'person', params: idParams, body: updatePersonBody, errors: [404, 409, 422],
    summary: 'Edit a person; a new definitive position (mutasi) or null to leave it', response: personSchema,
  }, async ({ viewer, params, body }) => {
    await ctx.orm.em.fork().transactional(async (tx) => {
      const current = await lockPerson(tx, params.id);
      if (!current) throw new AppError('NOT_FOUND', 404, 'No such person.');
      if (body.agencyId !== undefined) await assertExists(tx, 'agency', body.agencyId, 'agencyId');
      const agencyId = body.agencyId ?? current.agency_id;
      const positionId = body.positionId === undefined ? current.position_id : body.positionId;
      // Moving a person to another agency without a new position would leave them holding the old agency's one.
      if (positionId !== null && (body.positionId !== undefined || agencyId !== current.agency_id)) {
        await assertPositionAssignable(tx, { positionId, agencyId, personId: params.id });
      }
      await updatePerson(tx, params.id, body).catch(positionHeldViolation).catch(uniqueViolation('nip', 'A person with this NIP exists.'));
      await recordAudit(tx, { actor: { id: viewer.personId, name: viewer.name }, action: 'person.updated', subjectType: 'person', subjectId: params.id, agencyId, data: body });
    });
    return getOne(await directoryPerson(ctx.orm.em.fork(), params.id));
  });
}

async function assertExists(tx: DomainEntityManager, kind: DirectoryEntry, id: number, field: string): Promise<void> {
  if (!(await directoryEntryExists(tx, kind, id))) throw new AppError('REFERENCE_NOT_FOUND', 422, `${kind} ${id} does not exist`, { field });
}
export { assertExists };

function getOne(row: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!row) throw new AppError('NOT_FOUND', 404, 'No such record.');
  return row;
}

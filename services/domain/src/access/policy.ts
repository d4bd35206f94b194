// The one access policy: who may see which record, and who may do what with
// it. Every API route asks `isVisible` for the record its path names before
// anything else (404 otherwise) and lists through `visibleScope`; the rules are
// written for people in README.md beside this file.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../entities/organisation.js';
import {
  agreementVisibility, archiveRecordVisibility, certificateVisibility, delegationVisibility, dispositionVisibility, documentVisibility,
  incomingLetterVisibility, type SqlFragment,
} from './document-visibility.js';
import { hasRole, pgIntArray, type Viewer } from './viewer.js';
import { needsClassifiedGrant } from '../rulebook/vocabularies.js';

/** Every record type a path id can name. */
export const resourceTypes = [
  'document', 'incoming_letter', 'disposition', 'agreement', 'archive_record', 'certificate', 'delegation',
  'user', 'destruction_proposal', 'retention_rule', 'agency', 'position', 'person', 'audit_event',
] as const;
export type ResourceType = (typeof resourceTypes)[number];

interface ResourceTable { table: string; alias: string; scope: (viewer: Viewer) => SqlFragment | undefined }

const everyone = () => undefined;
/** Where each resource lives and which of its rows a viewer may see (undefined: every row, once the route's role check passed). */
const tables: Record<ResourceType, ResourceTable> = {
  document: { table: 'document', alias: 'd', scope: documentVisibility },
  incoming_letter: { table: 'incoming_letter', alias: 'l', scope: incomingLetterVisibility },
  disposition: { table: 'disposition', alias: 'x', scope: dispositionVisibility },
  agreement: { table: 'agreement', alias: 'g', scope: agreementVisibility },
  archive_record: { table: 'archive_record', alias: 'ar', scope: archiveRecordVisibility },
  certificate: { table: 'certificate', alias: 'c', scope: certificateVisibility },
  delegation: { table: 'delegation', alias: 'dg', scope: delegationVisibility },
  // Records of the administration itself (README: user accounts are admins'; one's own account is read through /auth/me).
  user: { table: 'app_user', alias: 'u', scope: (viewer) => (hasRole(viewer, 'admin') ? undefined : { sql: 'false', params: [] }) },
  destruction_proposal: { table: 'usul_musnah', alias: 'um', scope: (viewer) => (hasRole(viewer, 'admin', 'secretariat') ? undefined : { sql: 'false', params: [] }) },
  retention_rule: { table: 'retention_rule', alias: 'rr', scope: everyone },
  // The directory is open to every signed-in user: letters are addressed by picking from it.
  agency: { table: 'agency', alias: 'a', scope: everyone },
  position: { table: 'position', alias: 'pos', scope: everyone },
  person: { table: 'person', alias: 'per', scope: everyone },
  audit_event: { table: 'audit_event', alias: 'ae', scope: (viewer) => (hasRole(viewer, 'admin', 'auditor') ? undefined : { sql: 'false', params: [] }) },
};

/** The rows of `type` the viewer may see, as a condition on the resource's alias (see tables); undefined: all. */
export function visibleScope(viewer: Viewer, type: ResourceType): SqlFragment | undefined {
  return tables[type].scope(viewer);
}

/** Largest id a path may name (int4): anything larger names nothing. */
const maxId = 2_147_483_647;

/** Whether the record exists and the viewer may see it. Both "no" answers look the same to the caller: 404. */
export async function isVisible(em: EntityManager, viewer: Viewer, type: ResourceType, id: number): Promise<boolean> {
  if (!Number.isSafeInteger(id) || id < 1 || id > maxId) return false;
  const { table, alias } = tables[type];
  const scope = visibleScope(viewer, type);
  const rows = await em.execute(`select 1 from ${table} ${alias} where ${alias}.id = ?${scope ? ` and ${scope.sql}` : ''}`, [id, ...(scope?.params ?? [])]);
  return rows.length > 0;
}

/** The ids among `ids` the viewer may see (bulk actions answer "not found" per id for the rest). */
export async function visibleIds(em: EntityManager, viewer: Viewer, type: ResourceType, ids: readonly number[]): Promise<Set<number>> {
  const wanted = ids.filter((id) => Number.isSafeInteger(id) && id >= 1 && id <= maxId);
  if (wanted.length === 0) return new Set();
  const { table, alias } = tables[type];
  const scope = visibleScope(viewer, type);
  const rows = await em.execute<{ id: number }[]>(
    `select ${alias}.id from ${table} ${alias} where ${alias}.id = any(?::int[])${scope ? ` and ${scope.sql}` : ''}`, [pgIntArray(wanted), ...(scope?.params ?? [])]);
  return new Set(rows.map((r) => r.id));
}

/** Roles that may retrieve archived originals (PDF, verification report, auditor package) of a record they can see. */
export const archiveRetrievers: readonly Role[] = ['auditor', 'admin'];

/**
 * Why the viewer may not retrieve an archived original of this classification, or undefined when
 * they may: a retriever role, and Rahasia / Sangat Rahasia only with the grant (README: archive).
 */
export function archiveRetrievalRefusal(viewer: Pick<Viewer, 'roles' | 'classifiedAccess'>, classification: string): 'role' | 'classification' | undefined {
  if (!viewer.roles.some((role) => archiveRetrievers.includes(role))) return 'role';
  if (needsClassifiedGrant(classification) && !viewer.classifiedAccess) return 'classification';
  return undefined;
}

/**
 * Of `positionIds`, those a drafter may not name as reviewer or signer of a
 * konsep: the allowed ones are the positions of their own agency and their
 * superiors up the hierarchy (an OPD prepares letters the Sekda or the Bupati
 * sign); another agency's officials sideways are not theirs to route to.
 */
export async function positionsOutsideReach(em: EntityManager, viewer: Viewer, positionIds: readonly number[]): Promise<number[]> {
  const wanted = [...new Set(positionIds)].filter((id) => Number.isSafeInteger(id) && id >= 1 && id <= maxId);
  if (wanted.length === 0) return [];
  const rows = await em.execute<{ id: number }[]>(
    `with recursive above(id) as (
       select superior_id from position where id = any(?::int[]) and superior_id is not null
       union
       select p.superior_id from position p join above a on p.id = a.id where p.superior_id is not null)
     select id from position where id = any(?::int[]) and (agency_id = ? or id in (select id from above))`,
    [pgIntArray(viewer.positionIds), pgIntArray(wanted), viewer.agencyId]);
  const inside = new Set(rows.map((r) => r.id));
  return wanted.filter((id) => !inside.has(id));
}

/**
 * The people among `personIds` who are not subordinates of the disposer: a
 * disposition goes down the disposer's own chain (the Bupati to a Kepala
 * Dinas, a Kepala Dinas to his Kabid), never sideways to another agency.
 */
export async function peopleOutsideChain(em: EntityManager, viewer: Viewer, personIds: readonly number[]): Promise<number[]> {
  const wanted = [...new Set(personIds)].filter((id) => Number.isSafeInteger(id) && id >= 1 && id <= maxId);
  if (wanted.length === 0) return [];
  const below = viewer.oversightPositionIds.filter((id) => !viewer.positionIds.includes(id));
  const rows = await em.execute<{ id: number }[]>(
    'select id from person where id = any(?::int[]) and position_id = any(?::int[])', [pgIntArray(wanted), pgIntArray(below)]);
  const inside = new Set(rows.map((r) => r.id));
  return wanted.filter((id) => !inside.has(id));
}

/**
 * Who reports an agreement's realisation: whoever acts for one of its parties,
 * and the secretariat of the agency that made it. Staff of the agency see the
 * agreement but do not enter its figures.
 */
export async function mayReportRealisation(em: EntityManager, viewer: Viewer, agreementId: number): Promise<boolean> {
  const rows = await em.execute(
    `select 1 from agreement g where g.id = ? and (
       exists (select 1 from jsonb_array_elements_text(g.parties) pt where pt::int = any(?::int[]))
       or (g.agency_id = ? and ?))`,
    [agreementId, pgIntArray(viewer.positionIds), viewer.agencyId, hasRole(viewer, 'secretariat')]);
  return rows.length > 0;
}

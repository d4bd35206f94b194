import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../entities/organisation.js';
import { actingPositionIds, positionsAtOrBelow } from './resolve-actor.js';

/** Everything access rules need to know about the signed-in person, computed once per request. */
export interface Viewer {
  userId: number;
  personId: number;
  name: string;
  agencyId: number;
  roles: Role[];
  /** Auditor granted Rahasia / Sangat Rahasia. */
  classifiedAccess: boolean;
  /** Own position and positions delegated to them now (Plh/Plt/a.n./u.b.). */
  positionIds: number[];
  /** positionIds plus all subordinate positions: "their superiors" may see what those receive. */
  oversightPositionIds: number[];
  /** The part of oversightPositionIds inside the viewer's own agency: superiors see classified correspondence only there (without a grant). */
  agencyOversightPositionIds: number[];
}

export async function loadViewer(em: EntityManager, userId: number, at: Date = new Date()): Promise<Viewer | null> {
  const [row] = await em.execute<{ user_id: number; person_id: number; name: string; agency_id: number; roles: string[] | string; classified_access: boolean; active: boolean }[]>(
    `select u.id as user_id, p.id as person_id, p.name, p.agency_id, u.roles, u.classified_access, u.active
       from app_user u join person p on p.id = u.person_id where u.id = ?`, [userId]);
  if (!row || !row.active) return null;
  const positionIds = await actingPositionIds(em, row.person_id, at);
  const oversightPositionIds = await positionsAtOrBelow(em, positionIds);
  const inAgency = oversightPositionIds.length === 0 ? [] : await em.execute<{ id: number }[]>(
    'select id from position where id = any(?::int[]) and agency_id = ?', [pgIntArray(oversightPositionIds), row.agency_id]);
  return {
    userId: row.user_id, personId: row.person_id, name: row.name, agencyId: row.agency_id,
    roles: parsePgArray(row.roles) as Role[], classifiedAccess: row.classified_access, positionIds, oversightPositionIds,
    agencyOversightPositionIds: inAgency.map((r) => r.id),
  };
}

export function hasRole(viewer: Viewer, ...roles: Role[]): boolean {
  return roles.some((r) => viewer.roles.includes(r));
}

/** node-postgres returns text[] as an array, but a custom-typed column may arrive as "{a,b}". */
export function parsePgArray(value: string[] | string | null): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
}

export function pgIntArray(ids: readonly number[]): string {
  return `{${ids.map((n) => Math.trunc(n)).join(',')}}`;
}

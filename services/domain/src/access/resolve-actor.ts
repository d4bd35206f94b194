import type { EntityManager } from '@mikro-orm/postgresql';
import type { DelegationKind } from '../entities/organisation.js';

/** How a person comes to act for a position. */
export type ActingVia = 'holder' | DelegationKind;

export interface ResolvedActor {
  positionId: number;
  positionTitle: string;
  personId: number;
  personName: string;
  via: ActingVia;
  delegationId: number | null;
  /** What the signature block prints before the title: "", "Plh.", "Plt.", "a.n.", "u.b.". */
  prefix: string;
}

export const delegationPrefix: Record<ActingVia, string> = { holder: '', plh: 'Plh.', plt: 'Plt.', an: 'a.n.', ub: 'u.b.' };

interface ActorRow { position_id: number; title: string; person_id: number; person_name: string; kind: ActingVia; delegation_id: number | null }

/**
 * Who acts for `positionId` at time `at`: an active Plh/Plt delegate first
 * (the holder is absent or the post vacant), else the definitive holder; null
 * when the post is vacant and nobody is appointed Plt.
 */
export async function resolveActor(em: EntityManager, positionId: number, at: Date = new Date()): Promise<ResolvedActor | null> {
  const rows = await em.execute<ActorRow[]>(
    `select pos.id as position_id, pos.title, d.delegate_id as person_id, per.name as person_name, d.kind, d.id as delegation_id
       from delegation d join position pos on pos.id = d.position_id join person per on per.id = d.delegate_id
      where d.position_id = ? and d.kind in ('plh', 'plt') and d.revoked_at is null and d.valid_from <= ? and d.valid_to > ?
      union all
     select pos.id, pos.title, per.id, per.name, 'holder', null
       from position pos join person per on per.position_id = pos.id
      where pos.id = ?`,
    [positionId, at, at, positionId]);
  const row = rows.find((r) => r.kind !== 'holder') ?? rows[0];
  return row ? toActor(row) : null;
}

/**
 * Whether `personId` may act for `positionId` at `at`, and under which title:
 * as its holder, or through an active Plh/Plt/a.n./u.b. delegation.
 */
export async function mayActFor(em: EntityManager, personId: number, positionId: number, at: Date = new Date()): Promise<ResolvedActor | null> {
  const rows = await em.execute<ActorRow[]>(
    `select pos.id as position_id, pos.title, per.id as person_id, per.name as person_name, 'holder' as kind, null as delegation_id
       from position pos join person per on per.position_id = pos.id where pos.id = ? and per.id = ?
      union all
     select pos.id, pos.title, per.id, per.name, d.kind, d.id
       from delegation d join position pos on pos.id = d.position_id join person per on per.id = d.delegate_id
      where d.position_id = ? and d.delegate_id = ? and d.revoked_at is null and d.valid_from <= ? and d.valid_to > ?`,
    [positionId, personId, positionId, personId, at, at]);
  const row = rows[0];
  return row ? toActor(row) : null;
}

/** The person's own position plus every position delegated to them at `at`. */
export async function actingPositionIds(em: EntityManager, personId: number, at: Date = new Date()): Promise<number[]> {
  const rows = await em.execute<{ id: number }[]>(
    `select position_id as id from person where id = ? and position_id is not null
      union
     select position_id from delegation where delegate_id = ? and revoked_at is null and valid_from <= ? and valid_to > ?`,
    [personId, personId, at, at]);
  return rows.map((r) => r.id);
}

/** The given positions and every position below them (their subordinates at any depth). */
export async function positionsAtOrBelow(em: EntityManager, positionIds: readonly number[]): Promise<number[]> {
  if (positionIds.length === 0) return [];
  const rows = await em.execute<{ id: number }[]>(
    `with recursive below(id) as (
       select id from position where id = any(?::int[])
       union
       select p.id from position p join below b on p.superior_id = b.id)
     select id from below`, [`{${positionIds.join(',')}}`]);
  return rows.map((r) => r.id);
}

function toActor(row: ActorRow): ResolvedActor {
  return {
    positionId: row.position_id, positionTitle: row.title, personId: row.person_id, personName: row.person_name,
    via: row.kind, delegationId: row.delegation_id, prefix: delegationPrefix[row.kind],
  };
}

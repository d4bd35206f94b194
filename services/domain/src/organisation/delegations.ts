// Delegations (Plh, Plt, a.n., u.b.) of a position to a person.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DelegationKind } from '../entities/organisation.js';
import type { ListSource } from '../list-source.js';

export const delegationListSource = {
  from: 'delegation dg join position p on p.id = dg.position_id join person dp on dp.id = dg.delegate_id',
  columns: { id: 'dg.id', kind: 'dg.kind', positionId: 'dg.position_id', positionTitle: 'p.title', delegateId: 'dg.delegate_id', delegateName: 'dp.name',
    validFrom: 'dg.valid_from', validTo: 'dg.valid_to', reason: 'dg.reason', revokedAt: 'dg.revoked_at' },
} as const satisfies ListSource;

export async function insertDelegation(em: EntityManager, d: { kind: DelegationKind; positionId: number; delegateId: number; validFrom: Date; validTo: Date; reason: string; createdById: number }): Promise<{ id: number }> {
  const [row] = await em.execute<{ id: number }[]>(
    `insert into delegation (kind, position_id, delegate_id, valid_from, valid_to, reason, created_by_id, created_at) values (?, ?, ?, ?, ?, ?, ?, now()) returning id`,
    [d.kind, d.positionId, d.delegateId, d.validFrom, d.validTo, d.reason, d.createdById]);
  return row!;
}

/** A delegation not yet revoked, its row locked for the rest of the transaction. */
export async function lockLiveDelegation(em: EntityManager, id: number): Promise<{ position_id: number } | undefined> {
  const [row] = await em.execute<{ position_id: number }[]>('select position_id from delegation where id = ? and revoked_at is null for update', [id]);
  return row;
}

/** Revoked, not deleted: it stays in the record. */
export async function revokeDelegation(em: EntityManager, id: number): Promise<void> {
  await em.execute('update delegation set revoked_at = now() where id = ?', [id]);
}

/** When a delegation ends (undefined: no such delegation). */
export async function delegationValidTo(em: EntityManager, id: number): Promise<Date | undefined> {
  const [d] = await em.execute<{ valid_to: Date }[]>('select valid_to from delegation where id = ?', [id]);
  return d?.valid_to;
}

// Logins (app_user) as the admin manages them; sign-in itself is in auth/.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../entities/organisation.js';
import type { ListSource } from '../list-source.js';

/** Never the password hashes. */
export const userListSource = {
  from: 'app_user u join person p on p.id = u.person_id',
  columns: { id: 'u.id', personId: 'u.person_id', username: 'u.username', name: 'p.name', agencyId: 'p.agency_id', roles: 'u.roles',
    classifiedAccess: 'u.classified_access', active: 'u.active', lockedUntil: 'u.locked_until', lastLoginAt: 'u.last_login_at' },
} as const satisfies ListSource;

const textArray = (roles: readonly Role[]) => `{${roles.join(',')}}`;

export async function insertUser(em: EntityManager, u: { personId: number; username: string; passwordHash: string; roles: readonly Role[]; classifiedAccess: boolean; active: boolean }): Promise<{ id: number }> {
  const [row] = await em.execute<{ id: number }[]>(
    `insert into app_user (person_id, username, password_hash, roles, classified_access, active, failed_logins) values (?, ?, ?, ?::text[], ?, ?, 0) returning id`,
    [u.personId, u.username, u.passwordHash, textArray(u.roles), u.classifiedAccess, u.active]);
  return row!;
}

export interface UserChange {
  passwordHash?: string | undefined;
  roles?: readonly Role[] | undefined;
  classifiedAccess?: boolean | undefined;
  active?: boolean | undefined;
  /** Lifts the sign-in lock and the signing (passphrase) lock early. */
  unlock?: boolean | undefined;
}

/** Changes a login; undefined when there is no such user. */
export async function updateUser(em: EntityManager, id: number, change: UserChange): Promise<{ id: number; username: string } | undefined> {
  const sets: string[] = [];
  const values: unknown[] = [];
  if (change.passwordHash) { sets.push('password_hash = ?'); values.push(change.passwordHash); }
  if (change.roles) { sets.push('roles = ?::text[]'); values.push(textArray(change.roles)); }
  if (change.classifiedAccess !== undefined) { sets.push('classified_access = ?'); values.push(change.classifiedAccess); }
  if (change.active !== undefined) { sets.push('active = ?'); values.push(change.active); }
  if (change.unlock) sets.push('locked_until = null, failed_logins = 0, signing_locked_until = null, failed_signings = 0');
  const [row] = await em.execute<{ id: number; username: string }[]>(
    `update app_user set ${sets.length ? sets.join(', ') : 'id = id'} where id = ? returning id, username`, [...values, id]);
  return row;
}

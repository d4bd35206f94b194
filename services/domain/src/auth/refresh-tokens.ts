// Refresh tokens (refresh_token): stored only as their SHA-256, one family per
// sign-in. The API makes and hashes the tokens (services/api/src/auth/refresh-tokens.ts);
// these are the rows. Plain SQL: the exchange locks the token row (`for update of r`)
// so of two parallel exchanges only the first wins.
import type { EntityManager } from '@mikro-orm/postgresql';

/** Stores a token's hash; long-expired rows of the user are dropped (they tell nothing any more). Runs in the caller's transaction if any. */
export async function storeRefreshToken(em: EntityManager, t: { tokenHash: string; familyId: string; userId: number; ttlSeconds: number }): Promise<void> {
  await em.execute(
    `insert into refresh_token (token_hash, family_id, user_id, expires_at, created_at) values (?, ?, ?, now() + make_interval(secs => ?), now())`,
    [t.tokenHash, t.familyId, t.userId, t.ttlSeconds]);
  await em.execute(`delete from refresh_token where user_id = ? and expires_at < now() - interval '1 day'`, [t.userId]);
}

export interface RefreshTokenState {
  id: number; family_id: string; user_id: number; used: boolean; revoked: boolean; expired: boolean;
  active: boolean; locked: boolean; person_id: number; name: string; agency_id: number;
}

/** The token's state and its account's, the token row locked for the rest of the transaction. */
export async function lockRefreshToken(em: EntityManager, tokenHash: string): Promise<RefreshTokenState | undefined> {
  const [row] = await em.execute<RefreshTokenState[]>(
    `select r.id, r.family_id, r.user_id, r.used_at is not null as used, r.revoked_at is not null as revoked, r.expires_at <= now() as expired,
       u.active, coalesce(u.locked_until > now(), false) as locked, u.person_id, p.name, p.agency_id
     from refresh_token r join app_user u on u.id = r.user_id join person p on p.id = u.person_id
     where r.token_hash = ? for update of r`, [tokenHash]);
  return row;
}

export async function revokeRefreshFamilyById(em: EntityManager, familyId: string): Promise<void> {
  await em.execute('update refresh_token set revoked_at = now() where family_id = ? and revoked_at is null', [familyId]);
}

export async function markRefreshTokenUsed(em: EntityManager, id: number): Promise<void> {
  await em.execute('update refresh_token set used_at = now() where id = ?', [id]);
}

/** Revokes the family of the token with this hash; an unknown hash changes nothing. */
export async function revokeRefreshFamilyOf(em: EntityManager, tokenHash: string): Promise<void> {
  await em.execute(
    `update refresh_token set revoked_at = now() where revoked_at is null and family_id = (select family_id from refresh_token where token_hash = ?)`,
    [tokenHash]);
}

/** Every session of a user ends (account disabled, password changed). Runs in the caller's transaction. */
export async function revokeUserSessions(em: EntityManager, userId: number): Promise<void> {
  await em.execute('update refresh_token set revoked_at = now() where user_id = ? and revoked_at is null', [userId]);
}

// Refresh tokens live in PostgreSQL (services/domain auth/refresh-tokens.ts), so they can rotate and be
// revoked: each one is opaque (32 random bytes, base64url), stored only as its
// SHA-256, and good for one exchange. Presenting a token that was already
// exchanged means two parties hold the same session (a stolen copy): the whole
// family from that sign-in is revoked, the thief's successor token included.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  lockRefreshToken, markRefreshTokenUsed, recordAudit, revokeRefreshFamilyById, revokeRefreshFamilyOf, storeRefreshToken,
  type DomainEntityManager as EntityManager,
} from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import { refreshTokenTtlSeconds } from './tokens.js';

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const invalid = () => new AppError('TOKEN_INVALID', 401, 'The refresh token is not valid; sign in again.', { field: 'refreshToken' });

/** A new refresh token for `userId`, in `familyId` (a new family for a fresh sign-in). Runs in the caller's transaction if any. */
export async function issueRefreshToken(em: EntityManager, userId: number, familyId: string = randomUUID()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await storeRefreshToken(em, { tokenHash: digest(token), familyId, userId, ttlSeconds: refreshTokenTtlSeconds });
  return token;
}

type Outcome = { ok: true; userId: number; refreshToken: string } | { ok: false; error: AppError };

/**
 * Exchanges a refresh token for its successor in the same family. The row is
 * locked, so of two parallel exchanges of one token only the first wins and
 * the second counts as reuse. Refused (401) while the account is disabled or
 * locked out, without using the token up.
 */
export async function rotateRefreshToken(em: EntityManager, token: string): Promise<{ userId: number; refreshToken: string }> {
  const outcome = await em.transactional(async (tx): Promise<Outcome> => {
    const row = await lockRefreshToken(tx, digest(token));
    if (!row || row.revoked || row.expired) return { ok: false, error: invalid() };
    if (row.used) {
      // Committed before answering: the refusal must not roll the revocation back.
      await revokeRefreshFamilyById(tx, row.family_id);
      await recordAudit(tx, {
        actor: { id: row.person_id, name: row.name }, action: 'user.sessions_revoked', subjectType: 'user', subjectId: row.user_id,
        agencyId: row.agency_id, data: { reason: 'refresh_token_reused', familyId: row.family_id },
      });
      return { ok: false, error: new AppError('TOKEN_REUSED', 401, 'This refresh token was already used; the session is closed. Sign in again.', { field: 'refreshToken' }) };
    }
    if (!row.active) return { ok: false, error: new AppError('UNAUTHENTICATED', 401, 'The account is disabled.') };
    if (row.locked) return { ok: false, error: new AppError('ACCOUNT_LOCKED', 401, 'The account is locked after too many failed sign-ins; sign in again later.') };
    await markRefreshTokenUsed(tx, row.id);
    return { ok: true, userId: row.user_id, refreshToken: await issueRefreshToken(tx, row.user_id, row.family_id) };
  });
  if (!outcome.ok) throw outcome.error;
  return { userId: outcome.userId, refreshToken: outcome.refreshToken };
}

/** Logout: revokes every token of the presented token's family. Unknown or already revoked tokens change nothing. */
export async function revokeRefreshFamily(em: EntityManager, token: string): Promise<void> {
  await revokeRefreshFamilyOf(em, digest(token));
}

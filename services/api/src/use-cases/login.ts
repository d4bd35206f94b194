import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { loginUserById, loginUserByName, parsePgArray, recordLastLogin, type DomainEntityManager as EntityManager, type LoginUserRow } from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import { issueToken } from '../auth/tokens.js';
import { issueRefreshToken, rotateRefreshToken } from '../auth/refresh-tokens.js';
import { attemptFailed, attemptSucceeded, reserveAttempt } from '../auth/login-throttle.js';

export interface SessionUser { id: number; personId: number; name: string; username: string; roles: string[]; agency: { id: number; code: string; name: string } }
export interface Session { token: string; refreshToken: string; user: SessionUser }

type UserRow = LoginUserRow;

// A real hash of a random string, so an unknown username costs as much time as a wrong password.
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hash(randomUUID()));

/**
 * Checks the password of `username` signing in from `clientIp`. The throttle
 * (auth/login-throttle.ts) answers first: while a key of this attempt must
 * wait, 429 with Retry-After and the password is not even checked. Unknown
 * usernames, disabled accounts and wrong passwords take the same path (a
 * password hash is always verified, a decoy one if needed) and get the same
 * 401, so the answer tells nobody which usernames exist.
 */
export async function login(em: EntityManager, jwtKey: Uint8Array, username: string, password: string, clientIp: string | undefined): Promise<Session> {
  const decoyReady = decoy();
  await reserveAttempt(em, username, clientIp);
  const row = await loginUserByName(em, username);
  const ok = await verify(row?.password_hash ?? await decoyReady, password).catch(() => false);
  if (!row || !ok || !row.active) {
    await attemptFailed(em, username, clientIp);
    throw new AppError('INVALID_CREDENTIALS', 401, 'Username or password is wrong.', { field: 'password' });
  }
  await attemptSucceeded(em, username, clientIp);
  return em.transactional(async (tx) => {
    await recordLastLogin(tx, row.id);
    return sessionFor(tx, jwtKey, row);
  });
}

/**
 * The refresh endpoint: the presented refresh token is used up and a new one
 * of the same family comes back with a new access token (refresh-tokens.ts
 * refuses reuse, revoked or expired tokens and locked or disabled accounts).
 */
export async function refreshSession(em: EntityManager, jwtKey: Uint8Array, refreshToken: string): Promise<Session> {
  const rotated = await rotateRefreshToken(em, refreshToken);
  const row = await loginUserById(em, rotated.userId);
  if (!row || !row.active) throw new AppError('UNAUTHENTICATED', 401, 'The account is disabled or no longer exists.');
  return { token: await issueToken(jwtKey, row.id, 'access'), refreshToken: rotated.refreshToken, user: toSessionUser(row) };
}

export async function sessionUser(em: EntityManager, userId: number): Promise<SessionUser> {
  const row = await loginUserById(em, userId);
  if (!row) throw new AppError('UNAUTHENTICATED', 401, 'The account no longer exists.');
  return toSessionUser(row);
}

async function sessionFor(em: EntityManager, jwtKey: Uint8Array, row: UserRow): Promise<Session> {
  return {
    token: await issueToken(jwtKey, row.id, 'access'),
    refreshToken: await issueRefreshToken(em, row.id),
    user: toSessionUser(row),
  };
}

function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id, personId: row.person_id, name: row.name, username: row.username, roles: parsePgArray(row.roles),
    agency: { id: row.agency_id, code: row.agency_code, name: row.agency_name },
  };
}

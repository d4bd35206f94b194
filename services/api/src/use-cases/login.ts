import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { parsePgArray, recordAudit } from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import { issueToken } from '../auth/tokens.js';

export const maxFailedLogins = 5;
export const lockoutSeconds = 15 * 60;

/** Thrown while an account is locked; the route adds Retry-After. */
export class AccountLockedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('ACCOUNT_LOCKED', 429, `Too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, { field: 'username' });
  }
}

export interface SessionUser { id: number; personId: number; name: string; username: string; roles: string[]; agency: { id: number; code: string; name: string } }
export interface Session { token: string; refreshToken: string; user: SessionUser }

interface UserRow {
  id: number; person_id: number; username: string; password_hash: string; roles: string[] | string; active: boolean;
  failed_logins: number; locked_until: Date | string | null; name: string; agency_id: number; agency_code: string; agency_name: string;
}

const userSql = `select u.id, u.person_id, u.username, u.password_hash, u.roles, u.active, u.failed_logins, u.locked_until,
  p.name, a.id as agency_id, a.code as agency_code, a.name as agency_name
  from app_user u join person p on p.id = u.person_id join agency a on a.id = p.agency_id`;

// A real hash of a random string, so an unknown username costs as much time as a wrong password.
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hash(randomUUID()));

/**
 * Checks the password; after `maxFailedLogins` consecutive failures the
 * account is locked for `lockoutSeconds` (429 with Retry-After), even for the
 * right password. Wrong username and wrong password get the same answer.
 */
export async function login(em: EntityManager, jwtKey: Uint8Array, username: string, password: string): Promise<Session> {
  const [row] = await em.execute<UserRow[]>(`${userSql} where u.username = ?`, [username]);
  const now = new Date();
  // Raw rows carry timestamptz as text.
  const lockedUntil = row?.locked_until ? new Date(row.locked_until) : null;
  if (lockedUntil && lockedUntil > now) {
    throw new AccountLockedError(Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  }
  const ok = row ? await verify(row.password_hash, password).catch(() => false) : await verify(await decoy(), password).catch(() => false);
  if (!row || !ok || !row.active) {
    if (row) {
      await em.transactional(async (tx) => {
        const [updated] = await tx.execute<{ failed_logins: number }[]>(
          `update app_user set failed_logins = failed_logins + 1,
             locked_until = case when failed_logins + 1 >= ? then now() + make_interval(secs => ?) else locked_until end
           where id = ? returning failed_logins`, [maxFailedLogins, lockoutSeconds, row.id]);
        if ((updated?.failed_logins ?? 0) >= maxFailedLogins) {
          await tx.execute('update app_user set failed_logins = 0 where id = ?', [row.id]);
          await recordAudit(tx, {
            actor: { id: row.person_id, name: row.name }, action: 'user.locked', subjectType: 'user', subjectId: row.id,
            agencyId: row.agency_id, data: { reason: 'failed_logins', lockoutSeconds },
          });
        }
      });
    }
    throw new AppError('INVALID_CREDENTIALS', 401, 'Username or password is wrong.', { field: 'password' });
  }
  await em.execute('update app_user set failed_logins = 0, locked_until = null, last_login_at = now() where id = ?', [row.id]);
  return sessionFor(jwtKey, row);
}

/** A new pair of tokens for a still-active user (the refresh endpoint). */
export async function refreshSession(em: EntityManager, jwtKey: Uint8Array, userId: number): Promise<Session> {
  const [row] = await em.execute<UserRow[]>(`${userSql} where u.id = ?`, [userId]);
  if (!row || !row.active) throw new AppError('UNAUTHENTICATED', 401, 'The account is disabled or no longer exists.');
  return sessionFor(jwtKey, row);
}

export async function sessionUser(em: EntityManager, userId: number): Promise<SessionUser> {
  const [row] = await em.execute<UserRow[]>(`${userSql} where u.id = ?`, [userId]);
  if (!row) throw new AppError('UNAUTHENTICATED', 401, 'The account no longer exists.');
  return toSessionUser(row);
}

async function sessionFor(jwtKey: Uint8Array, row: UserRow): Promise<Session> {
  return {
    token: await issueToken(jwtKey, row.id, 'access'),
    refreshToken: await issueToken(jwtKey, row.id, 'refresh'),
    user: toSessionUser(row),
  };
}

function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id, personId: row.person_id, name: row.name, username: row.username, roles: parsePgArray(row.roles),
    agency: { id: row.agency_id, code: row.agency_code, name: row.agency_name },
  };
}

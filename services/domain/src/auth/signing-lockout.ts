// The signing lockout's counters on the user's row (app_user.failed_signings /
// signing_locked_until): shared by every API process and kept over restarts.
// The API (sign-document's SigningLockout) decides the limits; each statement
// here is its own atomic write.
import type { EntityManager } from '@mikro-orm/postgresql';

/** Seconds until the user's signing lock ends (undefined: not locked). */
export async function signingLockSeconds(em: EntityManager, userId: number): Promise<number | undefined> {
  const [row] = await em.execute<{ seconds: number | null }[]>(
    `select ceil(extract(epoch from signing_locked_until - now()))::int as seconds from app_user where id = ? and signing_locked_until > now()`, [userId]);
  return row?.seconds ?? undefined;
}

/** Counts one wrong passphrase; the `maxFailures`-th in a row locks for `lockSeconds` and starts the count again, in one update. */
export async function recordFailedSigning(em: EntityManager, userId: number, maxFailures: number, lockSeconds: number): Promise<void> {
  await em.execute(
    `update app_user set
       signing_locked_until = case when failed_signings + 1 >= ? then now() + make_interval(secs => ?) else signing_locked_until end,
       failed_signings = case when failed_signings + 1 >= ? then 0 else failed_signings + 1 end
     where id = ?`, [maxFailures, lockSeconds, maxFailures, userId]);
}

/** A right passphrase ends the run of failures. */
export async function clearFailedSignings(em: EntityManager, userId: number): Promise<void> {
  await em.execute('update app_user set failed_signings = 0 where id = ? and failed_signings <> 0', [userId]);
}

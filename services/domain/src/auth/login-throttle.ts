// The sign-in throttle's table (login_throttle), shared by every API process.
// The API derives the keys from the request (services/api/src/auth/login-throttle.ts
// explains them); here they are charged, checked and forgotten. Plain SQL: the
// charge is computed by the database under row locks taken in key order, so
// parallel attempts cannot spend more of the budget than sequential ones.
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/record-audit.js';

export const loginThrottlePolicy = {
  pairFreeFailures: 0,
  addressFreeFailures: 10,
  maxDelaySeconds: 15 * 60,
  /** A key with no failure for this long starts from zero again. */
  forgetAfterSeconds: 60 * 60,
  accountLockAddresses: 10,
  accountLockSeconds: 15 * 60,
} as const;

/** One attempt's keys: `pair:<client>:<username>`, `address:<client>`, `account:<username>`, and the parts. */
export interface LoginThrottleKeys { pair: string; address: string; account: string; username: string; client: string }

const policy = loginThrottlePolicy;

/** Seconds to wait after `failures` failures when the first `free` cost nothing. */
const delaySql = (free: number) =>
  `case when failures > ${free} then now() + make_interval(secs => least(power(2, least(failures - ${free}, 30)), ${policy.maxDelaySeconds})) else null end`;

async function charge(tx: EntityManager, key: string, free: number): Promise<void> {
  const forget = `last_failure_at is not null and last_failure_at < now() - make_interval(secs => ${policy.forgetAfterSeconds})`;
  await tx.execute(
    `update login_throttle set failures = case when ${forget} then 1 else failures + 1 end, last_failure_at = now() where key = ?`, [key]);
  await tx.execute(`update login_throttle set blocked_until = ${delaySql(free)} where key = ?`, [key]);
}

/**
 * Charges one attempt to the pair, or answers how many seconds the longest
 * blocked key must still wait (0: go ahead, the password may be checked).
 */
export async function reserveLoginAttempt(em: EntityManager, k: LoginThrottleKeys): Promise<number> {
  return em.transactional(async (tx) => {
    await tx.execute(
      `insert into login_throttle (key, username, address, failures) values (?, ?, null, 0), (?, null, ?, 0), (?, ?, ?, 0) on conflict (key) do nothing`,
      [k.account, k.username, k.address, k.client, k.pair, k.username, k.client]);
    // Locked in key order, as every attempt does: no deadlock between parallel attempts.
    const rows = await tx.execute<{ wait: number | null }[]>(
      `select ceil(extract(epoch from blocked_until - now()))::int as wait from login_throttle where key in (?, ?, ?) order by key for update`,
      [k.account, k.address, k.pair]);
    const longest = Math.max(0, ...rows.map((r) => r.wait ?? 0));
    if (longest > 0) return longest;
    // Only the pair is charged in advance: it bounds one client's guesses at one account even in parallel. The
    // address is charged on a failure only, or fifteen colleagues behind one office NAT signing in at 08:00 at
    // once would throttle each other while their (correct) passwords are still being checked.
    await charge(tx, k.pair, policy.pairFreeFailures);
    return 0;
  });
}

/** Forgets keys nobody failed under for a while (every made-up username leaves one). */
export async function forgetIdleLoginThrottleKeys(em: EntityManager): Promise<void> {
  await em.execute(`delete from login_throttle where (blocked_until is null or blocked_until < now())
    and (last_failure_at is null or last_failure_at < now() - make_interval(secs => ?))`, [policy.forgetAfterSeconds]);
}

/** The password was right: the pair starts from zero. */
export async function loginAttemptSucceeded(em: EntityManager, k: LoginThrottleKeys): Promise<void> {
  await em.execute('delete from login_throttle where key = ?', [k.pair]);
}

/**
 * The password was wrong: the pair's charge stays and the address is charged. When this username now has recent failures from
 * `accountLockAddresses` different addresses, it is locked for everyone for `accountLockSeconds`;
 * an existing account shows it (app_user.locked_until: refresh refused, admin may unlock), audited as user.locked.
 */
export async function loginAttemptFailed(em: EntityManager, k: LoginThrottleKeys): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.execute('select 1 from login_throttle where key = ? for update', [k.address]);
    await charge(tx, k.address, policy.addressFreeFailures);
    const [spread] = await tx.execute<{ addresses: number }[]>(
      `select count(*)::int as addresses from login_throttle where username = ? and address is not null and failures > 0
         and last_failure_at > now() - make_interval(secs => ?)`, [k.username, policy.forgetAfterSeconds]);
    if ((spread?.addresses ?? 0) < policy.accountLockAddresses) return;
    const [locked] = await tx.execute<{ key: string }[]>(
      `update login_throttle set blocked_until = now() + make_interval(secs => ?), last_failure_at = now()
       where key = ? and (blocked_until is null or blocked_until <= now()) returning key`, [policy.accountLockSeconds, k.account]);
    if (!locked) return;
    // Those failures are what the lock answered; counting them again after it ends would lock at once.
    await tx.execute(`update login_throttle set failures = 0 where username = ? and address is not null`, [k.username]);
    const [user] = await tx.execute<{ id: number; person_id: number; name: string; agency_id: number }[]>(
      `update app_user u set locked_until = now() + make_interval(secs => ?) from person p
        where p.id = u.person_id and lower(u.username) = ? returning u.id, u.person_id, p.name, p.agency_id`,
      [policy.accountLockSeconds, k.username]);
    if (user) {
      await recordAudit(tx, {
        actor: { id: user.person_id, name: user.name }, action: 'user.locked', subjectType: 'user', subjectId: user.id, agencyId: user.agency_id,
        data: { reason: 'failed_logins', addresses: spread!.addresses, lockoutSeconds: policy.accountLockSeconds },
      });
    }
  });
}

/** Admin unlock: every throttle key of this username (its pairs and the account lock) starts from zero. */
export async function clearLoginThrottle(em: EntityManager, username: string): Promise<void> {
  await em.execute('delete from login_throttle where username = ?', [username.toLowerCase()]);
}

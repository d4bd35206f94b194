// Sign-in throttling, shared by every API process through PostgreSQL
// (login_throttle). Failures are counted under three keys that do not depend
// on whether the username exists, so the answers are no username oracle:
//
//   pair:<address>:<username>  every failure doubles the wait: 2, 4, 8 … s (at most 15 min)
//   address:<address>          the same curve after `addressFreeFailures` (an office behind one NAT address)
//   account:<username>         a hard lock, only once failures came from `accountLockAddresses` different addresses
//
// so a stranger at one address can slow down only their own guesses: the
// owner signing in from another address is not affected. An attempt is
// charged *before* the password is checked, under row locks, so parallel
// requests cannot spend more of the budget than sequential ones; a correct
// password gives the charge back.
import { isIPv6 } from 'node:net';
import { recordAudit, type DomainEntityManager as EntityManager } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

export const throttlePolicy = {
  pairFreeFailures: 0,
  addressFreeFailures: 10,
  maxDelaySeconds: 15 * 60,
  /** A key with no failure for this long starts from zero again. */
  forgetAfterSeconds: 60 * 60,
  accountLockAddresses: 10,
  accountLockSeconds: 15 * 60,
} as const;

/** 429 with Retry-After: the attempt was not even checked. */
class LoginThrottledError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('LOGIN_THROTTLED', 429, `Too many failed sign-ins; try again in ${Math.max(1, Math.ceil(retryAfterSeconds))} second(s).`,
      { field: 'username', retryAfterSeconds });
  }
}

/**
 * The client as the throttle sees it: IPv4-mapped IPv6 as IPv4, and an IPv6
 * address by its /64 (one subscriber line holds a whole /64).
 */
function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

interface Keys { pair: string; address: string; account: string; username: string; client: string }

function keysFor(username: string, ip: string | undefined): Keys {
  const name = username.toLowerCase().slice(0, 64);
  const client = clientKey(ip).slice(0, 64);
  return { pair: `pair:${client}:${name}`, address: `address:${client}`, account: `account:${name}`, username: name, client };
}

/** Seconds to wait after `failures` failures when the first `free` cost nothing. */
const delaySql = (free: number) =>
  `case when failures > ${free} then now() + make_interval(secs => least(power(2, least(failures - ${free}, 30)), ${throttlePolicy.maxDelaySeconds})) else null end`;

/** Charges one attempt to the keys, or throws LoginThrottledError when one of them must still wait. */
export async function reserveAttempt(em: EntityManager, username: string, ip: string | undefined): Promise<void> {
  const k = keysFor(username, ip);
  const wait = await em.transactional(async (tx) => {
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
    await charge(tx, k.pair, throttlePolicy.pairFreeFailures);
    return 0;
  });
  if (wait > 0) throw new LoginThrottledError(wait);
  // Now and then, forget keys nobody failed under for a while (every made-up username leaves one).
  if (Math.random() < 0.01) {
    await em.execute(`delete from login_throttle where (blocked_until is null or blocked_until < now())
      and (last_failure_at is null or last_failure_at < now() - make_interval(secs => ?))`, [throttlePolicy.forgetAfterSeconds]);
  }
}

async function charge(tx: EntityManager, key: string, free: number): Promise<void> {
  const forget = `last_failure_at is not null and last_failure_at < now() - make_interval(secs => ${throttlePolicy.forgetAfterSeconds})`;
  await tx.execute(
    `update login_throttle set failures = case when ${forget} then 1 else failures + 1 end, last_failure_at = now() where key = ?`, [key]);
  await tx.execute(`update login_throttle set blocked_until = ${delaySql(free)} where key = ?`, [key]);
}

/** The password was right: the pair starts from zero. */
export async function attemptSucceeded(em: EntityManager, username: string, ip: string | undefined): Promise<void> {
  const k = keysFor(username, ip);
  await em.execute('delete from login_throttle where key = ?', [k.pair]);
}

/**
 * The password was wrong: the pair's charge stays and the address is charged. When this username now has recent failures from
 * `accountLockAddresses` different addresses, it is locked for everyone for `accountLockSeconds`;
 * an existing account shows it (app_user.locked_until: refresh refused, admin may unlock).
 */
export async function attemptFailed(em: EntityManager, username: string, ip: string | undefined): Promise<void> {
  const k = keysFor(username, ip);
  await em.transactional(async (tx) => {
    await tx.execute('select 1 from login_throttle where key = ? for update', [k.address]);
    await charge(tx, k.address, throttlePolicy.addressFreeFailures);
    const [spread] = await tx.execute<{ addresses: number }[]>(
      `select count(*)::int as addresses from login_throttle where username = ? and address is not null and failures > 0
         and last_failure_at > now() - make_interval(secs => ?)`, [k.username, throttlePolicy.forgetAfterSeconds]);
    if ((spread?.addresses ?? 0) < throttlePolicy.accountLockAddresses) return;
    const [locked] = await tx.execute<{ key: string }[]>(
      `update login_throttle set blocked_until = now() + make_interval(secs => ?), last_failure_at = now()
       where key = ? and (blocked_until is null or blocked_until <= now()) returning key`, [throttlePolicy.accountLockSeconds, k.account]);
    if (!locked) return;
    // Those failures are what the lock answered; counting them again after it ends would lock at once.
    await tx.execute(`update login_throttle set failures = 0 where username = ? and address is not null`, [k.username]);
    const [user] = await tx.execute<{ id: number; person_id: number; name: string; agency_id: number }[]>(
      `update app_user u set locked_until = now() + make_interval(secs => ?) from person p
        where p.id = u.person_id and lower(u.username) = ? returning u.id, u.person_id, p.name, p.agency_id`,
      [throttlePolicy.accountLockSeconds, k.username]);
    if (user) {
      await recordAudit(tx, {
        actor: { id: user.person_id, name: user.name }, action: 'user.locked', subjectType: 'user', subjectId: user.id, agencyId: user.agency_id,
        data: { reason: 'failed_logins', addresses: spread!.addresses, lockoutSeconds: throttlePolicy.accountLockSeconds },
      });
    }
  });
}

/** Admin unlock: every throttle key of this username (its pairs and the account lock) starts from zero. */
export async function clearThrottle(em: EntityManager, username: string): Promise<void> {
  await em.execute('delete from login_throttle where username = ?', [username.toLowerCase()]);
}

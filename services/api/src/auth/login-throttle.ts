// Sign-in throttling, shared by every API process through PostgreSQL
// (services/domain auth/login-throttle.ts). Failures are counted under three keys that do not depend
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
import {
  forgetIdleLoginThrottleKeys, loginAttemptFailed, loginAttemptSucceeded, loginThrottlePolicy, reserveLoginAttempt,
  type DomainEntityManager as EntityManager, type LoginThrottleKeys,
} from '@naskah/domain';
import { AppError } from '../errors/problem.js';

export const throttlePolicy = loginThrottlePolicy;

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

function keysFor(username: string, ip: string | undefined): LoginThrottleKeys {
  const name = username.toLowerCase().slice(0, 64);
  const client = clientKey(ip).slice(0, 64);
  return { pair: `pair:${client}:${name}`, address: `address:${client}`, account: `account:${name}`, username: name, client };
}

/** Charges one attempt to the keys, or throws LoginThrottledError when one of them must still wait. */
export async function reserveAttempt(em: EntityManager, username: string, ip: string | undefined): Promise<void> {
  const wait = await reserveLoginAttempt(em, keysFor(username, ip));
  if (wait > 0) throw new LoginThrottledError(wait);
  // Now and then, forget keys nobody failed under for a while (every made-up username leaves one).
  if (Math.random() < 0.01) await forgetIdleLoginThrottleKeys(em);
}

/** The password was right: the pair starts from zero. */
export async function attemptSucceeded(em: EntityManager, username: string, ip: string | undefined): Promise<void> {
  await loginAttemptSucceeded(em, keysFor(username, ip));
}

/** The password was wrong: the address is charged too, and the account locked once failures come from too many addresses. */
export async function attemptFailed(em: EntityManager, username: string, ip: string | undefined): Promise<void> {
  await loginAttemptFailed(em, keysFor(username, ip));
}

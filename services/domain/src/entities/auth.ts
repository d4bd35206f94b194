import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './organisation.js';

/**
 * A refresh token, kept server-side so it can rotate and be revoked. Only the
 * SHA-256 of the token is stored: a copy of this table signs nobody in.
 * Every token issued from one sign-in shares a family; presenting a token that
 * was already rotated (`usedAt` set) revokes the whole family.
 */
export const RefreshToken = defineEntity({
  name: 'RefreshToken',
  properties: {
    id: p.integer().primary(),
    /** Hex SHA-256 of the opaque token the client holds. */
    tokenHash: p.string().length(64).unique(),
    familyId: p.uuid().index(),
    user: () => p.manyToOne(User).updateRule('no action').index(),
    expiresAt: p.datetime(),
    /** Set when the token was exchanged for its successor; presenting it again is a reuse. */
    usedAt: p.datetime().nullable(),
    /** Set on logout, on reuse of a rotated token, or when the account is disabled. */
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type RefreshToken = InferEntity<typeof RefreshToken>;

/**
 * Failed sign-ins counted per client address, per (username, address) pair and
 * per username, whether or not the username exists (so the throttle is no
 * username oracle). Kept in PostgreSQL so N API processes share one budget.
 */
export const LoginThrottle = defineEntity({
  name: 'LoginThrottle',
  properties: {
    /** `address:<ip>`, `pair:<ip>:<username>` or `account:<username>`. */
    key: p.string().length(200).primary(),
    username: p.string().length(64).nullable().index(),
    address: p.string().length(64).nullable(),
    failures: p.integer().default(0),
    /** No attempt under this key is even checked before this time (429 with Retry-After). */
    blockedUntil: p.datetime().nullable(),
    lastFailureAt: p.datetime().nullable(),
  },
});
export type LoginThrottle = InferEntity<typeof LoginThrottle>;

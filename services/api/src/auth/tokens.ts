import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AppError } from '../errors/problem.js';

const accessTokenTtlSeconds = 15 * 60;
/** A refresh token (opaque, stored server-side: refresh-tokens.ts) lapses after 8 h without use; each use gives a new one. */
export const refreshTokenTtlSeconds = 8 * 60 * 60;
const issuer = 'naskah';

/** Only access tokens are JWTs; refresh tokens are opaque and live in refresh_token. */
export type TokenKind = 'access';

export async function issueToken(key: Uint8Array, userId: number, kind: TokenKind): Promise<string> {
  return new SignJWT({ typ: kind })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(userId))
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(`${accessTokenTtlSeconds}s`)
    .sign(key);
}

/**
 * Verified tokens, until they expire: jose verifies through WebCrypto, which
 * dominated the API's CPU profile when every request re-checked the same
 * token. Keyed by the exact token string (and the key), bounded in size.
 */
const verified = new Map<string, { userId: number; kind: TokenKind; expiresAt: number; key: Uint8Array }>();
const maxVerified = 20_000;

/** The user id inside a valid token of the expected kind; 401 otherwise (never says why in detail). */
export async function verifyToken(key: Uint8Array, token: string, kind: TokenKind): Promise<number> {
  const hit = verified.get(token);
  if (hit && hit.key === key && hit.kind === kind && hit.expiresAt > Date.now()) return hit.userId;
  const userId = await verifyTokenUncached(key, token, kind);
  if (verified.size >= maxVerified) verified.clear();
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number };
  verified.set(token, { userId, kind, expiresAt: exp * 1000, key });
  return userId;
}

async function verifyTokenUncached(key: Uint8Array, token: string, kind: TokenKind): Promise<number> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer, algorithms: ['HS256'] });
    if (payload['typ'] !== kind || !payload.sub) throw new AppError('TOKEN_INVALID', 401, 'The token is not valid here.');
    return Number(payload.sub);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new AppError('TOKEN_EXPIRED', 401, 'The token has expired; refresh it or sign in again.');
    throw new AppError('TOKEN_INVALID', 401, 'The token is not valid.');
  }
}

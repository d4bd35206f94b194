/**
 * The signed-in session: the short-lived JWT, its refresh token and who the
 * user is. Kept in memory for every request and mirrored to localStorage so a
 * reload keeps the user signed in.
 */
export interface SessionUser {
  id: number | string;
  /** The Person behind the account: drafter, actor of routing steps. */
  personId?: number;
  name: string;
  username?: string;
  roles: string[];
  agency?: { id: number | string; code?: string; name?: string } | null;
  /** Positions held now (own + valid Plh/Plt), from /auth/me; routing steps are per position. */
  positionIds?: number[];
}

export interface Session {
  token: string;
  refreshToken?: string;
  user: SessionUser;
}

const KEY = 'naskah.session';
let current: Session | null | undefined;

export function getSession(): Session | null {
  if (current === undefined) {
    try {
      const raw = globalThis.localStorage?.getItem(KEY);
      current = raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      current = null;
    }
  }
  return current;
}

/**
 * The session another tab of the same browser stored, if it is the same user's: after that tab
 * refreshed, its refresh token is the live one and ours is used up. (Each tab keeps its own
 * session in memory otherwise, so tabs signed in as different people stay apart.)
 */
export function storedSessionOf(userId: SessionUser['id'] | undefined): Session | null {
  if (userId === undefined) return null;
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const stored = raw ? (JSON.parse(raw) as Session) : null;
    return stored && String(stored.user.id) === String(userId) ? stored : null;
  } catch {
    return null;
  }
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

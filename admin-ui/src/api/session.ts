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
  agency?: { id: number | string; code?: string; name?: string; timezone?: string } | null;
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

// Another tab signed in, refreshed (the old refresh token is used up) or signed out: follow it.
globalThis.addEventListener?.('storage', (event: StorageEvent) => {
  if (event.key === KEY) current = undefined;
});

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

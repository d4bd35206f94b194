import type { AuthProvider } from 'react-admin';
import { API_URL, apiJson } from '../api/http.js';
import { ApiError } from '../api/problem.js';
import { getSession, setSession, type Session, type SessionUser } from '../api/session.js';

export type Role = 'drafter' | 'reviewer' | 'signer' | 'secretariat' | 'leader' | 'auditor' | 'admin';

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    const body = await apiJson<Session>('/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username, password }),
    });
    setSession({ token: body.token, refreshToken: body.refreshToken, user: body.user });
    // The positions held now (Plh/Plt included) decide which routing steps are ours.
    await refreshIdentity().catch(() => undefined);
  },
  async logout() {
    // The server revokes the whole session (every rotated refresh token of it); signing out
    // locally goes ahead even when the API cannot be reached.
    const refreshToken = getSession()?.refreshToken;
    setSession(null);
    if (refreshToken) {
      await fetch(`${API_URL}/auth/logout`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }),
      }).catch(() => undefined);
    }
  },
  async checkAuth() {
    // No session yet is not an error to show: react-admin skips its notification for `message: false`,
    // so the sign-in page opens clean instead of with a red "Silakan masuk untuk melanjutkan".
    if (!getSession()) throw { message: false };
  },
  async checkError(error: unknown) {
    // apiFetch has already tried a refresh; a 401 now means the session is gone.
    if (error instanceof ApiError && error.status === 401) {
      setSession(null);
      throw error;
    }
  },
  async getIdentity() {
    const user = getSession()?.user;
    if (!user) throw new Error('ra.auth.auth_check_error');
    return { id: user.id, fullName: user.name, agency: user.agency ?? undefined };
  },
  async getPermissions() {
    return getSession()?.user.roles ?? [];
  },
};

/** Re-reads the user from /auth/me so roles changed by an admin show after reload. */
async function refreshIdentity(): Promise<SessionUser | null> {
  const session = getSession();
  if (!session) return null;
  const me = await apiJson<SessionUser | { user: SessionUser }>('/auth/me');
  const user = { ...session.user, ...('user' in me ? me.user : me) };
  setSession({ ...session, user });
  return user;
}

export function hasRole(permissions: unknown, ...roles: Role[]): boolean {
  return Array.isArray(permissions) && roles.some((r) => permissions.includes(r));
}

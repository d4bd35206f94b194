import { ApiError, type Problem } from './problem.js';
import { getSession, setSession, storedSessionOf } from './session.js';
import { i18nProvider } from '../i18n/index.js';

/** The current language's sentence for a problem (react-admin shows an error's message as is). */
const translate = (key: string, options?: Record<string, unknown>) => i18nProvider.translate(key, options);

export const API_URL = '/api';

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Problem;
    return typeof body === 'object' && body ? body : { title: text };
  } catch {
    return { title: text || response.statusText, status: response.status };
  }
}

let refreshing: Promise<boolean> | null = null;

/** Across the tabs of this browser too (Web Locks), so two tabs never present one refresh token twice. */
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request('naskah.refresh', task) as Promise<T>) : task();
}

/**
 * One refresh at a time, shared by every request that hit a 401 meanwhile: a
 * refresh token is good for one exchange (the server rotates it and treats a
 * second use as theft, ending the session), so the new one is stored at once,
 * and a tab whose token another tab already exchanged takes that tab's pair.
 */
async function refresh(): Promise<boolean> {
  const session = getSession();
  if (!session?.refreshToken) return false;
  refreshing ??= oneAtATime(async () => {
    try {
      const shared = storedSessionOf(session.user.id);
      if (shared?.refreshToken && shared.refreshToken !== session.refreshToken) {
        setSession(shared);
        return true;
      }
      const response = await fetch(`${API_URL}/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!response.ok) {
        // Used up, revoked or the account locked: this session is over.
        if (response.status === 401) setSession(null);
        return false;
      }
      const body = (await response.json()) as { token: string; refreshToken: string; user?: Session['user'] };
      setSession({ token: body.token, refreshToken: body.refreshToken, user: body.user ?? session.user });
      return true;
    } catch {
      return false;
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  });
  return refreshing;
}

type Session = NonNullable<ReturnType<typeof getSession>>;

/**
 * fetch() against the API with the bearer token; retries once after a token
 * refresh on 401; throws ApiError with the problem+json body on any non-2xx.
 */
export async function apiFetch(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  if (init.body && typeof init.body === 'string' && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/json');
  }
  const token = getSession()?.token;
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(path.startsWith('http') ? path : `${API_URL}${path}`, { ...init, headers });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', title: 'Network error' }, translate);
  }
  if (response.status === 401 && !retried && token && (await refresh())) {
    return apiFetch(path, init, true);
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response), translate);
  return response;
}

export async function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await apiFetch(path, init);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A PDF (or any file) the API serves behind auth, as an object URL for <iframe>/<a download>. */
export async function apiBlobUrl(path: string, init: RequestInit = {}): Promise<string> {
  const response = await apiFetch(path, { ...init, headers: { Accept: 'application/pdf, application/zip, */*', ...(init.headers ?? {}) } });
  return URL.createObjectURL(await response.blob());
}

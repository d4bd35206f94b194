// Sign-in hardening through the real API (PostgreSQL of the test stack):
// rotating refresh tokens, logout, the login throttle per address / pair /
// account, security headers, no-store, the admin unlock and trust proxy.
// Clients at different addresses are real TCP peers: the loopback net is
// 127.0.0.0/8, so a request can leave from 127.0.0.2, 127.0.0.3, ...
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openOrm, type DomainOrm } from '@naskah/domain';
import { PDFDocument } from 'pdf-lib';
import { startTestApi, type TestApi } from '@naskah/api/testing';
import { SigningLockout } from '../use-cases/sign-document.js';
import { throttlePolicy } from '../auth/login-throttle.js';

let t: TestApi;
let orm: DomainOrm;
let consoleDir: string;
const password = 'naskah-demo';

beforeAll(async () => {
  consoleDir = mkdtempSync(path.join(tmpdir(), 'naskah-console-headers-'));
  writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><html><head><title>Naskah</title></head><body><div id="root"></div></body></html>');
  // 127.0.0.1 plays the one trusted reverse proxy; every other address is a client talking directly.
  t = await startTestApi({ TRUST_PROXY: '127.0.0.1', ADMIN_UI_DIST: consoleDir });
  orm = await openOrm({ databaseUrl: t.db.url, poolMax: 2 });
}, 120_000);

afterAll(async () => {
  await orm?.close(true);
  await t?.stop();
  rmSync(consoleDir, { recursive: true, force: true });
});

interface Answer { status: number; headers: http.IncomingHttpHeaders; body: Record<string, unknown>; ms: number }

/** One request from the peer address `from` (default 127.0.0.1, the trusted proxy). */
function call(method: string, urlPath: string, options: { from?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const { port } = new URL(t.api.url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: Number(port), path: urlPath, method, localAddress: options.from ?? '127.0.0.1', agent: false,
      headers: {
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, unknown> = {};
        try { body = text ? JSON.parse(text) as Record<string, unknown> : {}; } catch { body = { text }; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: performance.now() - started });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const login = (username: string, from: string, pw = password) => call('POST', '/api/auth/login', { from, body: { username, password: pw } });
const refresh = (refreshToken: string, from = '127.0.0.1') => call('POST', '/api/auth/refresh', { from, body: { refreshToken } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function session(username: string, from: string): Promise<{ token: string; refreshToken: string }> {
  const res = await login(username, from);
  if (res.status !== 200) throw new Error(`login ${username} from ${from}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { token: string; refreshToken: string };
}

describe('refresh tokens rotate and are kept server-side', () => {
  test('a refresh uses the token up and gives a new one of the same family; only hashes are stored', async () => {
    const first = await session('kabid.aptika', '127.0.0.11');
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    const next = second.body as { token: string; refreshToken: string };
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect((await call('GET', '/api/auth/me', { token: next.token })).status).toBe(200);
    const third = await refresh(next.refreshToken);
    expect(third.status).toBe(200);

    const rows = await orm.em.fork().execute<{ token_hash: string; family_id: string; used: boolean }[]>(
      `select token_hash, family_id, used_at is not null as used from refresh_token r join app_user u on u.id = r.user_id where u.username = 'kabid.aptika' order by r.id`);
    const hash = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(rows.map((r) => r.token_hash)).toEqual([hash(first.refreshToken), hash(next.refreshToken), hash((third.body as { refreshToken: string }).refreshToken)]);
    expect(rows.map((r) => r.used)).toEqual([true, true, false]);
    expect(new Set(rows.map((r) => r.family_id)).size).toBe(1);
    const stored = JSON.stringify(await orm.em.fork().execute('select * from refresh_token'));
    expect(stored).not.toContain(first.refreshToken);
  });

  test('presenting a rotated token again answers 401 and revokes the whole family, the successor too', async () => {
    const { refreshToken: stolen } = await session('sekdis.kominfo', '127.0.0.12');
    const legit = await refresh(stolen);
    expect(legit.status).toBe(200);
    const reuse = await refresh(stolen);
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ code: 'TOKEN_REUSED' });
    expect((await refresh((legit.body as { refreshToken: string }).refreshToken)).status).toBe(401);
    // A second sign-in is another family and unaffected.
    const other = await session('sekdis.kominfo', '127.0.0.12');
    expect((await refresh(other.refreshToken)).status).toBe(200);
    const [audit] = await orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from audit_event where action = 'user.sessions_revoked'`);
    expect(audit!.n).toBe(1);
  });

  test('two parallel refreshes with one token: one wins, the other is reuse and ends the session', async () => {
    const { refreshToken } = await session('tu.kominfo', '127.0.0.13');
    const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    const winner = answers.find((a) => a.status === 200)!.body as { refreshToken: string };
    expect((await refresh(winner.refreshToken)).status).toBe(401);
  });

  test('POST /auth/logout revokes the session: the presented token and every token rotated from it', async () => {
    const first = await session('kabid.bappeda', '127.0.0.14');
    const rotated = (await refresh(first.refreshToken)).body as { refreshToken: string };
    const out = await call('POST', '/api/auth/logout', { body: { refreshToken: rotated.refreshToken } });
    expect(out.status).toBe(204);
    expect(out.headers['cache-control']).toBe('no-store');
    expect((await refresh(rotated.refreshToken)).status).toBe(401);
    // Unknown tokens change nothing and say nothing.
    expect((await call('POST', '/api/auth/logout', { body: { refreshToken: 'nope' } })).status).toBe(204);
    const spec = (await call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(spec.paths['/auth/logout']?.['post']).toBeDefined();
  });

  test('refresh is refused while the account is disabled, and disabling ends its sessions', async () => {
    const admin = await session('admin', '127.0.0.15');
    const userId = t.seed.userIds['tu.bappeda'];
    const { refreshToken } = await session('tu.bappeda', '127.0.0.15');
    expect((await call('PUT', `/api/users/${userId}`, { token: admin.token, body: { active: false } })).status).toBe(200);
    expect((await refresh(refreshToken)).status).toBe(401);
    expect((await call('PUT', `/api/users/${userId}`, { token: admin.token, body: { active: true } })).status).toBe(200);
    // Revoked, not merely paused.
    expect((await refresh(refreshToken)).status).toBe(401);
    expect((await login('tu.bappeda', '127.0.0.15')).status).toBe(200);
  });
});

describe('login throttle', () => {
  test('a stranger failing at one address is slowed down exponentially there; the owner signs in from another address', async () => {
    const stranger = '127.0.0.21';
    const first = await login('bupati', stranger, 'tebakan-1');
    expect(first.status).toBe(401);
    // Four more at once: not even checked, 429 with Retry-After.
    const rest = await Promise.all([2, 3, 4, 5].map((i) => login('bupati', stranger, `tebakan-${i}`)));
    expect(rest.map((r) => r.status)).toEqual([429, 429, 429, 429]);
    expect(rest[0]!.body).toMatchObject({ code: 'LOGIN_THROTTLED' });
    expect(Number(rest[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(rest[0]!.headers['retry-after'])).toBeLessThanOrEqual(2);
    // Even the right password waits its turn at that address.
    expect((await login('bupati', stranger)).status).toBe(429);
    // The owner, elsewhere, is not locked out.
    const owner = await login('bupati', '127.0.0.22');
    expect(owner.status).toBe(200);
    // After the wait the next failure doubles it: 2 s, then 4 s.
    await sleep(2100);
    expect((await login('bupati', stranger, 'tebakan-6')).status).toBe(401);
    const doubled = await login('bupati', stranger, 'tebakan-7');
    expect(doubled.status).toBe(429);
    expect(Number(doubled.headers['retry-after'])).toBeGreaterThan(2);
    expect(Number(doubled.headers['retry-after'])).toBeLessThanOrEqual(4);
  });

  test('parallel attempts cannot spend more than the budget: of 20 at once exactly one is checked', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login('kadis.kominfo', '127.0.0.23', `paralel-${i}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(19);
  });

  test('one address spraying many usernames is throttled after its free failures', async () => {
    const sprayer = '127.0.0.24';
    const free = throttlePolicy.addressFreeFailures;
    // The free failures and the one past them are all checked (401); that last one starts a 2 s wait.
    const statuses: number[] = [];
    for (let i = 0; i <= free; i++) statuses.push((await login(`nama.${i}`, sprayer, 'Rahasia123')).status);
    expect(statuses).toEqual(Array(free + 1).fill(401));
    // Within the wait the address is refused. (Asked until a refusal: on a loaded machine the next request may
    // arrive after 2 s, and then it is checked and the wait doubles: 4 s, 8 s. A few tries at most.)
    let refused: Answer | undefined;
    const checkedAfterWait: number[] = [];
    for (let i = 0; i < 4 && !refused; i++) {
      const answer = await login(`lagi.${i}`, sprayer, 'Rahasia123');
      if (answer.status === 429) refused = answer; else checkedAfterWait.push(answer.status);
    }
    expect(checkedAfterWait.every((s) => s === 401)).toBe(true);
    expect(refused?.status).toBe(429);
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // After the wait the next failure doubles it, and inside that wait known usernames are refused too: the
    // address waits, whoever it names.
    await sleep(Number(refused!.headers['retry-after']) * 1000 + 100);
    expect((await login('nama.akhir', sprayer, 'Rahasia123')).status).toBe(401);
    const known = await login('staf.kominfo', sprayer);
    expect(known.status).toBe(429);
    expect(Number(known.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await login('staf.kominfo', '127.0.0.25')).status).toBe(200);
  });

  test('unknown and known usernames get the same answer, the same throttle and the same kind of timing', async () => {
    const pick = (a: Answer) => ({ status: a.status, body: { ...a.body, instance: undefined }, headers: Object.keys(a.headers).filter((h) => h !== 'date' && h !== 'content-length').sort() });
    const known = await login('sekda', '127.0.0.26', 'salah-sandi');
    const unknown = await login('tidak.ada', '127.0.0.27', 'salah-sandi');
    expect(pick(unknown)).toEqual(pick(known));
    expect(known.body).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    const knownAgain = await login('sekda', '127.0.0.26', 'salah-sandi');
    const unknownAgain = await login('tidak.ada', '127.0.0.27', 'salah-sandi');
    expect(pick(unknownAgain)).toEqual(pick(knownAgain));
    expect(knownAgain.status).toBe(429);
    expect(unknownAgain.headers['retry-after']).toBe(knownAgain.headers['retry-after']);
    // Both verify a password hash: an unknown name is not answered noticeably faster. Without the
    // decoy hash it would answer in a few ms against argon2's ~100 ms, a factor of 20 or more; the
    // bound is a quarter so that a loaded CI machine's noise (interleaved samples, medians) cannot fail it.
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      knownMs.push((await login('sekda', `127.0.1.${i + 1}`, 'salah-sandi')).ms);
      unknownMs.push((await login('tidak.ada', `127.0.2.${i + 1}`, 'salah-sandi')).ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
    expect(median(unknownMs)).toBeGreaterThan(median(knownMs) / 4);
  });

  test('failures from many addresses lock the account for everyone; refresh is refused while locked; the admin unlocks', async () => {
    const { refreshToken } = await session('kadis.bappeda', '127.0.0.31');
    for (let i = 0; i < throttlePolicy.accountLockAddresses; i++) {
      expect((await login('kadis.bappeda', `127.0.3.${i + 1}`, 'tebakan')).status).toBe(401);
    }
    const locked = await login('kadis.bappeda', '127.0.0.31');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(throttlePolicy.accountLockSeconds - 60);
    // An unknown name attacked the same way answers the same.
    for (let i = 0; i < throttlePolicy.accountLockAddresses; i++) await login('bukan.siapa', `127.0.4.${i + 1}`, 'tebakan');
    const lockedUnknown = await login('bukan.siapa', '127.0.0.32');
    expect(lockedUnknown.status).toBe(429);
    expect(lockedUnknown.body).toMatchObject({ code: locked.body['code'] });

    const refused = await refresh(refreshToken);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const admin = await session('admin', '127.0.0.33');
    expect((await call('PUT', `/api/users/${t.seed.userIds['kadis.bappeda']}`, { token: admin.token, body: { unlock: true } })).status).toBe(200);
    // The refused refresh did not use the token up.
    expect((await refresh(refreshToken)).status).toBe(200);
    expect((await login('kadis.bappeda', '127.0.0.31')).status).toBe(200);
  });
});

describe('headers', () => {
  const cspOf = (a: Answer) => String(a.headers['content-security-policy'] ?? '');

  test('security headers on an API answer, on the console and on /api/docs', async () => {
    for (const urlPath of ['/api/health', '/', '/verifikasi/abc', '/api/docs', '/api/no-such-route']) {
      const res = await call('GET', urlPath, { headers: { accept: urlPath.startsWith('/api') ? 'application/json' : 'text/html' } });
      expect([urlPath, res.headers['x-content-type-options']]).toEqual([urlPath, 'nosniff']);
      expect([urlPath, res.headers['referrer-policy']]).toEqual([urlPath, 'no-referrer']);
      expect(cspOf(res)).toContain("frame-ancestors 'self'");
      expect(cspOf(res)).toContain("script-src 'self'");
    }
    const index = await call('GET', '/', { headers: { accept: 'text/html' } });
    expect(index.status).toBe(200);
    // What the built console needs: its own scripts, emotion's injected styles, PDFs in blob: frames.
    expect(cspOf(index)).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(cspOf(index)).toMatch(/frame-src 'self' blob:/);
    expect(cspOf(index)).not.toMatch(/script-src[^;]*unsafe/);
  });

  test('token answers are no-store without an ETag; PDF downloads are no-store', async () => {
    const ok = await login('staf.kominfo', '127.0.0.41');
    const wrong = await login('staf.kominfo', '127.0.0.42', 'salah');
    const rotated = await refresh((ok.body as { refreshToken: string }).refreshToken);
    for (const res of [ok, wrong, rotated]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['etag']).toBeUndefined();
    }
    const token = (ok.body as { token: string }).token;
    const created = await call('POST', '/api/documents', { token, body: { type: 'nota_dinas', hal: 'Uji cache PDF', archiveCode: '000.1.2.3', kepada: [{ name: 'Kepala Dinas' }] } });
    expect(created.status).toBe(201);
    const id = created.body['id'] as number;
    const pdf = await PDFDocument.create();
    pdf.addPage([595, 842]);
    const upload = await t.request('POST', `/documents/${id}/versions`, { token, raw: Buffer.from(await pdf.save()), headers: { 'content-type': 'application/pdf' } });
    expect(upload.status).toBe(201);
    const download = await call('GET', `/api/documents/${id}/versions/1/pdf`, { token });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['cache-control']).toBe('no-store');
  });
});

describe('signing lockout', () => {
  test('423 carries Retry-After; the admin unlock clears the signing lockout too', async () => {
    const sekda = await session('sekda', '127.0.0.51');
    const userId = t.seed.userIds['sekda']!;
    const lockout = new SigningLockout(orm);
    for (let i = 0; i < 5; i++) await lockout.failed(userId);
    const locked = await call('POST', '/api/documents/bulk-sign', { token: sekda.token, body: { documentIds: [1], passphrase: 'apa-saja' } });
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ code: 'SIGNING_LOCKED' });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const admin = await session('admin', '127.0.0.52');
    expect((await call('PUT', `/api/users/${userId}`, { token: admin.token, body: { unlock: true } })).status).toBe(200);
    await expect(lockout.assertOpen(userId)).resolves.toBeUndefined();
    const after = await call('POST', '/api/documents/bulk-sign', { token: sekda.token, body: { documentIds: [1], passphrase: 'apa-saja' } });
    // Open again: the key is looked up (sekda has no PKCS#12 in this stack's keystore: 422), not refused as locked.
    expect(after.status).not.toBe(423);
    expect(after.status).toBeLessThan(500);
  });
});

describe('trust proxy', () => {
  const qr = () => `/api/verify/${randomBytes(32).toString('base64url')}`;

  test('a client that is no configured proxy cannot pick its address with X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await call('GET', qr(), { from: '127.0.0.61', headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } })).status);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
  });

  test('the configured proxy is believed: its clients are counted apart', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await call('GET', qr(), { from: '127.0.0.1', headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } })).status);
    expect(statuses.every((s) => s === 404)).toBe(true);
  });

  test('the sign-in throttle keys on the same client address', async () => {
    expect((await login('kabid.aptika', '127.0.0.62', 'salah')).status).toBe(401);
    // Same untrusted peer, another claimed address: still the same client.
    const spoofed = await call('POST', '/api/auth/login', { from: '127.0.0.62', headers: { 'x-forwarded-for': '192.0.2.9' }, body: { username: 'kabid.aptika', password: 'salah' } });
    expect(spoofed.status).toBe(429);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Router } from 'express';
import pg from 'pg';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
let db: pg.Client;
const pos = (key: string) => t.seed.positionIds[key]!;
const secrets: string[] = [];

beforeAll(async () => {
  t = await startTestApi({ UPLOAD_LIMIT_MB: '1' });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

async function problem(res: Response): Promise<{ status: number; code: string; field?: string }> {
  if (!res.headers.get('content-type')?.includes('application/problem+json')) throw new Error(`${res.url} answered ${res.status} ${await res.text()}`);
  return { status: res.status, ...((await res.json()) as { code: string; field?: string }) };
}

async function samplePdf(pages = 1): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawText(`Nota Dinas halaman ${i + 1}`, { x: 72, y: 770, size: 12, font });
  return pdf.save();
}

describe('bad input names the field', () => {
  interface BodyCase { path: string; user: string; valid: () => Record<string, unknown>; bad: Record<string, unknown[]> }
  const cases: BodyCase[] = [
    { path: '/auth/login', user: '', valid: () => ({ username: 'staf.kominfo', password: 'naskah-demo' }),
      bad: { username: ['', 42, null, 'x'.repeat(65)], password: ['', 7, 'y'.repeat(257)] } },
    { path: '/documents', user: 'staf.kominfo', valid: () => ({ type: 'nota_dinas', hal: 'Permohonan data', archiveCode: '000.1.2.3', kepada: [{ name: 'Kepala Dinas' }] }),
      bad: { type: ['surat_cinta', 3], hal: ['', 'ab', 'x'.repeat(1001)], sifat: ['kilat'], classification: ['top_secret'], archiveCode: ['abc', '000..1', 12],
        lampiran: [-1, 1.5, 'dua'], kepada: [[], 'Kepala', [{}], [{ name: 'x', positionId: -3 }]], tembusan: ['Sekda', [{ name: '' }]],
        content: ['teks', [1]], reviewerPositionIds: [[1, 2, 3, 4], ['a']], signerPositionId: [0, 'kadis'], bogus: [1] } },
    { path: '/incoming-letters', user: 'tu.kominfo', valid: () => ({ senderName: 'BSSN', senderNumber: 'B-1/2025', senderDate: '2025-01-02', hal: 'Pemberitahuan' }),
      bad: { senderName: ['', 5], senderNumber: [''], senderDate: ['kemarin', '2025-13-45'], receivedAt: ['bukan tanggal'], sifat: ['x'], classification: ['x'],
        hal: [''], addressedToId: ['satu', -1], agendaNumber: [''] } },
    { path: '/dispositions', user: 'kadis.kominfo', valid: () => ({ incomingLetterId: 1, toPositionIds: [1], instruction: 'Untuk diketahui' }),
      bad: { incomingLetterId: ['x', 0], toPositionIds: [[], 'all', [0]], instruction: ['', 'ok'], note: [5], deadline: ['besok sore'], parentId: ['a'] } },
    { path: '/agreements', user: 'kadis.kominfo', valid: () => ({ kind: 'kinerja', title: 'Perjanjian Kinerja 2025', year: 2025, parties: [1, 2] }),
      bad: { kind: ['kontrak'], title: [''], year: [1999, 'dua ribu'], parties: [[1], [1, 'x']], parallel: ['ya'],
        indicators: [[{ code: 'IKU1' }], [{ code: 'IKU1', name: 'Indeks SPBE', unit: 'indeks', targetYear: -1, targetQuarters: [1, 2, 3, 4] }]] } },
    { path: '/agencies', user: 'admin', valid: () => ({ code: 'Disdik', name: 'Dinas Pendidikan' }),
      bad: { code: ['', 'a b', '1abc'], name: ['ab'], email: ['bukan-email'], postalCode: ['7227'] } },
    { path: '/positions', user: 'admin', valid: () => ({ agencyId: 1, title: 'Kepala Seksi' }),
      bad: { agencyId: ['x'], title: [''], eselon: ['VI.c', 'kepala'], superiorId: [-1] } },
    { path: '/people', user: 'admin', valid: () => ({ name: 'Pegawai', nik: '6310011111110001', agencyId: 1 }),
      bad: { name: [''], nip: ['123', '12345678901234567a'], nik: ['123', 6310011111110001], email: ['x@'], agencyId: [null] } },
    { path: '/users', user: 'admin', valid: () => ({ personId: 1, username: 'pegawai.baru', password: 'sandi-panjang-sekali', roles: ['drafter'] }),
      bad: { personId: ['x'], username: ['A B', 'ab'], password: ['pendek'], roles: [[], ['raja']], classifiedAccess: ['ya'], active: [1] } },
    { path: '/delegations', user: 'admin', valid: () => ({ kind: 'plh', positionId: 1, delegateId: 1, validFrom: '2025-01-01', validTo: '2025-01-05', reason: 'Cuti tahunan' }),
      bad: { kind: ['wakil'], positionId: ['x'], delegateId: [0], validFrom: ['x'], validTo: ['2024-12-31', 'x'], reason: [''] } },
  ];
  for (const c of cases) {
    test(`POST ${c.path}`, async () => {
      const token = c.user ? await t.login(c.user) : undefined;
      const failures: string[] = [];
      for (const [field, values] of Object.entries(c.bad)) {
        for (const value of values) {
          const body = { ...c.valid(), [field]: value };
          const res = await t.request('POST', c.path, { token, body });
          const p = await problem(res);
          if (![400, 422].includes(p.status) || !(p.field ?? '').startsWith(field)) failures.push(`${field}=${JSON.stringify(value)} → ${p.status} ${p.code} field=${p.field}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  test('malformed JSON, wrong ids and bad list parameters are 400/404 problems, never 500', async () => {
    const token = await t.login('staf.kominfo');
    const raw = await fetch(`${t.api.url}/api/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"hal": ' });
    expect(await problem(raw)).toMatchObject({ status: 400, field: '(body)' });
    // A path id that names no record (not a number, beyond int4) is a record the caller cannot see: 404, like a hidden one.
    expect(await problem(await t.request('GET', '/documents/abc', { token }))).toMatchObject({ status: 404, field: 'id' });
    expect(await problem(await t.request('GET', '/documents/2147483648', { token }))).toMatchObject({ status: 404, field: 'id' });
    expect(await problem(await t.request('GET', '/documents/999999', { token }))).toMatchObject({ status: 404 });
    expect(await problem(await t.request('GET', '/documents?sort=["password","ASC"]', { token }))).toMatchObject({ status: 400, field: 'sort' });
    // Well-formed (two integers, as documented) but in the wrong order: 422, like every rule a schema cannot state.
    expect(await problem(await t.request('GET', '/documents?range=[5,1]', { token }))).toMatchObject({ status: 422, field: 'range' });
    expect(await problem(await t.request('GET', '/documents?range=oops', { token }))).toMatchObject({ status: 400, field: 'range' });
    expect(await problem(await t.request('GET', `/documents?filter=${encodeURIComponent('{"drafter_id; drop table document":1}')}`, { token }))).toMatchObject({ status: 400 });
    expect(await problem(await t.request('GET', `/documents?filter=${encodeURIComponent('{"agencyId":"dua"}')}`, { token }))).toMatchObject({ status: 400, field: 'filter.agencyId' });
    expect(await problem(await t.request('GET', '/inbox?queue=semua', { token }))).toMatchObject({ status: 400, field: 'queue' });
    expect(await problem(await t.request('POST', '/documents', { token, body: { type: 'memo', hal: 'Memo uji', archiveCode: '000.1', kepada: [{ name: 'x', positionId: 99999 }] } })))
      .toMatchObject({ status: 422, code: 'REFERENCE_NOT_FOUND', field: 'kepada.0.positionId' });
  });
});

describe('lists: pagination, sort and filters (simple-REST dialect)', () => {
  const created: number[] = [];
  beforeAll(async () => {
    const token = await t.login('kabid.aptika');
    for (let i = 1; i <= 30; i++) {
      const res = await t.request('POST', '/documents', { token, body: {
        type: i % 3 === 0 ? 'surat_undangan' : 'nota_dinas', hal: `Rapat koordinasi SPBE ke-${String(i).padStart(2, '0')}`,
        sifat: i % 5 === 0 ? 'segera' : 'biasa', archiveCode: '000.1.2.3', kepada: [{ name: 'Para Kepala Bidang' }] } });
      created.push(((await res.json()) as { id: number }).id);
    }
  });

  // The documents list is not counted (issue 20): a page with a next one says `/*` and X-Has-Next-Page: true
  // (react-admin's partial pagination); the last page knows its total (offset + rows).
  test('range gives pages; Content-Range says whether more follow, and the total on the last page', async () => {
    const token = await t.login('kabid.aptika');
    const filter = encodeURIComponent(JSON.stringify({ q: 'Rapat koordinasi SPBE' }));
    const page1 = await t.request('GET', `/documents?filter=${filter}&sort=${encodeURIComponent('["hal","ASC"]')}&range=[0,9]`, { token });
    expect(page1.headers.get('content-range')).toBe('items 0-9/*');
    expect(page1.headers.get('x-has-next-page')).toBe('true');
    expect(page1.headers.get('access-control-expose-headers')).toContain('Content-Range');
    expect(page1.headers.get('access-control-expose-headers')).toContain('X-Has-Next-Page');
    const rows1 = (await page1.json()) as { hal: string }[];
    expect(rows1.map((r) => r.hal)[0]).toBe('Rapat koordinasi SPBE ke-01');
    const page3 = await t.request('GET', `/documents?filter=${filter}&sort=${encodeURIComponent('["hal","ASC"]')}&range=[20,29]`, { token });
    expect(page3.headers.get('content-range')).toBe('items 20-29/30');
    expect(page3.headers.get('x-has-next-page')).toBe('false');
    expect(((await page3.json()) as { hal: string }[]).at(-1)!.hal).toBe('Rapat koordinasi SPBE ke-30');
    const beyond = await t.request('GET', `/documents?filter=${filter}&range=[40,49]`, { token });
    // Past the end an empty page cannot tell the total, only that nothing follows.
    expect(beyond.headers.get('content-range')).toBe('items 40-40/*');
    expect(beyond.headers.get('x-has-next-page')).toBe('false');
    expect(await beyond.json()).toEqual([]);
  });

  test('filters combine; an array value means any of; getMany by id works', async () => {
    const token = await t.login('kabid.aptika');
    const get = async (f: Record<string, unknown>) => {
      const res = await t.request('GET', `/documents?filter=${encodeURIComponent(JSON.stringify({ q: 'Rapat koordinasi', ...f }))}&range=[0,99]`, { token });
      return (await res.json()) as { id: number; type: string; sifat: string }[];
    };
    expect((await get({ type: 'surat_undangan' })).length).toBe(10);
    expect((await get({ type: 'surat_undangan', sifat: 'segera' })).length).toBe(2);
    expect((await get({ sifat: ['segera', 'biasa'] })).length).toBe(30);
    expect((await get({ id: created.slice(0, 3) })).map((d) => d.id).sort()).toEqual(created.slice(0, 3).sort());
    expect((await get({ status: 'signed' })).length).toBe(0);
  });
});

describe('documents: PDF upload and download', () => {
  let documentId: number;
  beforeAll(async () => {
    const res = await t.request('POST', '/documents', { token: await t.login('staf.kominfo'), body: { type: 'nota_dinas', hal: 'Laporan gangguan jaringan', archiveCode: '000.1.2.3', kepada: [{ positionId: pos('kadis.kominfo'), name: 'Kepala Dinas' }],
      reviewerPositionIds: [pos('kabid.aptika')] } });
    documentId = ((await res.json()) as { id: number }).id;
  });

  test('a PDF is stored with its sha256, downloaded byte-identical, and the version is audited', async () => {
    const token = await t.login('staf.kominfo');
    const bytes = await samplePdf(2);
    const res = await t.request('POST', `/documents/${documentId}/versions`, { token, raw: Buffer.from(bytes), headers: { 'content-type': 'application/pdf' } });
    expect(res.status).toBe(201);
    const version = (await res.json()) as { no: number; sha256: string; size: number };
    expect(version).toEqual({ no: 1, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    const download = await t.request('GET', `/documents/${documentId}/versions/1/pdf`, { token });
    expect(download.status).toBe(200);
    expect(download.headers.get('x-content-sha256')).toBe(version.sha256);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await samplePdf(1))], { type: 'application/pdf' }), 'konsep.pdf');
    const multipart = await fetch(`${t.api.url}/api/documents/${documentId}/versions?reason=revision`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(multipart.status).toBe(201);
    expect(((await multipart.json()) as { no: number }).no).toBe(2);
    const [n] = (await db.query(`select count(*)::int as n from audit_event where action = 'document.version_added' and subject_id = $1`, [String(documentId)])).rows;
    expect(n.n).toBe(2);
    // Someone in another agency cannot fetch it.
    expect((await t.request('GET', `/documents/${documentId}/versions/1/pdf`, { token: await t.login('kabid.bappeda') })).status).toBe(404);
  });

  test('wrong type 415, truncated 422, too large 413, wrong owner 403, not a party 404 — and nothing is recorded', async () => {
    const token = await t.login('staf.kominfo');
    const before = (await db.query('select count(*)::int as n from document_version')).rows[0].n;
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2048, 1)]);
    expect(await problem(await t.request('POST', `/documents/${documentId}/versions`, { token, raw: png, headers: { 'content-type': 'application/pdf' } })))
      .toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'file' });
    expect(await problem(await t.request('POST', `/documents/${documentId}/versions`, { token, raw: 'hello', headers: { 'content-type': 'text/plain' } })))
      .toMatchObject({ status: 415 });
    const truncated = Buffer.from(await samplePdf(1)).subarray(0, 600);
    expect(await problem(await t.request('POST', `/documents/${documentId}/versions`, { token, raw: truncated, headers: { 'content-type': 'application/pdf' } })))
      .toMatchObject({ status: 422, code: 'PDF_MALFORMED' });
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1_200_000, 32), Buffer.from('\nstartxref\n0\n%%EOF\n')]);
    expect(await problem(await t.request('POST', `/documents/${documentId}/versions`, { token, raw: big, headers: { 'content-type': 'application/pdf' } })))
      .toMatchObject({ status: 413, field: 'file' });
    // The reviewer sees the konsep but only its drafter adds versions; a colleague outside its routing does not see it at all.
    expect(await problem(await t.request('POST', `/documents/${documentId}/versions`, { token: await t.login('kabid.aptika'), raw: Buffer.from(await samplePdf()), headers: { 'content-type': 'application/pdf' } })))
      .toMatchObject({ status: 403 });
    expect(await problem(await t.request('POST', `/documents/${documentId}/versions`, { token: await t.login('sekdis.kominfo'), raw: Buffer.from(await samplePdf()), headers: { 'content-type': 'application/pdf' } })))
      .toMatchObject({ status: 404 });
    expect((await db.query('select count(*)::int as n from document_version')).rows[0].n).toBe(before);
  });
});

describe('sign-in', () => {
  test('login returns tokens and the user; refresh issues a new pair; me works', async () => {
    const res = await t.request('POST', '/auth/login', { body: { username: 'kadis.kominfo', password: 'naskah-demo' } });
    const session = (await res.json()) as { token: string; refreshToken: string; user: { roles: string[]; agency: { code: string } } };
    secrets.push(session.token, session.refreshToken);
    expect(session.user).toMatchObject({ roles: ['signer', 'leader', 'reviewer'], agency: { code: 'Diskominfosp' } });
    const refreshed = await t.request('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    // A refresh token is not an access token, and vice versa.
    expect((await t.request('GET', '/auth/me', { token: session.refreshToken })).status).toBe(401);
    expect((await t.request('POST', '/auth/refresh', { body: { refreshToken: session.token } })).status).toBe(401);
  });

  test('wrong password is 401 naming no user; the next try from the same client waits (429 + Retry-After); the admin unlock clears it', async () => {
    const wrong = await t.request('POST', '/auth/login', { body: { username: 'tu.bappeda', password: 'salah-sandi' } });
    expect(await problem(wrong)).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    const unknown = await t.request('POST', '/auth/login', { body: { username: 'tidak.ada', password: 'salah-sandi' } });
    expect(await problem(unknown)).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    const waiting = await t.request('POST', '/auth/login', { body: { username: 'tu.bappeda', password: 'naskah-demo' } });
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(0);
    const admin = await t.login('admin');
    expect((await t.request('PUT', `/users/${t.seed.userIds['tu.bappeda']}`, { token: admin, body: { unlock: true } })).status).toBe(200);
    expect((await t.request('POST', '/auth/login', { body: { username: 'tu.bappeda', password: 'naskah-demo' } })).status).toBe(200);
  });
});

describe('audit trail through the API', () => {
  test('every state change wrote an audit event; verify is ok, then names the tampered link', async () => {
    const auditor = await t.login('auditor.inspektorat');
    const before = (await db.query('select count(*)::int as n from audit_event')).rows[0].n;
    const token = await t.login('kadis.kominfo');
    const res = await t.request('POST', '/delegations', { token, body: { kind: 'plh', positionId: pos('kadis.kominfo'), delegateId: t.seed.userIds['sekdis.kominfo'] && (await db.query(`select person_id from app_user where username = 'sekdis.kominfo'`)).rows[0].person_id,
      validFrom: '2025-05-01', validTo: '2025-05-03', reason: 'Mengikuti rakornas' } });
    expect(res.status).toBe(201);
    expect((await db.query('select count(*)::int as n from audit_event')).rows[0].n).toBe(before + 1);
    const ok = (await (await t.request('GET', '/audit/verify', { token: auditor })).json()) as { ok: boolean; checked: number };
    expect(ok).toMatchObject({ ok: true, checked: before + 1 });
    const list = await t.request('GET', `/audit-events?filter=${encodeURIComponent('{"action":"delegation.created"}')}`, { token: auditor });
    expect(((await list.json()) as { action: string }[])[0]!.action).toBe('delegation.created');
    await db.query(`update audit_event set actor_name = 'orang lain' where seq = 3`);
    const broken = (await (await t.request('GET', '/audit/verify', { token: auditor })).json()) as { ok: boolean; firstBreak: { seq: number; reason: string } };
    expect(broken).toMatchObject({ ok: false, firstBreak: { seq: 3, reason: 'hash_mismatch' } });
  });
});

describe('OpenAPI and docs', () => {
  function expressRoutes(): string[] {
    const found: string[] = [];
    const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[], prefix: string) => {
      for (const layer of stack) {
        if (layer.route) for (const m of Object.keys(layer.route.methods)) found.push(`${m} ${prefix}${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack as never, prefix);
      }
    };
    const appRouter = (t.api.app as unknown as { router: Router }).router;
    for (const layer of appRouter.stack as unknown as { handle?: { stack?: unknown[] }; matchers?: ((p: string) => unknown)[] }[]) {
      // The /api mount: its nested router holds every API route.
      if (layer.handle?.stack && layer.matchers?.[0]?.('/api/health')) walk(layer.handle.stack as never, '');
    }
    return found;
  }

  test('every express route under /api is in /api/openapi.json', async () => {
    const spec = (await (await t.request('GET', '/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(spec.openapi).toBe('3.1.0');
    const routes = expressRoutes();
    expect(routes.length).toBeGreaterThan(35);
    const missing = routes.filter((r) => {
      const [method, path] = r.split(' ') as [string, string];
      return !spec.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method];
    });
    expect(missing).toEqual([]);
  });

  test('/api/docs renders every path as HTML without external resources', async () => {
    const res = await t.request('GET', '/docs');
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<code>/api/inbox</code>');
    expect(html).toContain('<code>/api/documents/{id}/versions</code>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!localhost)[a-z]/i);
  });
});

describe('logs', () => {
  test('a full run logged requests with ids but never a password, token or passphrase', async () => {
    secrets.push(await t.login('staf.kominfo'), await t.login('admin'));
    const text = t.logs.join('');
    expect(t.logs.length).toBeGreaterThan(50);
    expect(text).toMatch(/"req":\{"id":/);
    for (const secret of ['naskah-demo', 'salah-sandi', 'sandi-panjang-sekali', 'naskah-demo-ttd', '$argon2', ...secrets]) {
      expect([secret.slice(0, 12), text.includes(secret)]).toEqual([secret.slice(0, 12), false]);
    }
  });
});

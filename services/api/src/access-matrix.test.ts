// Every demo role tried on every route: allowed ones succeed, the others get
// 403 (role, or an action beyond seeing) or 404 (not visible: asked first),
// and no record leaks across agencies or security classification. Expected
// answers follow services/domain/src/access/README.md; the generated matrix
// (openapi-access-matrix.test.ts) tries every operation with a path id on many
// more records, this file the routes without one and the actions beyond seeing.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { startTestApi, type TestApi } from '@naskah/api/testing';

const users = ['bupati', 'sekda', 'kadis.kominfo', 'sekdis.kominfo', 'kabid.aptika', 'staf.kominfo', 'tu.kominfo',
  'kadis.bappeda', 'kabid.bappeda', 'tu.bappeda', 'staf.bappeda', 'inspektur', 'auditor.inspektorat', 'auditor.rahasia', 'admin'] as const;
type User = (typeof users)[number];
const drafters: User[] = ['sekdis.kominfo', 'kabid.aptika', 'staf.kominfo', 'kabid.bappeda', 'staf.bappeda'];
const secretariat: User[] = ['tu.kominfo', 'tu.bappeda'];
const leaders: User[] = ['bupati', 'sekda', 'kadis.kominfo', 'kadis.bappeda', 'inspektur'];

let t: TestApi;
let db: pg.Client;
const ids: Record<string, number> = {};
const pos = (key: string) => t.seed.positionIds[key]!;

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(text, params)).rows;
}

beforeAll(async () => {
  t = await startTestApi({}, { worker: true });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  const staf = await t.login('staf.kominfo');
  const draft = async (token: string, body: Record<string, unknown>) => {
    const res = await t.request('POST', '/documents', { token, body: { type: 'nota_dinas', archiveCode: '000.1.2.3', ...body } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: number }).id;
  };
  // A Biasa draft in Diskominfosp, routed through Kabid Aptika and the Kepala Dinas.
  ids['biasa'] = await draft(staf, { hal: 'Permohonan data statistik sektoral', kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }],
    reviewerPositionIds: [pos('kabid.aptika')], signerPositionId: pos('kadis.kominfo') });
  // A Rahasia letter from Diskominfosp to the Kepala Bappeda, already delivered.
  ids['rahasia'] = await draft(staf, { hal: 'Hasil audit keamanan informasi', classification: 'rahasia', kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }] });
  await sql(`update document set status = 'distributed' where id = $1`, [ids['rahasia']]);
  await sql(`update document_recipient set delivered_at = now() where document_id = $1`, [ids['rahasia']]);
  // A Biasa draft inside Bappeda.
  ids['bappeda'] = await draft(await t.login('kabid.bappeda'), { hal: 'Bahan musrenbang kecamatan', kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }] });
  // A surat masuk for the Kepala Dinas Kominfo.
  const letter = await t.request('POST', '/incoming-letters', { token: await t.login('tu.kominfo'), body: {
    senderName: 'Kementerian Komunikasi dan Digital', senderNumber: 'B-123/DJAI/2025', senderDate: '2025-02-03',
    hal: 'Undangan sosialisasi SPBE', addressedToId: pos('kadis.kominfo') } });
  expect(letter.status).toBe(201);
  ids['letter'] = ((await letter.json()) as { id: number }).id;
  const [user] = await sql<{ id: number }>(`select id from app_user where username = 'staf.kominfo'`);
  ids['stafUser'] = user!.id;
  // An agreement of Diskominfosp with one indicator per demo user.
  const agreement = await t.request('POST', '/agreements', { token: await t.login('kadis.kominfo'), body: {
    kind: 'kinerja', title: 'Perjanjian Kinerja Kepala Diskominfosp 2025', year: 2025, parties: [pos('kadis.kominfo'), pos('bupati')],
    indicators: users.map((u, i) => ({ code: `IKU${i + 1}`, name: `Indeks layanan ${u}`, unit: 'persen', targetYear: 100, targetQuarters: [25, 50, 75, 100] })) } });
  expect(agreement.status).toBe(201);
  ids['agreement'] = ((await agreement.json()) as { id: number }).id;
  // Dispositions from the Kepala Dinas to the Kabid Aptika: one to follow up, one per user to try withdrawing. Only one
  // open disposition from the same disposer to the same position per letter: each withdrawal fixture has a letter of its own.
  const dispose = async (incomingLetterId: number) => {
    const res = await t.request('POST', '/dispositions', { token: await t.login('kadis.kominfo'), body: { incomingLetterId, toPositionIds: [pos('kabid.aptika')], instruction: 'Untuk diketahui' } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { ids: number[] }).ids[0]!;
  };
  ids['followUp'] = await dispose(ids['letter']);
  for (const u of users) {
    const another = await t.request('POST', '/incoming-letters', { token: await t.login('tu.kominfo'), body: {
      senderName: 'Kementerian Komunikasi dan Digital', senderNumber: `B-124/DJAI/2025/${u}`, senderDate: '2025-02-03',
      hal: `Undangan sosialisasi SPBE (${u})`, addressedToId: pos('kadis.kominfo') } });
    ids[`withdraw.${u}`] = await dispose(((await another.json()) as { id: number }).id);
  }
  // One Plh delegation of the Kepala Dinas per user, so each tries to revoke a live one.
  for (const r of await sql<{ username: string; person_id: number }>('select username, person_id from app_user')) personIds[r.username] = r.person_id;
  for (const u of users) {
    const res = await t.request('POST', '/delegations', { token: await t.login('admin'), body: { kind: 'plh', positionId: pos('kadis.kominfo'), delegateId: personIds['sekdis.kominfo'],
      validFrom: '2025-06-01', validTo: '2025-06-02', reason: `Uji pencabutan ${u}` } });
    ids[`delegation.${u}`] = ((await res.json()) as { id: number }).id;
  }
});

async function samplePdf(): Promise<Buffer> {
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  return Buffer.from(await pdf.save());
}
afterAll(async () => {
  await db.end();
  await t.stop();
});

/** Who may read each fixture (everyone else gets 404), from the README's "Who sees what". */
const readers: Record<string, User[]> = {
  // A konsep: its drafter and whoever acts for a reviewer or signer step.
  biasa: ['staf.kominfo', 'kabid.aptika', 'kadis.kominfo'],
  // Final Rahasia without routing steps: the drafter, the delivered recipient (nobody is over the Kepala Bappeda inside
  // Bappeda); the Sekda and Bupati are over it but outside its agency and without the grant; the Inspektur's grant
  // covers the Inspektorat only (he is over no recipient elsewhere); auditor.rahasia is an auditor with the grant.
  rahasia: ['staf.kominfo', 'kadis.bappeda', 'auditor.rahasia'],
  // A konsep with no steps: its drafter only.
  bappeda: ['kabid.bappeda'],
  // A Biasa surat masuk of Diskominfosp to its head, disposed to the Kabid Aptika: the agency, the registrar, those
  // over the addressee or a disposition recipient (Sekda, Bupati), auditors.
  letter: ['bupati', 'sekda', 'kadis.kominfo', 'sekdis.kominfo', 'kabid.aptika', 'staf.kominfo', 'tu.kominfo', 'admin', 'auditor.inspektorat', 'auditor.rahasia'],
  // One branch of it (Kepala Dinas → Kabid Aptika): who sees the letter and is over its sender or recipient, the
  // agency's TU, auditors.
  disposition: ['bupati', 'sekda', 'kadis.kominfo', 'kabid.aptika', 'tu.kominfo', 'auditor.inspektorat', 'auditor.rahasia'],
  // Diskominfosp's agreement with parties Kepala Dinas and Bupati: the agency, those over a party, auditors.
  agreement: ['bupati', 'sekda', 'kadis.kominfo', 'sekdis.kominfo', 'kabid.aptika', 'staf.kominfo', 'tu.kominfo', 'admin', 'auditor.inspektorat', 'auditor.rahasia'],
  // A Plh for the Kepala Dinas Kominfo: the delegate, those over the position, the agency's leaders and TU, admins, auditors.
  delegation: ['sekdis.kominfo', 'kadis.kominfo', 'sekda', 'bupati', 'tu.kominfo', 'admin', 'auditor.inspektorat', 'auditor.rahasia'],
  // The Bupati's certificate: its holder, admins, auditors.
  certificate: ['bupati', 'admin', 'auditor.inspektorat', 'auditor.rahasia'],
};
/** `ok` for those who may act, `seen` (403 unless given) for the others who see the record, 404 for everyone else. */
const acting = (record: string, who: User[], ok: number, seen = 403) => (u: User) => (who.includes(u) ? ok : readers[record]!.includes(u) ? seen : 404);

interface Case { name: string; run: (user: User, token: string) => Promise<Response>; allowed: (user: User) => number | number[] }
let seq = 0;
const next = () => ++seq;
const everyone = () => 200;
const only = (who: User[], ok = 200, otherwise = 403) => (u: User) => (who.includes(u) ? ok : otherwise);

const cases: Case[] = [
  { name: 'GET /auth/me', run: (_u, token) => t.request('GET', '/auth/me', { token }), allowed: everyone },
  { name: 'GET /inbox', run: (_u, token) => t.request('GET', '/inbox?queue=to-sign', { token }), allowed: everyone },
  { name: 'GET /inbox/notifications', run: (_u, token) => t.request('GET', '/inbox/notifications', { token }), allowed: everyone },
  // Everyone gets figures: leaders, admins and auditors for every agency, the others for their own (dashboard.test.ts).
  { name: 'GET /dashboard', run: (_u, token) => t.request('GET', '/dashboard', { token }), allowed: everyone },
  { name: 'GET /dashboard/agencies', run: (_u, token) => t.request('GET', '/dashboard/agencies', { token }), allowed: everyone },
  { name: 'GET /dashboard/signing-gateways', run: (_u, token) => t.request('GET', '/dashboard/signing-gateways', { token }), allowed: only(['admin']) },
  { name: 'GET /documents', run: (_u, token) => t.request('GET', '/documents', { token }), allowed: everyone },
  ...['biasa', 'rahasia', 'bappeda'].map((key): Case => ({
    name: `GET /documents/:id (${key})`, run: (_u, token) => t.request('GET', `/documents/${ids[key]}`, { token }),
    allowed: only(readers[key]!, 200, 404),
  })),
  { name: 'POST /documents', run: (_u, token) => t.request('POST', '/documents', { token, body: { type: 'memo', hal: `Memo ${next()}`, archiveCode: '000.1', kepada: [{ name: 'Yth. Kepala Bidang' }] } }), allowed: only(drafters, 201) },
  { name: 'PUT /documents/:id', run: (_u, token) => t.request('PUT', `/documents/${ids['biasa']}`, { token, body: { lampiran: 1 } }),
    allowed: acting('biasa', ['staf.kominfo'], 200) },
  { name: 'GET /incoming-letters', run: (_u, token) => t.request('GET', '/incoming-letters', { token }), allowed: everyone },
  { name: 'GET /incoming-letters/:id', run: (_u, token) => t.request('GET', `/incoming-letters/${ids['letter']}`, { token }),
    allowed: only(readers['letter']!, 200, 404) },
  { name: 'POST /incoming-letters', run: (_u, token) => t.request('POST', '/incoming-letters', { token, body: { senderName: 'BSSN', senderNumber: `B-${next()}/BSSN/2025`, senderDate: '2025-01-02', hal: 'Pemberitahuan' } }), allowed: only(secretariat, 201) },
  { name: 'PUT /incoming-letters/:id', run: (_u, token) => t.request('PUT', `/incoming-letters/${ids['letter']}`, { token, body: { sifat: 'segera' } }),
    allowed: acting('letter', ['tu.kominfo'], 200) },
  { name: 'POST /incoming-letters/:id/scan', run: async (_u, token) => t.request('POST', `/incoming-letters/${ids['letter']}/scan`, { token, raw: await samplePdf(), headers: { 'content-type': 'application/pdf' } }),
    allowed: acting('letter', ['tu.kominfo'], 200) },
  { name: 'GET /incoming-letters/:id/scan', run: (_u, token) => t.request('GET', `/incoming-letters/${ids['letter']}/scan`, { token }),
    allowed: only(readers['letter']!, 200, 404) },
  { name: 'GET /dispositions', run: (_u, token) => t.request('GET', '/dispositions', { token }), allowed: everyone },
  // To the Sekretaris Dinas: the Kabid Aptika already has an open disposition from the Kepala Dinas on this letter (a second one is 409).
  { name: 'POST /dispositions', run: (_u, token) => t.request('POST', '/dispositions', { token, body: { incomingLetterId: ids['letter'], toPositionIds: [pos('sekdis.kominfo')], instruction: 'Mohon ditindaklanjuti' } }),
    allowed: acting('letter', ['kadis.kominfo'], 201) },
  { name: 'GET /agreements', run: (_u, token) => t.request('GET', '/agreements', { token }), allowed: everyone },
  { name: 'POST /agreements', run: (_u, token) => t.request('POST', '/agreements', { token, body: { kind: 'kinerja', title: `Perjanjian Kinerja ${next()}`, year: 2025, parties: [pos('kadis.kominfo'), pos('bupati')] } }),
    allowed: only([...new Set([...drafters, ...secretariat, ...leaders])], 201) },
  { name: 'GET /agencies', run: (_u, token) => t.request('GET', '/agencies', { token }), allowed: everyone },
  { name: 'POST /agencies', run: (_u, token) => t.request('POST', '/agencies', { token, body: { code: `Kec${next()}`, name: 'Kecamatan Simpang Empat' } }), allowed: only(['admin'], 201) },
  { name: 'PUT /agencies/:id', run: (_u, token) => t.request('PUT', `/agencies/${t.seed.agencyIds['BPKAD']}`, { token, body: { phone: '(0518) 6070521' } }), allowed: only(['admin']) },
  { name: 'GET /positions', run: (_u, token) => t.request('GET', '/positions', { token }), allowed: everyone },
  { name: 'POST /positions', run: (_u, token) => t.request('POST', '/positions', { token, body: { agencyId: t.seed.agencyIds['BPKAD'], title: `Kepala Bidang Anggaran ${next()}`, eselon: 'III.b', superiorId: pos('kaban.bpkad') } }), allowed: only(['admin'], 201) },
  { name: 'GET /people', run: (_u, token) => t.request('GET', '/people', { token }), allowed: everyone },
  { name: 'POST /people', run: (_u, token) => t.request('POST', '/people', { token, body: { name: 'Pegawai Baru', nik: `63100${String(next()).padStart(11, '0')}`, agencyId: t.seed.agencyIds['BPKAD'] } }), allowed: only(['admin'], 201) },
  { name: 'GET /users', run: (_u, token) => t.request('GET', '/users', { token }), allowed: only(['admin']) },
  { name: 'GET /users/:id', run: (_u, token) => t.request('GET', `/users/${ids['stafUser']}`, { token }), allowed: only(['admin'], 200, 404) },
  { name: 'PUT /users/:id', run: (_u, token) => t.request('PUT', `/users/${ids['stafUser']}`, { token, body: { roles: ['drafter'] } }), allowed: only(['admin'], 200, 404) },
  { name: 'POST /users', run: async (_u, token) => {
    const [person] = await sql<{ id: number }>(`select p.id from person p where not exists (select 1 from app_user u where u.person_id = p.id) order by p.id limit 1`);
    return t.request('POST', '/users', { token, body: { personId: person!.id, username: `pegawai.${next()}`, password: 'rahasia-sekali-123', roles: ['drafter'] } });
  }, allowed: only(['admin'], 201) },
  { name: 'GET /delegations', run: (_u, token) => t.request('GET', '/delegations', { token }), allowed: everyone },
  { name: 'POST /delegations (Plh for Kepala Dinas Kominfo)', run: (_u, token) => t.request('POST', '/delegations', { token, body: {
    kind: 'plh', positionId: pos('kadis.kominfo'), delegateId: t.seed.userIds['sekdis.kominfo'] && personIdOf('sekdis.kominfo'),
    validFrom: '2025-04-01T00:00:00+08:00', validTo: '2025-04-03T00:00:00+08:00', reason: 'Dinas luar daerah' } }), allowed: only(['kadis.kominfo', 'admin'], 201) },
  { name: 'GET /certificates', run: (_u, token) => t.request('GET', '/certificates', { token }), allowed: everyone },
  // Issuing: an admin for anyone, a signer for themself; the Kepala Dinas already holds one, so those allowed get 409 and no key is made.
  { name: 'POST /certificates (for a holder of one)', run: (_u, token) => t.request('POST', '/certificates', { token, body: { personId: personIdOf('kadis.kominfo'), passphrase: 'passphrase-uji-matriks' } }),
    allowed: (u) => (u === 'admin' || u === 'kadis.kominfo' ? 409 : 403) },
  { name: 'PUT /certificates/:id (already revoked)', run: async (_u, token) => {
    const [cert] = await sql<{ id: number }>(`update certificate set status = 'revoked', revoked_at = now() where person_id = $1 returning id`, [personIdOf('bupati')]);
    return t.request('PUT', `/certificates/${cert!.id}`, { token, body: { status: 'revoked' } });
  }, allowed: acting('certificate', ['admin'], 409) },
  { name: 'GET /archive', run: (_u, token) => t.request('GET', '/archive', { token }), allowed: everyone },
  { name: 'GET /archive/destruction-proposals', run: (_u, token) => t.request('GET', '/archive/destruction-proposals', { token }), allowed: only(['admin', ...secretariat]) },
  { name: 'GET /archive/retention-schedule', run: (_u, token) => t.request('GET', '/archive/retention-schedule', { token }), allowed: only(['auditor.inspektorat', 'auditor.rahasia', 'admin', ...secretariat]) },
  // The Pemda settings: public to read (sign-in and verification pages), the admin alone changes them (the seed's values, unchanged).
  { name: 'GET /settings/pemda', run: (_u, token) => t.request('GET', '/settings/pemda', { token }), allowed: everyone },
  { name: 'PUT /settings/pemda', run: (_u, token) => t.request('PUT', '/settings/pemda', { token, body: {
    name: 'Pemerintah Kabupaten Tanah Bumbu', logo: null, timeZone: 'Asia/Makassar', publicBaseUrl: 'http://localhost:3000' } }), allowed: only(['admin']) },
  { name: 'POST /auth/login (own account)', run: (u) => t.request('POST', '/auth/login', { body: { username: u, password: 'naskah-demo' } }), allowed: everyone },
  { name: 'POST /auth/refresh', run: async (u) => {
    const login = (await (await t.request('POST', '/auth/login', { body: { username: u, password: 'naskah-demo' } })).json()) as { refreshToken: string };
    return t.request('POST', '/auth/refresh', { body: { refreshToken: login.refreshToken } });
  }, allowed: everyone },
  { name: 'POST /documents/:id/versions', run: async (_u, token) => t.request('POST', `/documents/${ids['biasa']}/versions`, { token, raw: await samplePdf(), headers: { 'content-type': 'application/pdf' } }),
    allowed: acting('biasa', ['staf.kominfo'], 201) },
  { name: 'GET /documents/:id/versions/:no/pdf', run: (_u, token) => t.request('GET', `/documents/${ids['biasa']}/versions/1/pdf`, { token }), allowed: only(readers['biasa']!, 200, 404) },
  { name: 'POST /documents/:id/render', run: (_u, token) => t.request('POST', `/documents/${ids['biasa']}/render`, { token }),
    allowed: acting('biasa', ['staf.kominfo'], 201) },
  { name: 'POST /documents/:id/lampiran', run: async (_u, token) => t.request('POST', `/documents/${ids['biasa']}/lampiran`, { token, raw: await samplePdf(), headers: { 'content-type': 'application/pdf' } }),
    allowed: acting('biasa', ['staf.kominfo'], 201) },
  { name: 'GET /documents/:id/lampiran', run: (_u, token) => t.request('GET', `/documents/${ids['biasa']}/lampiran`, { token }), allowed: only(readers['biasa']!, 200, 404) },
  { name: 'DELETE /documents/:id/lampiran/:no', run: (_u, token) => t.request('DELETE', `/documents/${ids['biasa']}/lampiran/1`, { token }),
    allowed: acting('biasa', ['staf.kominfo'], 200) },
  { name: 'GET /agreements/:id', run: (_u, token) => t.request('GET', `/agreements/${ids['agreement']}`, { token }),
    allowed: only(readers['agreement']!, 200, 404) },
  { name: 'GET /agreements/:id/indicators', run: (_u, token) => t.request('GET', `/agreements/${ids['agreement']}/indicators`, { token }),
    allowed: only(readers['agreement']!, 200, 404) },
  { name: 'POST /agreements/:id/realisation', run: (u, token) => t.request('POST', `/agreements/${ids['agreement']}/realisation`, { token, body: { quarter: 1, realisations: [{ code: `IKU${users.indexOf(u) + 1}`, value: 20 }] } }),
    // The parties (Kepala Dinas, Bupati) and the agency's TU report; staff who only see it get 403. The konsep is not
    // submitted, so those who may report reach its workflow's rule: 409 AGREEMENT_NOT_SUBMITTED.
    allowed: acting('agreement', ['kadis.kominfo', 'bupati', 'tu.kominfo'], 409) },
  { name: 'POST /agreements/:id/evidence', run: async (_u, token) => t.request('POST', `/agreements/${ids['agreement']}/evidence?name=laporan.pdf`, { token, raw: await samplePdf(), headers: { 'content-type': 'application/pdf' } }),
    // Bukti dukung is uploaded by who reports the realisation: the parties and the agency's TU.
    allowed: acting('agreement', ['kadis.kominfo', 'bupati', 'tu.kominfo'], 201) },
  { name: 'GET /agreements/:id/evidence/:sha256', run: (_u, token) => t.request('GET', `/agreements/${ids['agreement']}/evidence/${'0'.repeat(64)}`, { token }),
    // No report carries this hash: 404 for everyone, those who see the agreement included (the file is not there).
    allowed: () => 404 },
  { name: 'POST /dispositions/:id/follow-up', run: (_u, token) => t.request('POST', `/dispositions/${ids['followUp']}/follow-up`, { token, body: { report: 'Sudah dihadiri, notulen terlampir.' } }),
    allowed: acting('disposition', ['kabid.aptika'], 200) },
  { name: 'POST /dispositions/:id/withdraw', run: (u, token) => t.request('POST', `/dispositions/${ids[`withdraw.${u}`]}/withdraw`, { token }), allowed: acting('disposition', ['kadis.kominfo'], 200) },
  { name: 'DELETE /delegations/:id', run: (u, token) => t.request('DELETE', `/delegations/${ids[`delegation.${u}`]}`, { token }), allowed: acting('delegation', ['kadis.kominfo', 'admin'], 200) },
  { name: 'GET /audit-events', run: (_u, token) => t.request('GET', '/audit-events', { token }), allowed: only(['auditor.inspektorat', 'auditor.rahasia', 'admin']) },
  { name: 'GET /audit/verify', run: (_u, token) => t.request('GET', '/audit/verify', { token }), allowed: only(['auditor.inspektorat', 'auditor.rahasia', 'admin']) },
];

const personIds: Record<string, number> = {};
function personIdOf(username: string): number { return personIds[username]!; }

describe('role x endpoint matrix', () => {

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const outcomes: string[] = [];
    for (const user of users) {
      const res = await c.run(user, await t.login(user));
      const expected = c.allowed(user);
      const ok = Array.isArray(expected) ? expected.includes(res.status) : res.status === expected;
      if (!ok) outcomes.push(`${user}: got ${res.status}, expected ${expected} ${res.status >= 400 ? await res.text() : ''}`);
      else if (res.status >= 400) {
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(((await res.json()) as { code: string }).code).toMatch(/^[A-Z_]+$/);
      }
    }
    expect(outcomes).toEqual([]);
  });

  test('every route refuses a request without a token (401)', async () => {
    for (const path of ['/auth/me', '/inbox', '/inbox/notifications', '/documents', '/users', '/audit/verify', `/documents/${ids['biasa']}`]) {
      const res = await t.request('GET', path);
      expect([path, res.status]).toEqual([path, 401]);
    }
    const forged = await t.request('GET', '/documents', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.bad' });
    expect(forged.status).toBe(401);
  });
});

describe('no leaks through lists', () => {
  test.each(users.map((u) => [u]))('%s lists only their own notifications', async (user) => {
    const res = await t.request('GET', '/inbox/notifications?range=[0,999]', { token: await t.login(user) });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { id: number }[] };
    const own = await sql<{ id: number }>('select n.id from notification n join app_user u on u.person_id = n.recipient_id where u.username = $1 order by n.id desc', [user]);
    expect(items.map((n) => n.id)).toEqual(own.map((n) => n.id));
  });

  test.each(users.map((u) => [u]))('%s lists only documents they may read', async (user) => {
    const res = await t.request('GET', '/documents?range=[0,999]', { token: await t.login(user) });
    const listed = new Set(((await res.json()) as { id: number }[]).map((d) => d.id));
    for (const key of ['biasa', 'rahasia', 'bappeda']) {
      expect([key, listed.has(ids[key]!)]).toEqual([key, readers[key]!.includes(user)]);
    }
  });

  test('the Rahasia letter is searchable only by those who may read it', async () => {
    const q = encodeURIComponent(JSON.stringify({ q: 'audit keamanan' }));
    for (const user of users) {
      const res = await t.request('GET', `/documents?filter=${q}`, { token: await t.login(user) });
      expect([user, res.headers.get('content-range')?.endsWith('/1')]).toEqual([user, readers['rahasia']!.includes(user)]);
    }
  });

  test('certificates: a signer sees only their own, admin and auditor all', async () => {
    const own = await t.request('GET', '/certificates', { token: await t.login('kadis.kominfo') });
    const rows = (await own.json()) as { personId: number }[];
    expect(rows.length).toBe(1);
    expect(rows[0]!.personId).toBe(personIdOf('kadis.kominfo'));
    const all = await t.request('GET', '/certificates', { token: await t.login('auditor.inspektorat') });
    expect(((await all.json()) as unknown[]).length).toBeGreaterThan(3);
    const none = await t.request('GET', '/certificates', { token: await t.login('staf.kominfo') });
    expect(await none.json()).toEqual([]);
  });

  test('users never expose password hashes; people never expose NIK', async () => {
    const users = await (await t.request('GET', '/users', { token: await t.login('admin') })).text();
    expect(users).not.toMatch(/argon2|password/i);
    const people = await (await t.request('GET', '/people?range=[0,99]', { token: await t.login('staf.kominfo') })).text();
    expect(people).not.toContain('6310035010950007');
  });

  test('a granted auditor reads Rahasia; the grant is audited', async () => {
    const auditorUser = t.seed.userIds['auditor.inspektorat']!;
    const grant = await t.request('PUT', `/users/${auditorUser}`, { token: await t.login('admin'), body: { classifiedAccess: true } });
    expect(grant.status).toBe(200);
    const res = await t.request('GET', `/documents/${ids['rahasia']}`, { token: await t.login('auditor.inspektorat') });
    expect(res.status).toBe(200);
    const [event] = await sql<{ data: { classifiedAccess: boolean } }>(`select data from audit_event where action = 'user.updated' and subject_id = $1 order by seq desc limit 1`, [String(auditorUser)]);
    expect(event!.data.classifiedAccess).toBe(true);
  });
});

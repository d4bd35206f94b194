// People and positions (issue 15, item 4): one definitive holder per position
// and a person's position in their own agency. Before, POST /people gave a
// held position of another agency to a second person (201) and routing then
// resolved that position to both people.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
let db: pg.Client;
let admin: string;
let nik = 6310090000000000;
const nextNik = () => String(++nik);
const pos = (key: string) => t.seed.positionIds[key]!;
const agency = (code: string) => t.seed.agencyIds[code]!;

beforeAll(async () => {
  t = await startTestApi();
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  admin = await t.login('admin');
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

async function problem(res: Response): Promise<{ status: number; code: string; field?: string }> {
  if (!res.headers.get('content-type')?.includes('application/problem+json')) throw new Error(`${res.url} answered ${res.status} ${await res.text()}`);
  return { status: res.status, ...((await res.json()) as { code: string; field?: string }) };
}

async function newPosition(agencyCode: string, title: string): Promise<number> {
  const res = await t.request('POST', '/positions', { token: admin, body: { agencyId: agency(agencyCode), title, superiorId: null } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

async function holdersOf(positionId: number): Promise<number> {
  const { rows } = await db.query<{ n: string }>('select count(*) as n from person where position_id = $1', [positionId]);
  return Number(rows[0]!.n);
}

describe('POST /people', () => {
  test('a position someone already holds → 409 POSITION_HELD naming positionId; nothing stored', async () => {
    const body = { name: 'Kepala Dinas Kedua', nik: nextNik(), agencyId: agency('Diskominfosp'), positionId: pos('kadis.kominfo') };
    expect(await problem(await t.request('POST', '/people', { token: admin, body }))).toMatchObject({ status: 409, code: 'POSITION_HELD', field: 'positionId' });
    expect(await holdersOf(pos('kadis.kominfo'))).toBe(1);
  });

  test('a position of another agency → 422 POSITION_OTHER_AGENCY naming positionId', async () => {
    const vacant = await newPosition('Bappeda', 'Kepala Sub Bidang Data');
    const body = { name: 'Pegawai Kominfo', nik: nextNik(), agencyId: agency('Diskominfosp'), positionId: vacant };
    expect(await problem(await t.request('POST', '/people', { token: admin, body }))).toMatchObject({ status: 422, code: 'POSITION_OTHER_AGENCY', field: 'positionId' });
    // Held and of another agency (the reproduction in the issue): refused too, the agency rule first.
    const held = { name: 'Pegawai Kominfo', nik: nextNik(), agencyId: agency('Diskominfosp'), positionId: pos('kadis.bappeda') };
    expect(await problem(await t.request('POST', '/people', { token: admin, body: held }))).toMatchObject({ status: 422, code: 'POSITION_OTHER_AGENCY', field: 'positionId' });
    expect(await holdersOf(vacant)).toBe(0);
    expect(await holdersOf(pos('kadis.bappeda'))).toBe(1);
  });

  test('a vacant position of the own agency → 201, and the directory shows the holder', async () => {
    const vacant = await newPosition('Bappeda', 'Kepala Sub Bidang Statistik');
    const res = await t.request('POST', '/people', { token: admin, body: { name: 'Rina Statistika', nik: nextNik(), agencyId: agency('Bappeda'), positionId: vacant } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const list = await t.request('GET', `/positions?filter=${encodeURIComponent(JSON.stringify({ id: vacant }))}`, { token: admin });
    expect(await list.json()).toEqual([expect.objectContaining({ id: vacant, holderId: id, holderName: 'Rina Statistika' })]);
    // The second person for the same post is refused.
    const again = await t.request('POST', '/people', { token: admin, body: { name: 'Rudi Statistika', nik: nextNik(), agencyId: agency('Bappeda'), positionId: vacant } });
    expect(await problem(again)).toMatchObject({ status: 409, code: 'POSITION_HELD', field: 'positionId' });
  });

  test('the database itself refuses a second definitive holder (partial unique index)', async () => {
    await expect(db.query(`insert into person (name, nik, agency_id, position_id) values ('Langsung', $1, $2, $3)`, [nextNik(), agency('Setda'), pos('sekda')]))
      .rejects.toThrow(/person_position_held_unique/);
    // People without a position are many.
    await db.query(`insert into person (name, nik, agency_id, position_id) values ('Tanpa Jabatan 1', $1, $2, null), ('Tanpa Jabatan 2', $3, $2, null)`, [nextNik(), agency('Setda'), nextNik()]);
  });
});

describe('PUT /people/:id', () => {
  async function person(agencyCode: string, positionId: number | null): Promise<number> {
    const res = await t.request('POST', '/people', { token: admin, body: { name: 'Pegawai Mutasi', nik: nextNik(), agencyId: agency(agencyCode), positionId } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: number }).id;
  }

  test('moving to a held position → 409; to another agency\'s position → 422; to a vacant one of the own agency → 200', async () => {
    const id = await person('BPKAD', null);
    expect(await problem(await t.request('PUT', `/people/${id}`, { token: admin, body: { positionId: pos('kaban.bpkad') } })))
      .toMatchObject({ status: 409, code: 'POSITION_HELD', field: 'positionId' });
    expect(await problem(await t.request('PUT', `/people/${id}`, { token: admin, body: { positionId: pos('inspektur') } })))
      .toMatchObject({ status: 422, code: 'POSITION_OTHER_AGENCY', field: 'positionId' });
    const vacant = await newPosition('BPKAD', 'Kepala Bidang Aset');
    const res = await t.request('PUT', `/people/${id}`, { token: admin, body: { positionId: vacant } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, agencyId: agency('BPKAD'), positionId: vacant });
    // Re-saving the own position is not a conflict with oneself.
    expect((await t.request('PUT', `/people/${id}`, { token: admin, body: { positionId: vacant, name: 'Pegawai Mutasi Baru' } })).status).toBe(200);
  });

  test('moving a holder to another agency without a new position → 422 (would hold the old agency\'s post); with one → 200', async () => {
    const oldPost = await newPosition('DPMPTSP', 'Kepala Bidang Perizinan');
    const id = await person('DPMPTSP', oldPost);
    expect(await problem(await t.request('PUT', `/people/${id}`, { token: admin, body: { agencyId: agency('BPKAD') } })))
      .toMatchObject({ status: 422, code: 'POSITION_OTHER_AGENCY', field: 'positionId' });
    const newPost = await newPosition('BPKAD', 'Kepala Bidang Anggaran');
    const res = await t.request('PUT', `/people/${id}`, { token: admin, body: { agencyId: agency('BPKAD'), positionId: newPost } });
    expect(res.status).toBe(200);
    expect(await holdersOf(oldPost)).toBe(0);
    // The vacated post can be given to someone else now.
    expect(await person('DPMPTSP', oldPost)).toBeGreaterThan(0);
  });

  test('an unknown person → 404; only admins edit', async () => {
    expect(await problem(await t.request('PUT', '/people/999999', { token: admin, body: { name: 'Siapa' } }))).toMatchObject({ status: 404 });
    const staff = await t.login('staf.kominfo');
    expect((await t.request('PUT', `/people/${t.seed.userIds['staf.kominfo']}`, { token: staff, body: { name: 'Saya' } })).status).toBe(403);
  });
});

// Issue 19: an agency name with a control character (a pasted tab or newline) polluted every chart and letterhead.
describe('names are one printed line', () => {
  test('an agency name with a control character → 422 INVALID_TEXT naming name; nothing is written', async () => {
    for (const name of ['Dinas\tPerhubungan', 'Dinas\nPerhubungan', 'Dinas \u0007Perhubungan']) {
      const res = await t.request('POST', '/agencies', { token: admin, body: { code: 'DISHUB', name } });
      expect(await problem(res)).toMatchObject({ status: 422, code: 'INVALID_TEXT', field: 'name' });
    }
    const { rows } = await db.query(`select count(*)::int as n from agency where code = 'DISHUB'`);
    expect(rows[0].n).toBe(0);
    const ok = await t.request('POST', '/agencies', { token: admin, body: { code: 'DISHUB', name: 'Dinas Perhubungan' } });
    expect(ok.status).toBe(201);
    const id = ((await ok.json()) as { id: number }).id;
    expect(await problem(await t.request('PUT', `/agencies/${id}`, { token: admin, body: { name: 'Dinas\r\nPerhubungan' } })))
      .toMatchObject({ status: 422, code: 'INVALID_TEXT', field: 'name' });
  });

  test('an agency name that names no perangkat daerah (a person, a word) → 422 AGENCY_NAME_FORM naming name; nothing is written', async () => {
    for (const name of ['Budi Santoso', 'Dinasti Jaya', 'Uji coba', 'Dinas']) {
      const res = await t.request('POST', '/agencies', { token: admin, body: { code: 'BUDI', name } });
      expect(await problem(res)).toMatchObject({ status: 422, code: 'AGENCY_NAME_FORM', field: 'name' });
    }
    const { rows } = await db.query(`select count(*)::int as n from agency where code = 'BUDI'`);
    expect(rows[0].n).toBe(0);
    for (const name of ['Kecamatan Kusan Hilir', 'Satuan Polisi Pamong Praja', 'rumah sakit umum daerah dr. H. Andi Abdurrahman Noor', 'UPTD Puskesmas Batulicin']) {
      const ok = await t.request('POST', '/agencies', { token: admin, body: { code: `OK${name.length}`, name } });
      expect(ok.status).toBe(201);
    }
    expect(await problem(await t.request('PUT', `/agencies/${agency('Setda')}`, { token: admin, body: { name: 'Ahmad Fauzan Noor, S.Sos.' } })))
      .toMatchObject({ status: 422, code: 'AGENCY_NAME_FORM', field: 'name' });
  });

  test('a position title or person name with a control character → 422 INVALID_TEXT naming the field', async () => {
    expect(await problem(await t.request('POST', '/positions', { token: admin, body: { agencyId: agency('Setda'), title: 'Kepala\tBagian', superiorId: null } })))
      .toMatchObject({ status: 422, code: 'INVALID_TEXT', field: 'title' });
    expect(await problem(await t.request('POST', '/people', { token: admin, body: { name: 'Budi\nSantoso', nik: nextNik(), agencyId: agency('Setda') } })))
      .toMatchObject({ status: 422, code: 'INVALID_TEXT', field: 'name' });
  });
});

describe('GET /positions for the pickers (issue 19)', () => {
  test('one row per jabatan with unit, agency and holder; sort "nearest": the caller\'s agency first, then agency name and title', async () => {
    const tu = await t.login('tu.bappeda');
    const res = await t.request('GET', `/positions?sort=${encodeURIComponent('["nearest","ASC"]')}&range=${encodeURIComponent('[0,99]')}`, { token: tu });
    expect(res.status).toBe(200);
    const rows = (await res.json()) as { id: number; title: string; agencyId: number; agencyCode: string; agencyName: string; unitName: string | null; holderName: string | null }[];
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const { rows: [count] } = await db.query<{ n: string }>('select count(*) as n from position');
    expect(rows).toHaveLength(Number(count!.n));
    // Bappeda's own jabatan first, by title; then the other agencies by name, each by title.
    const own = rows.filter((r) => r.agencyCode === 'Bappeda');
    expect(rows.slice(0, own.length)).toEqual(own);
    const rest = rows.slice(own.length);
    const key = (r: { agencyName: string; title: string }) => [r.agencyName, r.title] as const;
    for (let i = 1; i < rest.length; i++) {
      const [a, b] = [key(rest[i - 1]!), key(rest[i]!)];
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1])).toBe(true);
    }
    expect(own.find((r) => r.title === 'Pengelola Naskah Dinas (Tata Usaha)')).toMatchObject({ agencyName: 'Badan Perencanaan Pembangunan Daerah', unitName: null, holderName: 'Hendra Gunawan' });
    expect(rows.find((r) => r.title === 'Kepala Bidang Aplikasi Informatika')).toMatchObject({ agencyCode: 'Diskominfosp', unitName: 'Bidang Aplikasi Informatika', holderName: 'Budi Santoso Wijaya, S.T., M.Kom.' });
    // q finds jabatan by their agency's code too.
    const byAgency = await t.request('GET', `/positions?filter=${encodeURIComponent(JSON.stringify({ q: 'Inspektorat' }))}`, { token: tu });
    expect(((await byAgency.json()) as { agencyCode: string }[]).every((r) => r.agencyCode === 'Inspektorat')).toBe(true);
  });
});

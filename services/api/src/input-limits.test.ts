// Input limits at the door (issue 15, item 6): NUL and lone surrogates in any
// string or key, JSON depth and size, int4 ids and sane years. Each refusal is
// a problem naming the field; before these limits each of them was a 500 or
// was stored.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { nestedArrayPdf } from '@naskah/signing/testing';
import { startTestApi, type TestApi } from '@naskah/api/testing';
import { INT4_MAX, MAX_YEAR } from './schemas/common.js';
import { maxJsonDepth } from './http/input-limits.js';

let t: TestApi;
beforeAll(async () => { t = await startTestApi(); });
afterAll(async () => { await t.stop(); });

const draft = () => ({ type: 'nota_dinas', hal: 'Permohonan data', archiveCode: '000.1.2.3', kepada: [{ name: 'Kepala Dinas' }] as Record<string, unknown>[] });

async function problem(res: Response): Promise<{ status: number; code: string; field?: string }> {
  if (!res.headers.get('content-type')?.includes('application/problem+json')) throw new Error(`${res.url} answered ${res.status} ${await res.text()}`);
  return { status: res.status, ...((await res.json()) as { code: string; field?: string }) };
}

async function postDraft(body: unknown, raw?: string): Promise<Response> {
  const token = await t.login('staf.kominfo');
  return raw === undefined ? t.request('POST', '/documents', { token, body })
    : t.request('POST', '/documents', { token, raw, headers: { 'content-type': 'application/json' } });
}

/** `{"content":{"a":{"a":…}}}` with `depth` levels of objects counting the body itself. */
function nestedContent(depth: number): Record<string, unknown> {
  let inner: Record<string, unknown> = { teks: 'dasar' };
  // The body is level 1 and `content` level 2: depth - 2 objects from content down to the innermost.
  for (let i = 0; i < depth - 2; i++) inner = { a: inner };
  return { ...draft(), content: inner };
}

describe('text: NUL and lone surrogates', () => {
  test.each([
    ['hal', { ...draft(), hal: 'Permohonan\u0000data' }, 'hal'],
    ['kepada[].name', { ...draft(), kepada: [{ name: 'Kepala Dinas' }, { name: 'Sekretaris\u0000' }] }, 'kepada.1.name'],
    ['content', { ...draft(), content: { paragraf: ['satu', 'dua\u0000'] } }, 'content.paragraf.1'],
    ['a lone high surrogate in hal', { ...draft(), hal: 'Permohonan \ud800 data' }, 'hal'],
    ['a lone low surrogate in content', { ...draft(), content: { isi: '\udc00 isi' } }, 'content.isi'],
    ['a key of content', { ...draft(), content: { 'isi\u0000': 'x' } }, 'content.isi\\u0000'],
    ['a surrogate key of content', { ...draft(), content: { '\ud83d': 'x' } }, 'content.\\ud83d'],
  ])('%s → 422 naming the field', async (_name, body, field) => {
    expect(await problem(await postDraft(body))).toMatchObject({ status: 422, code: 'INVALID_TEXT', field });
  });

  test('a whole emoji (a surrogate pair) is fine', async () => {
    const res = await postDraft({ ...draft(), hal: 'Permohonan data 📄', content: { isi: '✓ 😀' } });
    expect(res.status).toBe(201);
  });

  test('NUL in the query string → 422 naming the parameter', async () => {
    const token = await t.login('staf.kominfo');
    const filter = encodeURIComponent(JSON.stringify({ q: 'rapat\u0000' }));
    expect(await problem(await t.request('GET', `/documents?filter=${filter}`, { token }))).toMatchObject({ status: 422, code: 'INVALID_TEXT', field: 'filter.q' });
  });
});

describe('JSON depth and size', () => {
  test(`depth ${maxJsonDepth} is accepted and stored`, async () => {
    const res = await postDraft(nestedContent(maxJsonDepth));
    expect(res.status).toBe(201);
  });

  test(`depth ${maxJsonDepth + 1} → 422 naming the level`, async () => {
    const p = await problem(await postDraft(nestedContent(maxJsonDepth + 1)));
    expect(p).toMatchObject({ status: 422, code: 'TOO_DEEP' });
    // The body is level 1, content level 2, content.a level 3: the object at level 33 is content + 31 × "a".
    expect(p.field).toBe(['content', ...Array<string>(maxJsonDepth - 1).fill('a')].join('.'));
  });

  test('content nested 5,000 levels (arrays) → 422, not 500 nor stored', async () => {
    const raw = `{"type":"nota_dinas","hal":"Permohonan data","archiveCode":"000.1.2.3","kepada":[{"name":"Kepala"}],"content":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    expect(await problem(await postDraft(undefined, raw))).toMatchObject({ status: 422, code: 'TOO_DEEP' });
  });

  test('a body over 1 MB → 413', async () => {
    const body = { ...draft(), content: { isi: 'x'.repeat(1024 * 1024) } };
    expect(await problem(await postDraft(body))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('integers within their int4 column', () => {
  const big = 2 ** 31;
  test.each([
    ['kepada[].positionId', { ...draft(), kepada: [{ name: 'Kepala', positionId: big }] }, 'kepada.0.positionId'],
    ['tembusan[].positionId', { ...draft(), tembusan: [{ name: 'Sekda', positionId: big }] }, 'tembusan.0.positionId'],
    ['reviewerPositionIds', { ...draft(), reviewerPositionIds: [big] }, 'reviewerPositionIds.0'],
    ['signerPositionId', { ...draft(), signerPositionId: big }, 'signerPositionId'],
    ['signerGroups', { ...draft(), signerGroups: [[1e20]] }, 'signerGroups.0.0'],
  ])('%s = 2^31 → 422 VALUE_OUT_OF_RANGE', async (_name, body, field) => {
    expect(await problem(await postDraft(body))).toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field });
  });

  test('INT4_MAX itself is a well-formed id (no such position: 422 REFERENCE_NOT_FOUND)', async () => {
    expect(await problem(await postDraft({ ...draft(), kepada: [{ name: 'Kepala', positionId: INT4_MAX }] })))
      .toMatchObject({ status: 422, code: 'REFERENCE_NOT_FOUND', field: 'kepada.0.positionId' });
  });

  test('agreement parties, disposition targets and the person of a new login', async () => {
    const kadis = await t.login('kadis.kominfo');
    expect(await problem(await t.request('POST', '/agreements', { token: kadis, body: { kind: 'kinerja', title: 'Perjanjian Kinerja 2025', year: 2025, parties: [1, big] } })))
      .toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'parties.1' });
    expect(await problem(await t.request('POST', '/dispositions', { token: kadis, body: { incomingLetterId: big, toPositionIds: [1], instruction: 'Untuk diketahui' } })))
      .toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'incomingLetterId' });
    expect(await problem(await t.request('POST', '/dispositions', { token: kadis, body: { incomingLetterId: 1, toPositionIds: [1, big], instruction: 'Untuk diketahui' } })))
      .toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'toPositionIds.1' });
    const admin = await t.login('admin');
    expect(await problem(await t.request('POST', '/people', { token: admin, body: { name: 'Pegawai', nik: '6310011111110001', agencyId: 1, positionId: big } })))
      .toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'positionId' });
  });

  test('a path id beyond int4 → 404, a list filter beyond int4 → 422, never 500', async () => {
    const token = await t.login('staf.kominfo');
    for (const path of ['/documents/99999999999', '/documents/2147483648/versions/1/pdf', '/incoming-letters/1e15', '/agreements/99999999999']) {
      const p = await problem(await t.request('GET', path, { token }));
      // A path id beyond int4 names no record: the access policy answers first, 404 like any record the caller cannot see.
      expect([`${path} ${p.status}`, p.field]).toEqual([`${path} 404`, 'id']);
    }
    const filter = encodeURIComponent(JSON.stringify({ id: 2 ** 40 }));
    expect(await problem(await t.request('GET', `/documents?filter=${filter}`, { token }))).toMatchObject({ status: 422, field: 'filter.id' });
    expect(await problem(await t.request('GET', `/documents?range=[0,1e30]`, { token }))).toMatchObject({ status: 422, field: 'range' });
  });
});

describe(`dates: years 1900–${MAX_YEAR}`, () => {
  test('year 99999 in a surat masuk, a delegation and a disposition deadline → 422 naming the field', async () => {
    const tu = await t.login('tu.kominfo');
    const letter = { senderName: 'BSSN', senderNumber: 'B-1/2025', senderDate: '2025-01-02', hal: 'Pemberitahuan' };
    expect(await problem(await t.request('POST', '/incoming-letters', { token: tu, body: { ...letter, receivedAt: '99999-01-01' } })))
      .toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'receivedAt' });
    expect(await problem(await t.request('POST', '/incoming-letters', { token: tu, body: { ...letter, senderDate: '0001-01-01' } })))
      .toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'senderDate' });
    const admin = await t.login('admin');
    expect(await problem(await t.request('POST', '/delegations', { token: admin,
      body: { kind: 'plh', positionId: 1, delegateId: 1, validFrom: '2025-01-01', validTo: '99999-12-31', reason: 'Cuti tahunan' } })))
      .toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'validTo' });
    const kadis = await t.login('kadis.kominfo');
    expect(await problem(await t.request('POST', '/dispositions', { token: kadis,
      body: { incomingLetterId: 1, toPositionIds: [1], instruction: 'Untuk diketahui', deadline: '99999-01-01' } })))
      .toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'deadline' });
  });
});

describe('a PDF is parsed at upload with the verifier\'s bounded reader', () => {
  async function ordinaryPdf(): Promise<Buffer> {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([595, 842]).drawText('Nota Dinas', { x: 72, y: 770, size: 12, font });
    return Buffer.from(await pdf.save());
  }
  const upload = (path: string, token: string, raw: Buffer) => t.request('POST', path, { token, raw, headers: { 'content-type': 'application/pdf' } });

  test('5,000 nested arrays → 422 PDF_MALFORMED (field file) for a konsep version and a scan; nothing recorded; an ordinary PDF passes', async () => {
    const db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    try {
      const staf = await t.login('staf.kominfo');
      const { id } = (await (await postDraft(draft())).json()) as { id: number };
      const before = (await db.query<{ n: number }>('select count(*)::int as n from document_version')).rows[0]!.n;
      const p = await problem(await upload(`/documents/${id}/versions`, staf, nestedArrayPdf(5000)));
      expect(p).toMatchObject({ status: 422, code: 'PDF_MALFORMED', field: 'file' });
      expect((await db.query<{ n: number }>('select count(*)::int as n from document_version')).rows[0]!.n).toBe(before);
      expect((await upload(`/documents/${id}/versions`, staf, await ordinaryPdf())).status).toBe(201);

      const tu = await t.login('tu.kominfo');
      const letter = await t.request('POST', '/incoming-letters', { token: tu, body: { senderName: 'BSSN', senderNumber: 'B-9/2025', senderDate: '2025-01-02', hal: 'Pemberitahuan' } });
      const letterId = ((await letter.json()) as { id: number }).id;
      expect(await problem(await upload(`/incoming-letters/${letterId}/scan`, tu, nestedArrayPdf(5000))))
        .toMatchObject({ status: 422, code: 'PDF_MALFORMED', field: 'file' });
      expect((await upload(`/incoming-letters/${letterId}/scan`, tu, await ordinaryPdf())).status).toBe(200);
    } finally {
      await db.end();
    }
  });
});

describe('realisation values bounded by the indicator\'s unit', () => {
  const big = 222_826_028_138.51; // the budget figure typed into a % indicator
  let agreementId: number;
  beforeAll(async () => {
    const token = await t.login('kadis.kominfo');
    const res = await t.request('POST', '/agreements', { token, body: {
      kind: 'kinerja', title: 'Perjanjian Kinerja 2026', year: 2026, parties: [t.seed.positionIds['kadis.kominfo'], t.seed.positionIds['bupati']],
      indicators: [
        { code: 'IKU-1', name: 'Persentase layanan daring', unit: 'persen', targetYear: 100, targetQuarters: [25, 50, 75, 100] },
        { code: 'IKU-2', name: 'Dokumen SOP yang ditetapkan', unit: 'dokumen', targetYear: 12, targetQuarters: [3, 6, 9, 12] },
        { code: 'IKU-3', name: 'Belanja daerah yang dikelola', unit: 'Rp', targetYear: 3_250_000_000_000, targetQuarters: [8e11, 1.6e12, 2.4e12, 3.25e12] },
      ] } });
    expect(res.status).toBe(201);
    agreementId = ((await res.json()) as { id: number }).id;
  });
  // Each value is checked against its unit before the workflow sees it (this run has no worker: nothing reaches one).
  const realisation = async (code: string, value: number) => t.request('POST', `/agreements/${agreementId}/realisation`, { token: await t.login('kadis.kominfo'),
    body: { quarter: 1, realisations: [{ code: 'IKU-2', value: 4 }, { code, value }] } });

  test('a % realisation of 222,826,028,138.51 → 422 VALUE_OUT_OF_RANGE naming the value; above 1000 % too', async () => {
    expect(await problem(await realisation('IKU-1', big))).toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'realisations.1.value' });
    expect(await problem(await realisation('IKU-1', 1000.5))).toMatchObject({ status: 422, field: 'realisations.1.value' });
  });

  test('a count must be whole; money below 10^15; negatives are refused', async () => {
    expect(await problem(await realisation('IKU-2', 2.5))).toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'realisations.1.value' });
    expect(await problem(await realisation('IKU-3', 1e15))).toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'realisations.1.value' });
    expect(await problem(await realisation('IKU-3', -1))).toMatchObject({ status: 422, field: 'realisations.1.value' });
  });

  test('targets follow the same rule at creation, naming the indicator field; one code per indicator', async () => {
    const token = await t.login('kadis.kominfo');
    const res = await t.request('POST', '/agreements', { token, body: {
      kind: 'kinerja', title: 'Perjanjian Kinerja 2027', year: 2027, parties: [t.seed.positionIds['kadis.kominfo'], t.seed.positionIds['bupati']],
      indicators: [{ code: 'IKU-1', name: 'Persentase layanan daring', unit: '%', targetYear: 100, targetQuarters: [25, 50, 5000, 100] }] } });
    expect(await problem(res)).toMatchObject({ status: 422, code: 'VALUE_OUT_OF_RANGE', field: 'indicators.0.targetQuarters.2' });
    const twice = await t.request('POST', '/agreements', { token, body: {
      kind: 'kinerja', title: 'Perjanjian Kinerja 2027', year: 2027, parties: [t.seed.positionIds['kadis.kominfo'], t.seed.positionIds['bupati']],
      indicators: [1, 2].map((n) => ({ code: 'IKU-1', name: `Indikator ${n}`, unit: '%', targetYear: 100, targetQuarters: [25, 50, 75, 100] })) } });
    expect(await problem(twice)).toMatchObject({ status: 422, code: 'INDICATOR_CODE_TAKEN', field: 'indicators.1.code' });
  });
});

test('the OpenAPI document lists these answers: 422 wherever input is taken, 413 wherever a JSON body is', async () => {
  const spec = (await (await t.request('GET', '/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  expect(Object.keys(spec.paths['/documents']!['post']!.responses)).toEqual(expect.arrayContaining(['413', '422']));
  expect(Object.keys(spec.paths['/documents/{id}']!['get']!.responses)).toContain('422');
  expect(Object.keys(spec.paths['/inbox']!['get']!.responses)).not.toContain('413');
});

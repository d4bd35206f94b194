// The compose screen's live preview through the real API (test stack
// PostgreSQL): a draft payload rendered to a DRAF PDF with the kop, signer and
// paraf from the database, nothing written.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { loadViewer, openOrm } from '@naskah/domain';
import { renderDocument } from '@naskah/templates';
import { startTestApi, type TestApi } from '@naskah/api/testing';
import { buildDocumentContent, tanggalWita, terbilang, type DraftInput } from '../use-cases/build-document-content.js';
import { createDraftBody } from '../schemas/document.js';
import { grayRaster as rasterIn } from '@naskah/templates/testing';

let t: TestApi;
let db: pg.Client;
let work: string;
const pos = (key: string) => t.seed.positionIds[key]!;

function pdftotext(pdf: Buffer, name: string): string {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const grayRaster = (pdf: Uint8Array, name: string): Buffer => rasterIn(pdf, work, name);

async function counts(): Promise<Record<string, number>> {
  const [row] = (await db.query<Record<string, string>>(
    `select (select count(*) from document) as documents, (select count(*) from routing_step) as steps,
            (select count(*) from document_recipient) as recipients, (select count(*) from audit_event) as audit`)).rows;
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

const notaDinas = () => ({
  type: 'nota_dinas', hal: 'Permintaan Data Indikator Kinerja untuk Portal Satu Data', archiveCode: '000.1.2.3', sifat: 'segera', lampiran: 2,
  kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Badan Perencanaan Pembangunan Daerah' }],
  tembusan: [{ positionId: pos('sekda'), name: 'Sekretaris Daerah Kabupaten Tanah Bumbu' }],
  content: { body: [
    { kind: 'paragraph', text: 'Dalam rangka pemutakhiran Portal Satu Data Tanah Bumbu, kami mohon Saudara menyampaikan data indikator kinerja daerah.' },
    { kind: 'paragraph', text: 'Demikian disampaikan, atas perhatian Saudara diucapkan terima kasih.' },
  ] },
  reviewerPositionIds: [pos('kabid.aptika')], signerPositionId: pos('kadis.kominfo'),
});

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'naskah-preview-'));
  t = await startTestApi();
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end();
  await t?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('POST /api/documents/preview', () => {
  test('the kop and the date follow the Pemda settings: its name, its lambang, its zone (WIT dates 15.30Z as the next day)', async () => {
    // A 1×1 PNG as the lambang.
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const admin = await t.login('admin');
    const before = await (await t.request('GET', '/settings/pemda')).json() as { name: string; logo: string | null; timeZone: string; publicBaseUrl: string };
    const put = await t.request('PUT', '/settings/pemda', { token: admin, body: { name: 'Pemerintah Kabupaten Tanah Bumbu Uji', logo: png, timeZone: 'Asia/Jayapura', publicBaseUrl: before.publicBaseUrl } });
    expect(put.status).toBe(200);
    try {
      const res = await t.request('POST', '/documents/preview', { token: await t.login('staf.kominfo'), body: notaDinas() });
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdftotext(pdf, 'kop-pemda').replace(/\s+/g, ' ').toUpperCase()).toContain('PEMERINTAH KABUPATEN TANAH BUMBU UJI');
      // The uploaded lambang is drawn (the placeholder is vector paths, no image).
      expect(pdf.toString('latin1')).toContain('/Lambang');
      const orm = await openOrm({ databaseUrl: t.db.url, poolMax: 1 });
      try {
        const em = orm.em.fork();
        const viewer = (await loadViewer(em, t.seed.userIds['staf.kominfo']!))!;
        const content = await buildDocumentContent(em, viewer, createDraftBody.parse(notaDinas()) as DraftInput, new Date('2026-12-06T15:30:00Z'));
        // 15.30 UTC is 00.30 on 7 December in WIT (UTC+9); it was still the 6th in WITA.
        expect({ tanggal: content.tanggal, lambang: content.agency.lambangPng }).toEqual({ tanggal: '2026-12-07', lambang: png });
      } finally {
        await orm.close(true);
      }
    } finally {
      expect((await t.request('PUT', '/settings/pemda', { token: admin, body: { name: before.name, logo: before.logo, timeZone: before.timeZone, publicBaseUrl: before.publicBaseUrl } })).status).toBe(200);
    }
  }, 60_000);

  test('a drafter previews a nota dinas to Bappeda: a PDF with kop, hal, signer, paraf and page numbers, nothing stored', async () => {
    const before = await counts();
    const res = await t.request('POST', '/documents/preview', { token: await t.login('staf.kominfo'), body: notaDinas(), headers: { accept: 'application/pdf' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdftotext(pdf, 'nota-dinas');
    const flat = text.replace(/\s+/g, ' ');
    // Kop surat from the agency and its region (the template prints it in capitals).
    expect(flat.toUpperCase()).toContain('PEMERINTAH KABUPATEN TANAH BUMBU');
    expect(flat.toUpperCase()).toContain('DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN');
    expect(flat).toContain('Permintaan Data Indikator Kinerja untuk Portal Satu Data');
    expect(flat).toContain('Kepala Badan Perencanaan Pembangunan Daerah');
    expect(flat).toContain('Segera');
    expect(flat).toContain('2 (dua) berkas');
    // Signer: the Kepala Dinas holding the chosen position, with NIP; paraf: the reviewer's jabatan.
    expect(flat).toContain('Ir. Muhammad Ridwan Saputra, M.T.');
    // The template groups the NIP as birth date, appointment, sex, sequence.
    expect(flat).toContain('NIP. 19750218 200212 1 002');
    expect(flat).toContain('Kepala Bidang Aplikasi Informatika');
    // Temporary number, no urut allocated; place and today's date (WITA).
    expect(flat).toContain(`000.1.2.3/..../Diskominfosp/${tanggalWita(new Date()).slice(0, 4)}`);
    expect(flat).toContain('BATULICIN 72271');
    expect(flat).toContain(`Tanggal : ${new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date())}`);
    expect(text).toMatch(/Halaman 1 dari \d+/);
    expect(await counts()).toEqual(before);
  }, 60_000);

  test('the preview is the draft render (DRAF watermark) of exactly the content the use case builds', async () => {
    const res = await t.request('POST', '/documents/preview', { token: await t.login('staf.kominfo'), body: notaDinas() });
    expect(res.status).toBe(200);
    const served = Buffer.from(await res.arrayBuffer());
    const orm = await openOrm({ databaseUrl: t.db.url, poolMax: 1 });
    try {
      const em = orm.em.fork();
      const viewer = (await loadViewer(em, t.seed.userIds['staf.kominfo']!))!;
      const content = await buildDocumentContent(em, viewer, createDraftBody.parse(notaDinas()) as DraftInput);
      // Rendering is deterministic (same content, same bytes), so the route added nothing of its own.
      expect(Buffer.from((await renderDocument(content, { final: false })).pdf).equals(served)).toBe(true);
      // pdftotext scatters the rotated watermark, so it is checked on the picture: light grey where the final render is white.
      const final = grayRaster((await renderDocument({ ...content, nomor: '000.1.2.3/0001/Diskominfosp/2026' }, { final: true })).pdf, 'final');
      const draft = grayRaster(served, 'draft');
      let watermark = 0;
      for (let i = 0; i < draft.length; i++) if (final[i] === 255 && draft[i]! >= 205 && draft[i]! <= 240) watermark++;
      expect(watermark).toBeGreaterThan(400);
    } finally {
      await orm.close(true);
    }
  }, 60_000);

  test('the signer acting as Plh prints "Plh." before the post, with the acting official\'s name', async () => {
    const admin = await t.login('admin');
    const [sekdis] = (await db.query<{ id: number }>("select person_id as id from app_user where username = 'sekdis.kominfo'")).rows;
    const now = Date.now();
    const created = await t.request('POST', '/delegations', { token: admin, body: {
      kind: 'plh', positionId: pos('kadis.kominfo'), delegateId: sekdis!.id,
      validFrom: new Date(now - 3_600_000).toISOString(), validTo: new Date(now + 3_600_000).toISOString(), reason: 'Kepala Dinas dinas luar daerah',
    } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    try {
      const res = await t.request('POST', '/documents/preview', { token: await t.login('staf.kominfo'), body: notaDinas() });
      expect(res.status).toBe(200);
      const flat = pdftotext(Buffer.from(await res.arrayBuffer()), 'plh').replace(/\s+/g, ' ');
      expect(flat).toMatch(/Plh\. Kepala Dinas Komunikasi/i);
      expect(flat).toContain('Nurul Hidayati, S.Kom., M.M.');
      expect(flat).toContain('NIP. 19800309 200604 2 005');
    } finally {
      expect((await t.request('DELETE', `/delegations/${id}`, { token: admin })).status).toBe(200);
    }
  }, 60_000);

  test('a missing field is a 400 naming it, an unknown field too', async () => {
    const token = await t.login('staf.kominfo');
    const { hal: _hal, ...withoutHal } = notaDinas();
    const missing = await t.request('POST', '/documents/preview', { token, body: withoutHal });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(((await missing.json()) as { field: string }).field).toBe('hal');
    const unknown = await t.request('POST', '/documents/preview', { token, body: { ...notaDinas(), nomor: '000/1/X/2026' } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { field: string }).field).toBe('nomor');
  });

  test('content the template rejects is a 422 naming the field in the request', async () => {
    const res = await t.request('POST', '/documents/preview', { token: await t.login('staf.kominfo'),
      body: { ...notaDinas(), content: { body: [{ kind: 'paragraph', text: 'Pembuka' }, { kind: 'table', columns: [{ header: 'No' }], rows: [['1', '2']] }] } } });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { code: string; field: string };
    expect(problem).toMatchObject({ code: 'CONTENT_INVALID', field: 'content.body.1.rows.0' });
  });

  test('a position that does not exist is a 422 naming the field', async () => {
    const res = await t.request('POST', '/documents/preview', { token: await t.login('staf.kominfo'), body: { ...notaDinas(), signerPositionId: 999_999 } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { field: string }).field).toBe('signerPositionId');
  });

  test('signer groups are checked as when saving: a position twice is a 422 naming it, both signer fields too', async () => {
    const { signerPositionId, ...rest } = notaDinas();
    const twice = await t.request('POST', '/documents/preview', { token: await t.login('staf.kominfo'),
      body: { ...rest, signerGroups: [[signerPositionId], [signerPositionId]] } });
    expect(twice.status).toBe(422);
    expect(((await twice.json()) as { field: string }).field).toBe('signerGroups.1.0');
    const both = await t.request('POST', '/documents/preview', { token: await t.login('staf.kominfo'),
      body: { ...rest, signerPositionId, signerGroups: [[signerPositionId]] } });
    expect(both.status).toBe(422);
    expect(((await both.json()) as { field: string }).field).toBe('signerGroups');
  });

  test('a role without drafter is refused (403), without a token 401', async () => {
    const res = await t.request('POST', '/documents/preview', { token: await t.login('tu.kominfo'), body: notaDinas() });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN');
    expect((await t.request('POST', '/documents/preview', { body: notaDinas() })).status).toBe(401);
  });

  test('lampiran is written out in Indonesian words', () => {
    expect([1, 11, 12, 20, 21, 100, 115, 999].map(terbilang)).toEqual([
      'satu', 'sebelas', 'dua belas', 'dua puluh', 'dua puluh satu', 'seratus', 'seratus lima belas', 'sembilan ratus sembilan puluh sembilan']);
  });
});

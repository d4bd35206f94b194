// The scan of a surat masuk on the test stack: the real API, PostgreSQL and MinIO.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Client as MinioClient } from 'minio';
import { testConfig } from '@naskah/infra/testing';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
let db: pg.Client;
const pos = (key: string) => t.seed.positionIds[key]!;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function scanPdf(text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText(text, { x: 72, y: 770, size: 12, font });
  return Buffer.from(await pdf.save());
}

async function problem(res: Response): Promise<{ status: number; code?: string; field?: string }> {
  return { status: res.status, ...((await res.json()) as object) };
}

async function register(hal: string, classification = 'biasa'): Promise<number> {
  const res = await t.request('POST', '/incoming-letters', { token: await t.login('tu.kominfo'), body: {
    senderName: 'Badan Siber dan Sandi Negara', senderNumber: `B-${Date.now()}/BSSN/2026`, senderDate: '2026-11-20',
    hal, classification, addressedToId: pos('kadis.kominfo') } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

const upload = async (id: number, bytes: Buffer, user = 'tu.kominfo', type = 'application/pdf') =>
  t.request('POST', `/incoming-letters/${id}/scan`, { token: await t.login(user), raw: bytes, headers: { 'content-type': type } });
const view = async (id: number, user: string) => t.request('GET', `/incoming-letters/${id}/scan`, { token: await t.login(user) });
const scanRow = async (id: number) =>
  (await db.query<{ scan_object_key: string | null; scan_sha256: string | null }>('select scan_object_key, scan_sha256 from incoming_letter where id = $1', [id])).rows[0]!;

beforeAll(async () => {
  t = await startTestApi({ UPLOAD_LIMIT_MB: '1' }, { worker: true });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await t?.stop();
});

describe('surat masuk scan', () => {
  test('TU uploads the scan; the addressee and the disposition tree view it, a stranger gets 404', async () => {
    const id = await register('Pemberitahuan hasil uji keamanan aplikasi', 'rahasia');
    const bytes = await scanPdf('Surat BSSN (pindaian)');
    const res = await upload(id, bytes);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sha256: sha256(bytes), size: bytes.length, replaced: false });
    expect(await scanRow(id)).toMatchObject({ scan_sha256: sha256(bytes) });

    const byAddressee = await view(id, 'kadis.kominfo');
    expect(byAddressee.status).toBe(200);
    expect(byAddressee.headers.get('content-type')).toBe('application/pdf');
    expect(byAddressee.headers.get('x-content-sha256')).toBe(sha256(bytes));
    expect(Buffer.from(await byAddressee.arrayBuffer()).equals(bytes)).toBe(true);

    // Rahasia: the rest of the agency does not see it until the head disposes it to them.
    expect((await view(id, 'kabid.aptika')).status).toBe(404);
    const disposed = await t.request('POST', '/dispositions', { token: await t.login('kadis.kominfo'), body: {
      incomingLetterId: id, toPositionIds: [pos('kabid.aptika')], instruction: 'Mohon ditindaklanjuti' } });
    expect(disposed.status).toBe(201);
    expect((await view(id, 'kabid.aptika')).status).toBe(200);
    expect((await view(id, 'tu.kominfo')).status).toBe(200);

    // Strangers: another agency reads 404; uploading is TU's, in its own agency only.
    expect(await problem(await view(id, 'kabid.bappeda'))).toMatchObject({ status: 404 });
    expect(await problem(await view(id, 'staf.kominfo'))).toMatchObject({ status: 404 });
    expect(await problem(await upload(id, bytes, 'tu.bappeda'))).toMatchObject({ status: 404 });
    expect(await problem(await upload(id, bytes, 'kadis.kominfo'))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await problem(await upload(id + 10_000, bytes))).toMatchObject({ status: 404 });
  });

  test('a letter without a scan is 404 naming the scan', async () => {
    const id = await register('Undangan rapat koordinasi SPBE');
    expect(await problem(await view(id, 'kadis.kominfo'))).toMatchObject({ status: 404, code: 'NOT_FOUND', field: 'scan' });
  });

  test('not a PDF 415, truncated 422, too large 413: nothing recorded', async () => {
    const id = await register('Permohonan narasumber');
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2048, 1)]);
    expect(await problem(await upload(id, png))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'file' });
    expect(await problem(await upload(id, Buffer.from('halo'), 'tu.kominfo', 'text/plain'))).toMatchObject({ status: 415, field: 'file' });
    expect(await problem(await upload(id, (await scanPdf('terpotong')).subarray(0, 600)))).toMatchObject({ status: 422, code: 'PDF_MALFORMED' });
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1_200_000, 32), Buffer.from('\nstartxref\n0\n%%EOF\n')]);
    expect(await problem(await upload(id, big))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', field: 'file' });
    expect(await scanRow(id)).toEqual({ scan_object_key: null, scan_sha256: null });
    const audit = await db.query(`select 1 from audit_event where subject_type = 'incoming_letter' and subject_id = $1 and action like 'incoming_letter.scan%'`, [String(id)]);
    expect(audit.rowCount).toBe(0);
  });

  test('a new scan replaces the shown one; the earlier object stays and the replacement is audited', async () => {
    const id = await register('Laporan hasil monitoring jaringan');
    const first = await scanPdf('Pindaian pertama (miring)');
    const second = await scanPdf('Pindaian kedua (lurus)');
    expect((await upload(id, first)).status).toBe(200);
    const before = await scanRow(id);
    // Content-addressed like every stored PDF version.
    expect(before.scan_object_key).toContain(sha256(first));
    // A browser form sends multipart; same checks, same result.
    const form = new FormData();
    form.append('file', new Blob([second], { type: 'application/pdf' }), 'scan.pdf');
    const replaced = await fetch(`${t.api.url}/api/incoming-letters/${id}/scan`, { method: 'POST', headers: { authorization: `Bearer ${await t.login('tu.kominfo')}` }, body: form });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ sha256: sha256(second), replaced: true });
    const shown = await view(id, 'kadis.kominfo');
    expect(Buffer.from(await shown.arrayBuffer()).equals(second)).toBe(true);

    const events = (await db.query<{ action: string; data: { sha256: string; previous?: { sha256: string; objectKey: string } } }>(
      `select action, data from audit_event where subject_type = 'incoming_letter' and subject_id = $1 and action like 'incoming_letter.scan%' order by id`, [String(id)])).rows;
    expect(events.map((e) => e.action)).toEqual(['incoming_letter.scan_attached', 'incoming_letter.scan_replaced']);
    expect(events[1]!.data).toMatchObject({ sha256: sha256(second), previous: { sha256: sha256(first), objectKey: before.scan_object_key } });

    const config = testConfig();
    const minio = new MinioClient({ endPoint: config.minio.endPoint, port: config.minio.port, useSSL: config.minio.useSSL, accessKey: config.minio.accessKey, secretKey: config.minio.secretKey });
    const kept: Buffer[] = [];
    for await (const chunk of await minio.getObject(config.minio.buckets.documents, before.scan_object_key!)) kept.push(chunk as Buffer);
    expect(sha256(Buffer.concat(kept))).toBe(sha256(first));
    const chain = await t.request('GET', '/audit/verify', { token: await t.login('auditor.inspektorat') });
    expect(((await chain.json()) as { ok: boolean }).ok).toBe(true);
  });

  test('a letter distribution registered from another agency shows the signed PDF as its scan', async () => {
    // What registerIncomingLetters (workflows) writes: the letter points at the document's stored version.
    const staf = await t.login('staf.kominfo');
    const created = await t.request('POST', '/documents', { token: staf, body: {
      type: 'nota_dinas', hal: 'Permohonan data perencanaan', archiveCode: '000.1.2.3', kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }] } });
    const documentId = ((await created.json()) as { id: number }).id;
    const signed = await scanPdf('Naskah bertanda tangan');
    expect((await t.request('POST', `/documents/${documentId}/versions`, { token: staf, raw: signed, headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
    const version = (await db.query<{ object_key: string; sha256: string; size: string }>('select object_key, sha256, size from document_version where document_id = $1', [documentId])).rows[0]!;
    const [tu] = (await db.query<{ id: number }>(`select p.id from person p join app_user u on u.person_id = p.id where u.username = 'tu.bappeda'`)).rows;
    const letter = (await db.query<{ id: number }>(
      `insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, sifat, classification, hal, addressed_to_id,
         scan_object_key, scan_sha256, scan_size, registered_by_id, created_at)
       values ($1, '0001/SM/2026', 'Diskominfosp', '000.1.2.3/0001/Diskominfosp/2026', '2026-11-23', now(), 'biasa', 'biasa', 'Permohonan data perencanaan', $2, $3, $4, $5, $6, now())
       returning id`, [t.seed.agencyIds['Bappeda'], pos('kadis.bappeda'), version.object_key, version.sha256, version.size, tu!.id])).rows[0]!;
    const res = await view(letter.id, 'kadis.bappeda');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-sha256')).toBe(version.sha256);
    expect(Buffer.from(await res.arrayBuffer()).equals(signed)).toBe(true);
    expect((await view(letter.id, 'tu.bappeda')).status).toBe(200);
    expect((await view(letter.id, 'kadis.kominfo')).status).toBe(404);
  });
});

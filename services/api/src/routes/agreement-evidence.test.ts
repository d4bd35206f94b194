// Bukti dukung as files (issue 19): the official uploads the evidence of a
// quarter's realisation (PDF, JPEG or PNG, at most 10 MB, judged by content),
// the report names it by its SHA-256, the workflow carries only the reference
// (object key, sha256, name) and the row records it; whoever may see the
// agreement downloads the same bytes, everyone else gets 404. Bad input is a
// 4xx problem naming the field. The agreement's year is last year, so its
// first quarter's reporting window is already open when its workflow starts.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { testConfig } from '@naskah/infra/testing';
import { NaskahWorkflows } from '@naskah/workflows/client';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
let db: pg.Client;
let connection: Connection;
let workflows: NaskahWorkflows;
let agreementId: number;

const pos = (key: string) => t.seed.positionIds[key]!;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(text, params)).rows;
}
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 200 && !ok(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** A small PDF whose bytes carry a marker that must never reach the workflow history. */
const marker = `bukti-${randomUUID()}`;
const pdf = Buffer.from(`%PDF-1.4\n%${marker}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n`, 'latin1');
/** The PNG signature and an IHDR chunk's start: what the content check reads. */
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);

const upload = async (user: string, body: Buffer | string, type: string, name?: string) => t.request('POST', `/agreements/${agreementId}/evidence${name ? `?name=${encodeURIComponent(name)}` : ''}`, {
  token: await t.login(user), raw: body, headers: { 'content-type': type },
});

beforeAll(async () => {
  t = await startTestApi({}, { worker: true });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  const config = testConfig();
  connection = await Connection.connect({ address: config.temporal.address });
  workflows = new NaskahWorkflows(new Client({ connection, namespace: t.namespace }), config.temporal.taskQueue);
  const year = new Date().getUTCFullYear() - 1;
  const created = await t.request('POST', '/agreements', { token: await t.login('kadis.kominfo'), body: {
    kind: 'kinerja', title: `Perjanjian Kinerja Diskominfosp ${year}`, year, parties: [pos('kadis.kominfo'), pos('bupati')],
    indicators: [
      { code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher', targetYear: 3.5, targetQuarters: [3.5, 3.5, 3.5, 3.5] },
      { code: 'IKU-2', name: 'Rata-rata hari layanan pengaduan', unit: 'hari', direction: 'lower', targetYear: 3, targetQuarters: [5, 4, 4, 3] },
    ],
  } });
  expect(created.status).toBe(201);
  agreementId = (await json<{ id: number }>(created)).id;
  // Signed by both parties already (the signing is agreement-timers.test.ts's): the workflow starts at its first quarter.
  const indicators = [
    { code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher' as const, yearlyTarget: 3.5, quarterlyTargets: [3.5, 3.5, 3.5, 3.5] as [number, number, number, number] },
    { code: 'IKU-2', name: 'Rata-rata hari layanan pengaduan', unit: 'hari', direction: 'lower' as const, yearlyTarget: 3, quarterlyTargets: [5, 4, 4, 3] as [number, number, number, number] },
  ];
  await workflows.startAgreement({
    agreementId: String(agreementId), agencyCode: 'Diskominfosp', year, drafterPersonId: '1', partyPositionIds: [String(pos('kadis.kominfo')), String(pos('bupati'))],
    document: { documentId: '0', agencyCode: 'Diskominfosp', drafterPersonId: '1', urgency: 'biasa', parafPositionIds: [], signerGroups: [], version: 1 },
    indicators, carried: { agreementVersion: 1, indicators, reports: [], nextQuarter: 1, signedDocumentIds: [], lateQuarters: [] },
  });
  const status = async () => (await sql<{ status: string }>('select status from agreement where id = $1', [agreementId]))[0]!.status;
  expect(await eventually(status, (s) => s === 'reporting')).toBe('reporting');
}, 120_000);

afterAll(async () => {
  await db?.end();
  await connection?.close();
  await t?.stop();
});

describe('bukti dukung files of a quarter\'s realisation', () => {
  test('bad input is a 4xx problem naming the file; only a reporter uploads, only who sees the agreement learns it exists', async () => {
    const problem = async (res: Response) => ({ status: res.status, mediaType: res.headers.get('content-type'), ...(await json<{ code: string; field: string }>(res)) });
    // Not a PDF, JPEG or PNG by content, whatever the declared type.
    expect(await problem(await upload('kadis.kominfo', 'hanya teks, bukan berkas', 'application/octet-stream', 'laporan.pdf')))
      .toMatchObject({ status: 415, code: 'EVIDENCE_TYPE_UNSUPPORTED', field: 'file', mediaType: expect.stringContaining('application/problem+json') });
    expect(await problem(await upload('kadis.kominfo', pdf, 'text/plain'))).toMatchObject({ status: 415, field: 'file' });
    // Over 10 MB (10 × 1,048,576 bytes): refused.
    const big = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024 + 1 - png.length)]);
    expect(await problem(await upload('kadis.kominfo', big, 'image/png'))).toMatchObject({ status: 413, code: 'EVIDENCE_TOO_LARGE', field: 'file' });
    // Nothing sent.
    expect(await problem(await upload('kadis.kominfo', Buffer.alloc(0), 'application/pdf'))).toMatchObject({ status: 422, code: 'EVIDENCE_MISSING', field: 'file' });
    // Staff of the agency see the agreement but do not report: 403; another agency's staff do not see it: 404.
    expect((await upload('staf.kominfo', pdf, 'application/pdf')).status).toBe(403);
    expect((await upload('staf.bappeda', pdf, 'application/pdf')).status).toBe(404);
    // A report naming a file never uploaded to this agreement: 422 naming the realisation's file.
    const unknown = await t.request('POST', `/agreements/${agreementId}/realisation`, { token: await t.login('kadis.kominfo'), body: {
      quarter: 1, realisations: [{ code: 'IKU-1', value: 3, evidenceFile: { sha256: 'a'.repeat(64), name: 'x.pdf' } }, { code: 'IKU-2', value: 4 }] } });
    expect(await problem(unknown)).toMatchObject({ status: 422, code: 'EVIDENCE_NOT_FOUND', field: 'realisations.0.evidenceFile' });
  });

  test('uploaded, reported by hash: the workflow carries the reference only, the row records it, who sees the agreement downloads the same bytes', async () => {
    const uploaded = await upload('kadis.kominfo', pdf, 'application/pdf', 'Laporan evaluasi SPBE.pdf');
    expect(uploaded.status).toBe(201);
    expect(await json(uploaded)).toEqual({ sha256: sha256(pdf), name: 'Laporan evaluasi SPBE.pdf', contentType: 'application/pdf', size: pdf.length });
    // A photo from a browser form (multipart, its own file name), by the agency's TU.
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'foto-layanan.png');
    const multipart = await fetch(`${t.api.url}/api/agreements/${agreementId}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${await t.login('tu.kominfo')}` }, body: form });
    expect(multipart.status).toBe(201);
    expect(await json(multipart)).toEqual({ sha256: sha256(png), name: 'foto-layanan.png', contentType: 'image/png', size: png.length });

    const reported = await t.request('POST', `/agreements/${agreementId}/realisation`, { token: await t.login('kadis.kominfo'), body: {
      quarter: 1, realisations: [
        { code: 'IKU-1', value: 3, evidence: 'Hasil evaluasi mandiri', evidenceFile: { sha256: sha256(pdf), name: 'Laporan evaluasi SPBE.pdf' } },
        { code: 'IKU-2', value: 4, evidenceFile: { sha256: sha256(png), name: 'foto-layanan.png' } },
      ] } });
    expect(reported.status).toBe(200);
    const report = await json<{ realisations: unknown[]; achievements: { code: string; percent: number }[] }>(reported);
    const key = (h: string) => `bukti-dukung/agreement-${agreementId}/${h}`;
    expect(report.realisations).toEqual([
      { code: 'IKU-1', value: 3, evidence: 'Hasil evaluasi mandiri', evidenceObjectKey: key(sha256(pdf)),
        evidenceFile: { objectKey: key(sha256(pdf)), sha256: sha256(pdf), name: 'Laporan evaluasi SPBE.pdf', contentType: 'application/pdf', size: pdf.length } },
      { code: 'IKU-2', value: 4, evidence: '', evidenceObjectKey: key(sha256(png)),
        evidenceFile: { objectKey: key(sha256(png)), sha256: sha256(png), name: 'foto-layanan.png', contentType: 'image/png', size: png.length } },
    ]);
    // Capaian by the rulebook: 3 of 3,5 (higher is better) = 85,71 %; 4 days against 5 (lower is better) = (2 − 4/5) × 100 = 120 %.
    expect(report.achievements).toEqual([{ code: 'IKU-1', percent: 85.71 }, { code: 'IKU-2', percent: 120 }]);

    const rows = await eventually(() => sql<Record<string, unknown>>(
      `select i.code, r.evidence_object_key, r.evidence_sha256, r.evidence_name, r.evidence_content_type, r.evidence_size::int as evidence_size
         from progress_report r join indicator i on i.id = r.indicator_id where i.agreement_id = $1 order by i.code`, [agreementId]), (r) => r.length === 2);
    expect(rows).toEqual([
      { code: 'IKU-1', evidence_object_key: key(sha256(pdf)), evidence_sha256: sha256(pdf), evidence_name: 'Laporan evaluasi SPBE.pdf', evidence_content_type: 'application/pdf', evidence_size: pdf.length },
      { code: 'IKU-2', evidence_object_key: key(sha256(png)), evidence_sha256: sha256(png), evidence_name: 'foto-layanan.png', evidence_content_type: 'image/png', evidence_size: png.length },
    ]);

    // The workflow's history holds the reference (the hash), never the bytes (the marker inside the PDF).
    const history = await workflows.agreement(String(agreementId)).handle.fetchHistory();
    const payloads: string[] = [];
    const collect = (node: unknown): void => {
      if (node instanceof Uint8Array) { payloads.push(Buffer.from(node).toString('latin1')); return; }
      if (node && typeof node === 'object') for (const v of Object.values(node)) collect(v);
    };
    collect(history);
    const text = payloads.join('\n');
    expect(text).toContain(sha256(pdf));
    expect(text).not.toContain(marker);

    // Who sees the agreement (a party, the agency's staff, the Sekda over the party, an auditor) downloads the same bytes.
    for (const user of ['kadis.kominfo', 'staf.kominfo', 'sekda', 'auditor.inspektorat']) {
      const res = await t.request('GET', `/agreements/${agreementId}/evidence/${sha256(pdf)}`, { token: await t.login(user) });
      expect([user, res.status]).toEqual([user, 200]);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-content-sha256')).toBe(sha256(pdf));
      expect(res.headers.get('content-disposition')).toContain('attachment');
      expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(pdf));
    }
    const photoRes = await t.request('GET', `/agreements/${agreementId}/evidence/${sha256(png)}`, { token: await t.login('bupati') });
    expect(photoRes.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photoRes.arrayBuffer()).equals(png)).toBe(true);
    // Another agency's staff: 404, like a file no report carries.
    expect((await t.request('GET', `/agreements/${agreementId}/evidence/${sha256(pdf)}`, { token: await t.login('staf.bappeda') })).status).toBe(404);
    const unreported = Buffer.concat([pdf, Buffer.from('% lain\n')]);
    expect((await upload('kadis.kominfo', unreported, 'application/pdf')).status).toBe(201);
    expect((await t.request('GET', `/agreements/${agreementId}/evidence/${sha256(unreported)}`, { token: await t.login('kadis.kominfo') })).status).toBe(404);

    // The indicators list names each report's file for the console.
    const indicators = await json<{ code: string; reports: { quarter: number; evidenceFile: unknown }[] }[]>(
      await t.request('GET', `/agreements/${agreementId}/indicators`, { token: await t.login('staf.kominfo') }));
    expect(indicators.map((i) => [i.code, i.reports.map((r) => r.evidenceFile)])).toEqual([
      ['IKU-1', [{ sha256: sha256(pdf), name: 'Laporan evaluasi SPBE.pdf', contentType: 'application/pdf', size: pdf.length }]],
      ['IKU-2', [{ sha256: sha256(png), name: 'foto-layanan.png', contentType: 'image/png', size: png.length }]],
    ]);
  });
});

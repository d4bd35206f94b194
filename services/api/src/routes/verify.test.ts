// Public verification through the real API: an uploaded PDF and the QR target
// (a stored signed document), on the test stack's PostgreSQL and MinIO.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createTestBucket, type TestBucket } from '@naskah/infra/testing';
import { openOrm, type DomainOrm } from '@naskah/domain';
import { openPkcs12, signPdf } from '@naskah/signing';
import { makeTestPki, PASSPHRASE, type TestPki } from '@naskah/signing/testing';
import { startTestApi, type TestApi } from '@naskah/api/testing';
import { PublicRateLimit, RateLimitedError } from './verify.js';
import { newVerificationToken } from '../use-cases/sign-document.js';

let t: TestApi;
let orm: DomainOrm;
let bucket: TestBucket;
let base: string;
let pki: TestPki;
let signed: Buffer;
const previousKeystore = process.env['NASKAH_KEYSTORE_DIR'];

async function memo(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('NOTA DINAS — uji verifikasi publik', { x: 72, y: 760, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A document with one signed version; returns its id and the version's verification token (as signing stores it). */
async function storeSignedDocument(pdf: Buffer, classification: string, status: string): Promise<{ id: number; token: string }> {
  const em = orm.em.fork();
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const token = newVerificationToken();
  const key = `documents/verify-test/${sha256}.pdf`;
  await bucket.client.putObject(bucket.name, key, pdf);
  const [person] = await em.execute<{ id: number; agency_id: number }[]>(
    "select p.id, p.agency_id from person p join app_user u on u.person_id = p.id where u.username = 'kadis.kominfo'");
  const [doc] = await em.execute<{ id: number }[]>(
    `insert into document (agency_id, type, hal, classification, archive_code, kepada, tembusan, content, drafter_id, status, number, created_at, updated_at)
     values (?, 'nota_dinas', 'Undangan rapat koordinasi SPBE', ?, '000.1.2', '[]', '[]', '{}', ?, ?, ?, now(), now()) returning id`,
    [person!.agency_id, classification, person!.id, status, `000.1.2/${sha256.slice(0, 4)}/Diskominfosp/2026`]);
  await em.execute(
    `insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, verification_token, created_at) values (?, 1, ?, ?, ?, 'signed', ?, ?, now())`,
    [doc!.id, key, sha256, pdf.length, person!.id, token]);
  return { id: doc!.id, token };
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'naskah-verify-api-'));
  pki = await makeTestPki(base);
  // The API finds our CA (trust anchor + revocation) beside the keystore: <data>/pki.
  process.env['NASKAH_KEYSTORE_DIR'] = join(base, 'keystore');
  const holder = openPkcs12(readFileSync(pki.p12.andi), PASSPHRASE);
  signed = await signPdf(await memo(), { holder, level: 'B-B', reason: 'Penandatangan' });
  bucket = await createTestBucket();
  t = await startTestApi({ MINIO_BUCKET_DOCUMENTS: bucket.name, UPLOAD_LIMIT_MB: '1' });
  orm = await openOrm({ databaseUrl: t.db.url, poolMax: 2 });
}, 120_000);

afterAll(async () => {
  await orm?.close(true);
  await t?.stop();
  await bucket?.drop().catch(() => undefined);
  if (previousKeystore === undefined) delete process.env['NASKAH_KEYSTORE_DIR'];
  else process.env['NASKAH_KEYSTORE_DIR'] = previousKeystore;
  rmSync(base, { recursive: true, force: true });
});

describe('POST /api/verify (upload, no sign-in)', () => {
  test('a PDF signed by our CA is VALID, with signer and issuer and no NIK', async () => {
    const res = await t.request('POST', '/verify', { raw: signed, headers: { 'content-type': 'application/pdf' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { verdict: string; signatures: Array<Record<string, unknown>> };
    expect(body.verdict).toBe('VALID');
    expect(body.signatures).toHaveLength(1);
    expect(body.signatures[0]).toMatchObject({ signer: 'Andi Wijaya, S.T.', position: 'Kepala Dinas Komunikasi dan Informatika', status: 'VALID' });
    expect(String(body.signatures[0]!['issuer'])).toMatch(/Naskah/);
    expect(JSON.stringify(body)).not.toContain('7371010101900001');
  });

  test('one changed byte inside the signed range makes it INVALID', async () => {
    const tampered = Buffer.from(signed);
    // The header's version digit: inside the first signed range, harmless to every parser.
    expect(tampered.subarray(0, 8).toString()).toMatch(/^%PDF-1\.\d$/);
    tampered[7] = tampered[7] === 0x36 ? 0x37 : 0x36;
    const res = await t.request('POST', '/verify', { raw: tampered, headers: { 'content-type': 'application/pdf' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { verdict: string }).verdict).toBe('INVALID');
  });

  test('a multipart upload (what the page sends) works the same', async () => {
    const form = new FormData();
    form.append('file', new Blob([signed], { type: 'application/pdf' }), 'memo.pdf');
    const res = await fetch(`${t.api.url}/api/verify`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { verdict: string }).verdict).toBe('VALID');
  });

  test('not a PDF → 415 naming the file; too large → 413; nothing else accepted', async () => {
    const text = await t.request('POST', '/verify', { raw: 'hello, not a pdf', headers: { 'content-type': 'application/pdf' } });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'file' });
    const big = await t.request('POST', '/verify', { raw: Buffer.alloc(2 * 1024 * 1024, 0x20), headers: { 'content-type': 'application/pdf' } });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'file' });
    const json = await t.request('POST', '/verify', { body: { file: 'x' } });
    expect(json.status).toBe(415);
  });
});

describe('GET /api/verify/:token (the QR target)', () => {
  test('a stored signed document verifies by its token; its number and hal show, a Rahasia one hides them and the signers', async () => {
    const open = await storeSignedDocument(signed, 'biasa', 'distributed');
    expect(open.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await t.request('GET', `/verify/${open.token}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ verdict: 'VALID', documentId: String(open.id), hal: 'Undangan rapat koordinasi SPBE' });
    expect(String(body['number'])).toMatch(/Diskominfosp\/2026$/);
    expect(body['signatures']).toEqual([expect.objectContaining({ signer: 'Andi Wijaya, S.T.', status: 'VALID' })]);

    const secret = await storeSignedDocument(await signPdf(await memo(), { holder: openPkcs12(readFileSync(pki.p12.budi), PASSPHRASE), level: 'B-B' }), 'rahasia', 'signed');
    const hidden = (await (await t.request('GET', `/verify/${secret.token}`)).json()) as { signatures: Record<string, unknown>[] } & Record<string, unknown>;
    // Valid or not, nothing more: no subject, number, document id or who signed.
    expect(hidden).toMatchObject({ verdict: 'VALID', hal: null, number: null, documentId: null });
    expect(hidden.signatures).toEqual([expect.objectContaining({ signer: null, position: null, agency: null, status: 'VALID' })]);
  });

  test('the numeric document id is no route any more; an unknown token or a document not yet signed is 404', async () => {
    const open = await storeSignedDocument(await signPdf(await memo(), { holder: openPkcs12(readFileSync(pki.p12.andi), PASSPHRASE), level: 'B-B' }), 'biasa', 'archived');
    expect((await t.request('GET', `/verify/${open.id}`)).status).toBe(404);
    expect((await t.request('GET', `/verify/${open.token}`)).status).toBe(200);
    expect((await t.request('GET', `/verify/${randomBytes(32).toString('base64url')}`)).status).toBe(404);
    const draft = await storeSignedDocument(await memo(), 'biasa', 'draft');
    const res = await t.request('GET', `/verify/${draft.token}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND', field: 'token' });
    expect((await t.request('GET', '/verify/abc')).status).toBe(404);
  });
});

test('the internal CA answers under /api/pki (CA certificate and CRL, no sign-in)', async () => {
  const root = await t.request('GET', '/pki/root-ca.crt');
  expect(root.status).toBe(200);
  const der = Buffer.from(await root.arrayBuffer());
  const pem = readFileSync(pki.rootPem, 'utf8').replace(/-----[^-]+-----|\s/g, '');
  expect(der.toString('base64')).toBe(pem);
  const crl = await t.request('GET', '/pki/crl');
  expect(crl.status).toBe(200);
  expect(Buffer.from(await crl.arrayBuffer())[0]).toBe(0x30);
});

test('the public limit answers 429 with Retry-After once a client has used its window', () => {
  let now = 0;
  const limit = new PublicRateLimit(3, 60_000, () => now);
  for (let i = 0; i < 3; i++) limit.take('10.0.0.1');
  expect(() => limit.take('10.0.0.1')).toThrow(RateLimitedError);
  expect(() => limit.take('10.0.0.2')).not.toThrow();
  try { limit.take('10.0.0.1'); } catch (error) { expect((error as RateLimitedError).retryAfterSeconds).toBe(60); }
  now = 60_001;
  expect(() => limit.take('10.0.0.1')).not.toThrow();
});

test('the API itself rate-limits the QR lookup per client; with no TRUST_PROXY a made-up X-Forwarded-For changes nothing', async () => {
  const statuses: number[] = [];
  // 35 requests claiming 35 addresses: all counted for the one TCP peer.
  for (let i = 0; i < 35; i++) {
    statuses.push((await t.request('GET', `/verify/${newVerificationToken()}`, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } })).status);
  }
  // Earlier tests in this file used part of the same window; the last calls must be refused.
  expect(statuses.at(-1)).toBe(429);
  const refused = await t.request('GET', `/verify/${newVerificationToken()}`, { headers: { 'x-forwarded-for': '198.51.100.7' } });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
});

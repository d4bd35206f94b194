// One file, one verdict: the same signed PDF through every place that verifies
// it (public upload, the QR target, the document page, the archive report, the
// auditor package's report, and `naskah verify` run as the package's BACA-SAYA
// says) must get the
// same verdict and the same trust label per signature. The installation trusts
// its internal CA (non-certified TTE) and one certified root configured in
// TTE_CERTIFIED_ROOTS (a stand-in for BSrE under Root CA Indonesia).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { archiveLatestVersion, type ArchiveContext } from '@naskah/archive';
import { openOrm, type DomainOrm } from '@naskah/domain';
import { createTestBucket, type TestBucket } from '@naskah/infra/testing';
import { openPkcs12, signPdf } from '@naskah/signing';
import { inProcessRevocationSource, inProcessTimestampClient, initPki, issueCertificate, type Pki } from '@naskah/pki';
import { startTestApi, type TestApi } from '@naskah/api/testing';
import { newVerificationToken } from '../use-cases/sign-document.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const passphrase = 'kata-sandi-uji-123';
let base: string;
let t: TestApi;
let orm: DomainOrm;
let versions: TestBucket;
let arsip: TestBucket;
let ctx: ArchiveContext;
let internal: Pki;
let bsre: Pki;
let stranger: Pki;
const previousKeystore = process.env['NASKAH_KEYSTORE_DIR'];

async function memo(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(text, { x: 72, y: 760, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** B-LT by a new official of `pki`: the file carries its own revocation data, so no verifier needs the network. */
async function signBy(pki: Pki, pdf: Buffer, name: string, nik: string): Promise<Buffer> {
  const issued = await issueCertificate(pki, { name, nik, title: 'Kepala Dinas', passphrase });
  return signPdf(pdf, {
    holder: openPkcs12(issued.p12, passphrase), level: 'B-LT', reason: 'Penandatangan',
    timestamp: inProcessTimestampClient(pki), revocation: inProcessRevocationSource(pki),
  });
}

/** A distributed document whose signed version is `pdf`, archived; its QR token and archive id. */
async function storeAndArchive(pdf: Buffer, hal: string): Promise<{ token: string; archiveId: number; documentId: number }> {
  const em = orm.em.fork();
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const key = `sha256/${sha256}.pdf`;
  await versions.client.putObject(versions.name, key, pdf);
  const [person] = await em.execute<{ id: number; agency_id: number }[]>(
    "select p.id, p.agency_id from person p join app_user u on u.person_id = p.id where u.username = 'kadis.kominfo'");
  const [doc] = await em.execute<{ id: number }[]>(
    `insert into document (agency_id, type, hal, classification, archive_code, kepada, tembusan, content, drafter_id, status, number, created_at, updated_at)
     values (?, 'nota_dinas', ?, 'biasa', '000.1.2', '[]', '[]', '{}', ?, 'distributed', ?, now(), now()) returning id`,
    [person!.agency_id, hal, person!.id, `000.1.2/${sha256.slice(0, 4)}/Diskominfosp/2026`]);
  const token = newVerificationToken();
  await em.execute(
    `insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, verification_token, created_at) values (?, 1, ?, ?, ?, 'signed', ?, ?, now())`,
    [doc!.id, key, sha256, pdf.length, person!.id, token]);
  return { token, documentId: doc!.id, archiveId: (await archiveLatestVersion(ctx, doc!.id)).archiveId };
}

interface Seen { verdict: string; signatures: { status: string; trust: { kind: string; anchor: string | null } }[] }
const seen = (verdict: string, signatures: { status?: string; verdict?: string; trust: { kind: string; anchor: string | null } }[]): Seen => ({
  verdict, signatures: signatures.map((s) => ({ status: (s.status ?? s.verdict)!, trust: { kind: s.trust.kind, anchor: s.trust.anchor } })),
});

/** What each surface says about one file. */
async function everySurface(pdf: Buffer, hal: string): Promise<Record<string, Seen>> {
  const { token, archiveId, documentId } = await storeAndArchive(pdf, hal);
  const auditor = await t.login('auditor.inspektorat');
  const upload = (await (await t.request('POST', '/verify', { raw: pdf, headers: { 'content-type': 'application/pdf' } })).json()) as Seen & { signatures: never[] };
  const qr = (await (await t.request('GET', `/verify/${token}`)).json()) as Seen & { signatures: never[] };
  const page = await t.request('GET', `/documents/${documentId}/verification`, { token: await t.login('kadis.kominfo') });
  expect(page.status).toBe(200);
  const documentPage = (await page.json()) as Seen & { signatures: never[] };
  const report = (await (await t.request('GET', `/archive/${archiveId}/verification`, { token: auditor })).json()) as { status: string; signatures: never[] };

  const zip = await t.request('GET', `/archive/${archiveId}/package`, { token: auditor });
  expect(zip.status).toBe(200);
  const dir = mkdtempSync(join(base, 'paket-'));
  writeFileSync(join(dir, 'paket.zip'), Buffer.from(await zip.arrayBuffer()));
  execFileSync('unzip', ['-q', join(dir, 'paket.zip'), '-d', join(dir, 'x')]);
  const out = join(dir, 'x');
  const shipped = JSON.parse(readFileSync(join(out, 'verifikasi/laporan-verifikasi.json'), 'utf8')) as { summary: { verdict: string; signatures: never[] } };
  // The CLI exactly as BACA-SAYA tells the auditor to run it, with the anchors the package ships.
  const command = /naskah verify (.+)/.exec(readFileSync(join(out, 'BACA-SAYA.txt'), 'utf8'))![1]!.trim().split(/\s+/);
  const cli = spawnSync(process.execPath, [join(repo, 'bin/naskah.js'), 'verify', ...command, '--json'],
    { cwd: out, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
  const cliReport = JSON.parse(cli.stdout) as { verdict: string; signatures: never[] };
  expect(cli.status).toBe({ VALID: 0, INDETERMINATE: 1, INVALID: 2 }[cliReport.verdict]);
  if (cliReport.verdict !== 'VALID') expect(cli.stderr).toContain(cliReport.verdict);
  return {
    upload: seen(upload.verdict, upload.signatures),
    qr: seen(qr.verdict, qr.signatures),
    documentPage: seen(documentPage.verdict, documentPage.signatures),
    archiveReport: seen(report.status, report.signatures),
    package: seen(shipped.summary.verdict, shipped.summary.signatures),
    cli: seen(cliReport.verdict, cliReport.signatures),
  };
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'naskah-one-verdict-'));
  // The installation's own CA, beside the keystore as npm start lays it out.
  process.env['NASKAH_KEYSTORE_DIR'] = join(base, 'data', 'keystore');
  [internal, bsre, stranger] = await Promise.all([
    initPki(join(base, 'data', 'pki'), { organization: 'Pemerintah Kabupaten Tanah Bumbu' }),
    initPki(join(base, 'bsre'), { organization: 'Balai Sertifikasi Elektronik' }),
    initPki(join(base, 'stranger'), { organization: 'Penerbit Tak Dikenal' }),
  ]);
  versions = await createTestBucket();
  await versions.client.setBucketVersioning(versions.name, { Status: 'Enabled' });
  arsip = await createTestBucket({ objectLocking: true });
  t = await startTestApi({
    MINIO_BUCKET_DOCUMENTS: versions.name, MINIO_BUCKET_ARCHIVE: arsip.name, TTE_CERTIFIED_ROOTS: join(base, 'bsre', 'root-ca.pem'),
  });
  orm = await openOrm({ databaseUrl: t.db.url, poolMax: 4 });
  ctx = { orm, storage: { client: versions.client, buckets: { versions: versions.name, arsip: arsip.name } } };
}, 180_000);

afterAll(async () => {
  await orm?.close(true);
  await t?.stop();
  await versions?.drop().catch(() => undefined);
  if (previousKeystore === undefined) delete process.env['NASKAH_KEYSTORE_DIR'];
  else process.env['NASKAH_KEYSTORE_DIR'] = previousKeystore;
  rmSync(base, { recursive: true, force: true });
});

test('an internal-CA and a certified signature: VALID everywhere, labelled non-certified and certified alike', async () => {
  const once = await signBy(internal, await memo('NOTA DINAS - satu vonis'), 'Andi Wijaya, S.T.', '6310010101900001');
  const twice = await signBy(bsre, once, 'Budi Santoso', '6310010101900002');
  const all = await everySurface(twice, 'Nota dinas dua penanda tangan');
  // Expected from the rule: our CA is non-certified TTE, the configured root certified; the file is intact.
  const expected: Seen = {
    verdict: 'VALID',
    signatures: [
      { status: 'VALID', trust: { kind: 'internal', anchor: 'Pemerintah Kabupaten Tanah Bumbu Root CA' } },
      { status: 'VALID', trust: { kind: 'certified', anchor: 'Balai Sertifikasi Elektronik Root CA' } },
    ],
  };
  expect(all).toEqual({ upload: expected, qr: expected, documentPage: expected, archiveReport: expected, package: expected, cli: expected });
}, 120_000);

test('a signer no configured anchor knows: INDETERMINATE (never INVALID) and labelled untrusted everywhere', async () => {
  const pdf = await signBy(stranger, await memo('NOTA DINAS - penerbit asing'), 'Citra Dewi', '6310010101900003');
  const all = await everySurface(pdf, 'Nota dinas penerbit asing');
  const expected: Seen = { verdict: 'INDETERMINATE', signatures: [{ status: 'INDETERMINATE', trust: { kind: 'untrusted', anchor: null } }] };
  expect(all).toEqual({ upload: expected, qr: expected, documentPage: expected, archiveReport: expected, package: expected, cli: expected });
}, 120_000);

test('the public page says which kind of TTE it is, in Indonesian and English', async () => {
  const pdf = await signBy(internal, await memo('NOTA DINAS - label'), 'Dewi Anggraini', '6310010101900004');
  const body = (await (await t.request('POST', '/verify', { raw: pdf, headers: { 'content-type': 'application/pdf' } })).json()) as
    { signatures: { trust: { id: string; en: string } }[] };
  expect(body.signatures[0]!.trust.id).toMatch(/^TTE tidak tersertifikasi/);
  expect(body.signatures[0]!.trust.en).toMatch(/^Non-certified electronic signature/);
});

test('the document page: only for whoever may see the document (404 otherwise), 409 before any signature', async () => {
  const pdf = await signBy(internal, await memo('NOTA DINAS - halaman dokumen'), 'Eko Prasetyo', '6310010101900005');
  const { documentId } = await storeAndArchive(pdf, 'Nota dinas halaman dokumen');
  // Another agency's staff cannot see a Kominfo memo: it does not exist for them.
  const stranger = await t.request('GET', `/documents/${documentId}/verification`, { token: await t.login('staf.bappeda') });
  expect(stranger.status).toBe(404);
  await orm.em.fork().execute(`update document set status = 'draft' where id = ?`, [documentId]);
  const draft = await t.request('GET', `/documents/${documentId}/verification`, { token: await t.login('kadis.kominfo') });
  expect(draft.status).toBe(409);
  expect(await draft.json()).toMatchObject({ code: 'DOCUMENT_NOT_SIGNED', field: 'id' });
});

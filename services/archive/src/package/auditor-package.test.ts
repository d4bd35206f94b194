import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openPkcs12, signPdf, trustConfiguration, type TrustConfiguration } from '@naskah/signing';
import { inProcessRevocationSource, inProcessTimestampClient, initPki, installationTrust, issueCertificate } from '@naskah/pki';
import { pemdaSettings, recordAudit, savePemdaSettings } from '@naskah/domain';
import { archiveTestBed, type ArchiveTestBed } from '../../test/archive-fixtures.js';
import { archiveLatestVersion } from '../archive-document.js';
import { openAuditorPackage } from './auditor-package.js';
import { openArchiveVerification } from '../retrieval.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
let bed: ArchiveTestBed;
let work: string;
let rootPem: Buffer;
let signed: Buffer;
/** The installation's trust: its internal CA (non-certified TTE), as the API builds it. */
let trust: TrustConfiguration;

beforeAll(async () => {
  bed = await archiveTestBed();
  work = mkdtempSync(join(tmpdir(), 'naskah-arsip-'));
  const pki = await initPki(join(work, 'pki'));
  const issued = await issueCertificate(pki, { name: 'Andi Wijaya, S.T.', nik: '6310010101900001', nip: '199001012015031001', title: 'Kepala Dinas Komunikasi dan Informatika', passphrase: 'kata-sandi-uji-123' });
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Laporan Kinerja Instansi Pemerintah 2025', { x: 60, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  signed = await signPdf(Buffer.from(await doc.save()), {
    holder: openPkcs12(issued.p12, 'kata-sandi-uji-123'), level: 'B-LT',
    timestamp: inProcessTimestampClient(pki), revocation: inProcessRevocationSource(pki),
  });
  rootPem = readFileSync(join(work, 'pki', 'root-ca.pem'));
  trust = installationTrust(pki, []);
}, 180_000);
afterAll(async () => {
  await bed?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function viewerOf(username: string) {
  const [row] = await bed.orm.em.fork().execute<{ person_id: number; name: string; roles: string[]; classified_access: boolean }[]>(
    'select u.person_id, p.name, u.roles, u.classified_access from app_user u join person p on p.id = u.person_id where u.username = ?', [username]);
  return { personId: row!.person_id, name: row!.name, roles: row!.roles as never, classifiedAccess: row!.classified_access };
}

describe('auditor package', () => {
  test('the ZIP verifies by itself: manifest hashes match, verify-manifest passes, naskah verify accepts the PDF', async () => {
    const doc = await bed.makeDocument({ archiveCode: '000.5.3', pdf: signed, hal: 'Laporan Kinerja Instansi Pemerintah (LKjIP) 2025' });
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
    const auditor = await viewerOf('auditor.inspektorat');
    const pkg = await openAuditorPackage(bed.ctx, archived.archiveId, auditor, { trust });
    const zipPath = join(work, pkg.filename);
    await pipeline(pkg.stream, createWriteStream(zipPath));
    const out = join(work, 'unzipped');
    execFileSync('unzip', ['-q', zipPath, '-d', out]);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string; size: number }[]; finalSha256: string };
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([
      'dokumen/000.1.2_1_TEST_2026.pdf', 'arsip-manifest.json', 'verifikasi/laporan-verifikasi.json', 'verifikasi/laporan-verifikasi.pdf',
      'jejak-audit/jejak-audit.json', 'jejak-audit/lembar-jejak-audit.pdf', 'verify-manifest.mjs', 'BACA-SAYA.txt',
    ]));
    // The anchor the report names ships with it, byte for byte the internal CA's root.
    const shipped = paths.filter((p) => p.startsWith('trust/'));
    expect(shipped).toEqual([expect.stringMatching(/^trust\/internal-[0-9a-f]{16}\.pem$/)]);
    expect(readFileSync(join(out, shipped[0]!), 'utf8').replace(/\s+/g, '')).toBe(rootPem.toString('utf8').replace(/\s+/g, ''));
    expect(paths.filter((p) => p.startsWith('versi/'))).toHaveLength(1);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(out, f.path));
      expect({ path: f.path, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ path: f.path, sha256: f.sha256 });
    }
    expect(manifest.finalSha256).toBe(doc.sha256);
    expect(readFileSync(join(out, 'dokumen/000.1.2_1_TEST_2026.pdf')).equals(signed)).toBe(true);

    const script = spawnSync(process.execPath, ['verify-manifest.mjs'], { cwd: out, encoding: 'utf8' });
    expect(script.stdout).toContain('Semua berkas cocok');
    expect(script.status).toBe(0);
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(sums.status).toBe(0);

    // BACA-SAYA's command, as written there, checks the signature again with the shipped anchor.
    const readMe = readFileSync(join(out, 'BACA-SAYA.txt'), 'utf8');
    const command = /naskah verify (.+)/.exec(readMe)![1]!.trim().split(/\s+/);
    expect(command).toEqual(['dokumen/000.1.2_1_TEST_2026.pdf', '--trust', shipped[0]]);
    expect(readMe).toContain('TTE tidak tersertifikasi');
    const verify = spawnSync(process.execPath, [join(repo, 'bin/naskah.js'), 'verify', ...command],
      { cwd: out, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(verify.stdout).toContain('Document: VALID');
    expect(verify.status).toBe(0);

    const report = JSON.parse(readFileSync(join(out, 'verifikasi/laporan-verifikasi.json'), 'utf8')) as { summary: { verdict: string; signatures: { trust: { kind: string } }[] } };
    expect(report.summary.verdict).toBe('VALID');
    expect(report.summary.signatures[0]!.trust.kind).toBe('internal');
    const trail = JSON.parse(readFileSync(join(out, 'jejak-audit/jejak-audit.json'), 'utf8')) as { action: string }[];
    expect(trail.map((e) => e.action)).toEqual(['archive.archived', 'archive.package_retrieved']);
    const text = execFileSync('pdftotext', [join(out, 'jejak-audit/lembar-jejak-audit.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Lembar Jejak Audit');
    // Issue 19: the console's labels, not the stored codes; the auditor by name and jabatan (seed: Auditor Ahli Madya).
    expect(text).toContain('Paket arsip diunduh');
    expect(text).not.toContain('archive.package_retrieved');
    expect(text).toContain('Maya Puspitasari, S.E., Ak. (Auditor Ahli Madya)');
    // Issue 19: printed times in the Pemda's zone (Tanah Bumbu: WITA), as "6 Desember 2026 14.05 WITA", never UTC ISO.
    const isoTime = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
    const witaTime = /\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4} \d{2}\.\d{2} WITA/;
    const reportText = execFileSync('pdftotext', [join(out, 'verifikasi/laporan-verifikasi.pdf'), '-'], { encoding: 'utf8' });
    for (const sheet of [text, reportText]) {
      expect(sheet).toMatch(witaTime);
      expect(sheet).not.toMatch(isoTime);
    }
    // The first event's time printed is its instant in UTC+8 (WITA has no daylight saving).
    const archivedAt = new Date((trail as unknown as { at: string }[])[0]!.at);
    const wita = new Date(archivedAt.getTime() + 8 * 3600_000);
    const bulan = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
    const hhmm = `${String(wita.getUTCHours()).padStart(2, '0')}.${String(wita.getUTCMinutes()).padStart(2, '0')}`;
    expect(text).toContain(`${wita.getUTCDate()} ${bulan[wita.getUTCMonth()]} ${wita.getUTCFullYear()} ${hhmm} WITA`);

    // A tampered copy fails the script.
    const tampered = join(out, 'dokumen/000.1.2_1_TEST_2026.pdf');
    const bytes = readFileSync(tampered);
    bytes[100] = bytes[100]! ^ 1;
    await pipeline(async function* () { yield bytes; }, createWriteStream(tampered));
    const again = spawnSync(process.execPath, ['verify-manifest.mjs'], { cwd: out, encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('BERBEDA  dokumen/000.1.2_1_TEST_2026.pdf');
  }, 120_000);

  test('the audit sheet prints labels and names, the workflow as "Sistem (alur kerja)"; without anchors there is no trust/ and BACA-SAYA does not name one', async () => {
    const doc = await bed.makeDocument({ hal: 'Undangan rapat koordinasi jejak audit' });
    const em = bed.orm.em.fork();
    const [drafter] = await em.execute<{ id: number; name: string; title: string }[]>(
      "select p.id, p.name, pos.title from app_user u join person p on p.id = u.person_id join position pos on pos.id = p.position_id where u.username = 'sekdis.kominfo'");
    const [kadis] = await em.execute<{ id: number; name: string }[]>("select p.id, p.name from app_user u join person p on p.id = u.person_id where u.username = 'kadis.kominfo'");
    // As the workflow and the sign use case write them: "person N", "plh for person M", "workflow doc-N@…".
    await em.transactional(async (tx) => {
      await recordAudit(tx, { actor: { id: drafter!.id, name: `person ${drafter!.id}`, onBehalfOf: `plh for person ${kadis!.id}` }, action: 'document.submit', subjectType: 'document', subjectId: doc.documentId });
    });
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId, { id: null, name: `workflow doc-${doc.documentId}@01a2b3c4d5e6` });
    const pkg = await openAuditorPackage(bed.ctx, archived.archiveId, await viewerOf('auditor.inspektorat'), { trust: trustConfiguration({}) });
    const zipPath = join(work, `tanpa-jangkar-${pkg.filename}`);
    await pipeline(pkg.stream, createWriteStream(zipPath));
    const out = join(work, 'tanpa-jangkar');
    execFileSync('unzip', ['-q', zipPath, '-d', out]);
    const listing = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).split('\n');
    expect(listing.filter((p) => p.startsWith('trust/'))).toEqual([]);
    expect(readFileSync(join(out, 'BACA-SAYA.txt'), 'utf8')).not.toContain('trust/');

    const sheet = execFileSync('pdftotext', ['-layout', join(out, 'jejak-audit/lembar-jejak-audit.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(sheet).toContain(`${drafter!.name} (${drafter!.title}) (Plh. untuk ${kadis!.name}): Diajukan untuk paraf`);
    expect(sheet).toContain('Sistem (alur kerja): Disimpan di arsip (terkunci)');
    expect(sheet).not.toMatch(/document\.submit|archive\.archived|person \d|workflow doc-/);
    const trail = JSON.parse(readFileSync(join(out, 'jejak-audit/jejak-audit.json'), 'utf8')) as { action: string; actor: string }[];
    // The JSON keeps what the hash chain covers.
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['document.submit', `person ${drafter!.id}`], ['archive.archived', `workflow doc-${doc.documentId}@01a2b3c4d5e6`], ['archive.package_retrieved', 'Maya Puspitasari, S.E., Ak.']]);
  }, 60_000);

  test('the sheets print times in the zone the Pemda is set to: WIT (UTC+9) once the admin chose it', async () => {
    const doc = await bed.makeDocument({ hal: 'Undangan rapat di Jayapura' });
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
    const before = (await pemdaSettings(bed.orm.em.fork()))!;
    await savePemdaSettings(bed.orm.em.fork(), { ...before, timeZone: 'Asia/Jayapura' });
    try {
      const pkg = await openAuditorPackage(bed.ctx, archived.archiveId, await viewerOf('auditor.inspektorat'), { trust });
      const zipPath = join(work, `wit-${pkg.filename}`);
      await pipeline(pkg.stream, createWriteStream(zipPath));
      const out = join(work, 'wit');
      execFileSync('unzip', ['-q', zipPath, '-d', out]);
      const trail = JSON.parse(readFileSync(join(out, 'jejak-audit/jejak-audit.json'), 'utf8')) as { at: string }[];
      const wit = new Date(new Date(trail[0]!.at).getTime() + 9 * 3600_000);
      const bulan = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
      const hhmm = `${String(wit.getUTCHours()).padStart(2, '0')}.${String(wit.getUTCMinutes()).padStart(2, '0')}`;
      const sheet = execFileSync('pdftotext', [join(out, 'jejak-audit/lembar-jejak-audit.pdf'), '-'], { encoding: 'utf8' });
      expect(sheet).toContain(`${wit.getUTCDate()} ${bulan[wit.getUTCMonth()]} ${wit.getUTCFullYear()} ${hhmm} WIT`);
      expect(sheet).not.toContain('WITA');
      expect(execFileSync('pdftotext', [join(out, 'verifikasi/laporan-verifikasi.pdf'), '-'], { encoding: 'utf8' })).toMatch(/\d{2}\.\d{2} WIT\b/);
      // BACA-SAYA too: the archiving time in WIT, no UTC ISO text.
      const readMe = readFileSync(join(out, 'BACA-SAYA.txt'), 'utf8');
      expect(readMe).toMatch(/Diarsipkan: \d{1,2} \S+ \d{4} \d{2}\.\d{2} WIT\n/);
      expect(readMe).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|WITA/);
    } finally {
      await savePemdaSettings(bed.orm.em.fork(), before);
    }
  }, 60_000);

  test('an auditor without the grant cannot read a Rahasia record; the refusal is audited', async () => {
    const doc = await bed.makeDocument({ classification: 'rahasia', hal: 'Laporan hasil pemeriksaan khusus' });
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
    const auditor = await viewerOf('auditor.inspektorat');
    expect(auditor.classifiedAccess).toBe(false);
    await expect(openAuditorPackage(bed.ctx, archived.archiveId, auditor, { trust })).rejects.toMatchObject({ code: 'ARCHIVE_FORBIDDEN' });
    const granted = await openAuditorPackage(bed.ctx, archived.archiveId, { ...auditor, classifiedAccess: true }, { trust });
    granted.stream.resume();
    await new Promise((resolve) => granted.stream.on('end', resolve));
    const actions = await bed.orm.em.fork().execute<{ action: string; actor_name: string }[]>(
      "select action, actor_name from audit_event where subject_type = 'archive_record' and subject_id = ? order by seq", [String(archived.archiveId)]);
    expect(actions).toEqual([
      { action: 'archive.retrieval_refused', actor_name: auditor.name },
      { action: 'archive.package_retrieved', actor_name: auditor.name },
    ]);
  }, 60_000);

  test('the verification report alone: same verifier verdict as the package, signer named, audited; Rahasia refused without the grant', async () => {
    const doc = await bed.makeDocument({ archiveCode: '000.5.3', pdf: signed, hal: 'LKjIP 2025 (salinan kedua)' });
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
    const auditor = await viewerOf('auditor.inspektorat');
    const verification = await openArchiveVerification(bed.ctx, archived.archiveId, auditor, { trust });
    expect(verification).toMatchObject({ archiveId: archived.archiveId, documentId: doc.documentId, sha256: doc.sha256 });
    expect(verification.report.verdict).toBe('VALID');
    expect(verification.summary.signatures.map((s) => s.signer)).toContain('Andi Wijaya, S.T.');
    expect(verification.summary.signatures[0]!.trust).toMatchObject({ kind: 'internal', id: expect.stringContaining('TTE tidak tersertifikasi') });
    // Without the trust anchor the same bytes cannot be trusted, and an unknown signer is INDETERMINATE, never INVALID.
    const untrusted = await openArchiveVerification(bed.ctx, archived.archiveId, auditor, { trust: trustConfiguration({}) });
    expect(untrusted.report.verdict).toBe('INDETERMINATE');
    expect(untrusted.summary.signatures[0]!.trust).toMatchObject({ kind: 'untrusted', anchor: null });

    const secret = await archiveLatestVersion(bed.ctx, (await bed.makeDocument({ classification: 'rahasia' })).documentId);
    await expect(openArchiveVerification(bed.ctx, secret.archiveId, auditor, { trust })).rejects.toMatchObject({ code: 'ARCHIVE_FORBIDDEN' });
    await expect(openArchiveVerification(bed.ctx, secret.archiveId, { ...auditor, roles: ['drafter'] as never, classifiedAccess: true }, { trust })).rejects.toMatchObject({ code: 'ARCHIVE_FORBIDDEN' });
    const actions = await bed.orm.em.fork().execute<{ subject_id: string; action: string; data: { verdict?: string } }[]>(
      "select subject_id, action, data from audit_event where subject_type = 'archive_record' and subject_id in (?, ?) order by seq", [String(archived.archiveId), String(secret.archiveId)]);
    expect(actions.map((a) => [Number(a.subject_id), a.action, a.data.verdict ?? null])).toEqual([
      [archived.archiveId, 'archive.verification_retrieved', 'VALID'],
      [archived.archiveId, 'archive.verification_retrieved', 'INDETERMINATE'],
      [secret.archiveId, 'archive.retrieval_refused', null],
      [secret.archiveId, 'archive.retrieval_refused', null],
    ]);
  }, 60_000);
});

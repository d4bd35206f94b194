// Valid documents from the real signing engine: our verdict must agree with
// pdfsig and pyHanko, and `naskah verify` must exit 0 with the JSON report.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runVerifyCommand } from '../../src/verify/command.js';
import { publicSummary } from '../../src/verify/public-summary.js';
import { verifyPdf, type VerificationReport } from '../../src/verify/verify-pdf.js';
import { memo, sign, testPki, type TestPki } from './fixtures.js';
import { nssDb, pdfsig, pyhanko } from './validators.js';

interface Fixture { name: string; bytes: Buffer; checkRevocation: boolean }

let t: TestPki;
let dir: string;
let nss: string;
let rootPath: string;
const fixtures: Fixture[] = [];
const table: string[] = ['| fixture | sig | ours: verdict / level / coverage | pdfsig: signature / total / certificate | pyHanko: verdict / coverage / trusted |', '|---|---|---|---|---|'];

beforeAll(async () => {
  t = await testPki();
  dir = mkdtempSync(join(tmpdir(), 'naskah-verify-valid-'));
  nss = nssDb(t.rootPem);
  rootPath = join(dir, 'root-ca.pem');
  writeFileSync(rootPath, t.rootPem);
  const seq = async (base: Buffer): Promise<Buffer> => sign(await sign(await sign(base, t, 0, 'B-B'), t, 1, 'B-T'), t, 2, 'B-LT');
  fixtures.push({ name: 'classic xref, B-B/B-T/B-LT', bytes: await seq(await memo(2)), checkRevocation: true });
  fixtures.push({ name: 'xref streams + object streams, B-B/B-T/B-LT', bytes: await seq(await memo(2, { objectStreams: true })), checkRevocation: true });
  // After a certification, new signatures must not draw (pyHanko and we refuse visible ones: sneaky signature).
  fixtures.push({ name: 'certified (DocMDP P=2) + 2 invisible approvals', bytes: await sign(await sign(await sign(await memo(1), t, 0, 'B-T', { certify: true }), t, 1, 'B-T', { invisible: true }), t, 2, 'B-LT', { invisible: true }), checkRevocation: true });
  fixtures.push({ name: 'single B-LTA', bytes: await sign(await memo(1), t, 3, 'B-LTA'), checkRevocation: true });
  fixtures.push({ name: 'single B-B invisible', bytes: await sign(await memo(1), t, 4, 'B-B', { invisible: true }), checkRevocation: false });
});

afterAll(() => {
  console.log(`Agreement with independent validators:\n${table.join('\n')}`);
});

describe('valid documents', () => {
  test('every signature VALID, and pdfsig and pyHanko agree', async () => {
    for (const f of fixtures) {
      const file = join(dir, `${f.name.replace(/\W+/g, '_')}.pdf`);
      writeFileSync(file, f.bytes);
      const ours = await verifyPdf(file, { trustAnchors: [t.rootPem], checkRevocation: f.checkRevocation });
      const ps = pdfsig(file, nss);
      const ph = pyhanko(file, rootPath);
      expect(ours.verdict).toBe('VALID');
      expect(ps).toHaveLength(ours.signatures.length);
      // pyHanko's `sign validate` lists approval signatures only; pdfsig cannot check RFC 3161 document timestamps.
      expect(ph).toHaveLength(ours.signatures.filter((s) => s.kind !== 'document-timestamp').length);
      ours.signatures.forEach((s, i) => {
        const p = ps[i]!;
        const h = ph.find((x) => x.field === s.field);
        const dts = s.kind === 'document-timestamp';
        table.push(`| ${f.name} | ${s.field} | ${s.verdict} / ${s.level ?? s.kind} / ${s.coverage} | ${dts ? 'unsupported type' : `${p.valid ? 'valid' : 'INVALID'} / ${p.total ? 'total' : 'not total'} / ${p.certificate}`} | ${h ? `${h.verdict} / ${h.coverage} / ${h.trusted ? 'trusted' : 'untrusted'}` : 'not listed'} |`);
        expect(s.verdict).toBe('VALID');
        expect(p.total).toBe(s.coverage === 'ENTIRE_FILE');
        if (dts) return;
        expect({ field: s.field, valid: p.valid, certificate: p.certificate }).toEqual({ field: s.field, valid: true, certificate: 'Certificate is Trusted.' });
        expect(h!.verdict).toBe('VALID');
        expect(h!.intact && h!.trusted).toBe(true);
        expect(s.coverage === 'ENTIRE_FILE' ? 'ENTIRE_FILE' : 'ENTIRE_REVISION').toBe(h!.coverage);
      });
    }
  });

  test('the report names the signer, levels, DocMDP and what later revisions changed', async () => {
    const [seq, , certified, lta] = fixtures;
    const r = await verifyPdf(seq!.bytes, { trustAnchors: [t.rootPem] });
    expect(r.signatures.map((s) => s.signer?.name)).toEqual(['Siti Rahmawati', 'Budi Santoso', 'Andi Pratama']);
    expect(r.signatures[0]!.signer).toMatchObject({ nik: '6471025506800001', agency: 'Dinas Komunikasi dan Informatika', title: 'Kepala Dinas' });
    expect(r.signatures.map((s) => s.level)).toEqual(['B-B', 'B-LT', 'B-LT']);
    expect(r.signatures.map((s) => s.coverage)).toEqual(['ENTIRE_REVISION', 'ENTIRE_REVISION', 'ENTIRE_REVISION']);
    expect(r.signatures.every((s) => s.modificationsAfter === 'allowed' && s.keyUsage?.nonRepudiation && s.revocation.status === 'good')).toBe(true);
    expect(r.signatures[1]!.timestamp).toMatchObject({ valid: true, trusted: true, tsa: 'Naskah Time-Stamp Authority' });
    const c = await verifyPdf(certified!.bytes, { trustAnchors: [t.rootPem] });
    expect(c.signatures[0]).toMatchObject({ kind: 'certification', docMdp: { permissions: 2 } });
    const l = await verifyPdf(lta!.bytes, { trustAnchors: [t.rootPem] });
    expect(l.signatures.map((s) => [s.kind, s.level])).toEqual([['approval', 'B-LTA'], ['document-timestamp', null]]);
    expect(l.signatures[1]!.coverage).toBe('ENTIRE_FILE');
  });

  test('untrusted root gives INDETERMINATE, missing revocation data gives INDETERMINATE', async () => {
    const other = await testPki('outsider');
    const bb = fixtures[4]!.bytes;
    const r = await verifyPdf(bb, { trustAnchors: [other.rootPem], checkRevocation: false });
    expect(r.verdict).toBe('INDETERMINATE');
    expect(r.signatures[0]!.reasons.map((x) => x.code)).toContain('CERT_NOT_TRUSTED');
    const r2 = await verifyPdf(bb, { trustAnchors: [t.rootPem] });
    expect(r2.verdict).toBe('INDETERMINATE');
    expect(r2.signatures[0]!.reasons.map((x) => x.code)).toEqual(['REVOCATION_UNKNOWN']);
    expect(r2.signatures[0]!.reasons[0]!.id).toMatch(/pencabutan/);
  });

  test('online OCSP through a revocation source; a revoked signer is INVALID', async () => {
    const { inProcessRevocationSource } = await import('@naskah/pki');
    const source = inProcessRevocationSource(t.pki);
    const bb = fixtures[4]!.bytes;
    const ok = await verifyPdf(bb, { trustAnchors: [t.rootPem], allowOnlineRevisionCheck: true, revocationSource: source });
    expect(ok.verdict).toBe('VALID');
    expect(ok.signatures[0]!.revocation).toMatchObject({ status: 'good', source: 'online-ocsp' });
    const victim = await t.pki.issue({ name: 'Pejabat Dicabut', nik: '6471020000000009', keyType: 'rsa2048', passphrase: 'rahasia-uji-123' });
    const { openPkcs12 } = await import('../../src/keys/index.js');
    const { signPdf } = await import('../../src/sign.js');
    const signed = await signPdf(await memo(1), { holder: openPkcs12(victim.p12, 'rahasia-uji-123'), placement: { invisible: true } });
    t.pki.revoke(victim.serialHex);
    const bad = await verifyPdf(signed, { trustAnchors: [t.rootPem], allowOnlineRevisionCheck: true, revocationSource: source });
    expect(bad.verdict).toBe('INVALID');
    expect(bad.signatures[0]!.reasons.map((x) => x.code)).toContain('CERT_REVOKED');
    // A responder that cannot be reached leaves the status unknown.
    const down = { ocsp: async (): Promise<Buffer> => { throw new Error('ECONNREFUSED'); } };
    const unknown = await verifyPdf(bb, { trustAnchors: [t.rootPem], allowOnlineRevisionCheck: true, revocationSource: down });
    expect(unknown.verdict).toBe('INDETERMINATE');
    expect(unknown.signatures[0]!.reasons.map((x) => x.code)).toEqual(['REVOCATION_UNKNOWN']);
  });

  test('an ECDSA P-256 signer verifies, and pyHanko agrees', async () => {
    const { openPkcs12 } = await import('../../src/keys/index.js');
    const { signPdf } = await import('../../src/sign.js');
    const issued = await t.pki.issue({ name: 'Pejabat Kurva', nik: '6471020000000011', keyType: 'ecdsa-p256', passphrase: 'rahasia-uji-123' });
    const signed = await signPdf(await memo(1), { holder: openPkcs12(issued.p12, 'rahasia-uji-123'), placement: { invisible: true } });
    const r = await verifyPdf(signed, { trustAnchors: [t.rootPem], checkRevocation: false });
    expect(r.verdict).toBe('VALID');
    const file = join(dir, 'ecdsa.pdf');
    writeFileSync(file, signed);
    expect(pyhanko(file, rootPath).map((f) => f.verdict)).toEqual(['VALID']);
  });

  test('publicSummary shows only what the paper shows', async () => {
    const r: VerificationReport = await verifyPdf(fixtures[0]!.bytes, { trustAnchors: [t.rootPem] });
    const s = publicSummary(r);
    expect(s.verdict).toBe('VALID');
    expect(s.signatures[0]).toMatchObject({ signer: 'Siti Rahmawati', title: 'Kepala Dinas', verdict: 'VALID' });
    const text = JSON.stringify(s);
    expect(text).not.toContain('6471025506800001');
    expect(text).not.toContain(r.signatures[0]!.signer!.certificateSerial);
  });
});

describe('naskah verify', () => {
  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const o = jest.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
    const e = jest.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
    try {
      return { code: await runVerifyCommand(argv), out, err };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  test('exit codes 0 valid / 1 indeterminate / 2 invalid / 3 unreadable / 64 usage, and the JSON report', async () => {
    const good = join(dir, 'cli-good.pdf');
    writeFileSync(good, fixtures[0]!.bytes);
    const ok = await run([good, '--trust', rootPath, '--json']);
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.out) as VerificationReport;
    expect(report.verdict).toBe('VALID');
    for (const k of ['field', 'signer', 'signedAt', 'level', 'intact', 'trusted', 'coverage', 'modificationsAfter']) expect(report.signatures[0]).toHaveProperty(k);

    expect((await run([good])).code).toBe(1); // no trust anchor: INDETERMINATE
    const tampered = Buffer.from(fixtures[0]!.bytes);
    tampered[200] = tampered[200]! ^ 1;
    const bad = join(dir, 'cli-bad.pdf');
    writeFileSync(bad, tampered);
    const b = await run([bad, '--trust', rootPath]);
    expect(b.code).toBe(2);
    expect(b.out).toMatch(/DIGEST_MISMATCH/);
    expect(b.err).toMatch(/DIGEST_MISMATCH/);
    expect((await run([])).code).toBe(64);
    expect((await run([good, '--bogus'])).code).toBe(64);
    const junk = join(dir, 'junk.pdf');
    writeFileSync(junk, 'hello, not a pdf');
    const j = await run([junk, '--trust', rootPath]);
    expect(j.code).toBe(3);
    expect(j.err).toMatch(/not a readable PDF/);
    expect((await run([join(dir, 'missing.pdf')])).code).toBe(3);
  });

  test('the installed `naskah` entry dispatches verify', () => {
    const good = join(dir, 'cli-bin.pdf');
    writeFileSync(good, fixtures[0]!.bytes);
    const bin = join(dirname(fileURLToPath(import.meta.url)), '../../../../bin/naskah.js');
    const ok = spawnSync(process.execPath, [bin, 'verify', good, '--trust', rootPath, '--json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as VerificationReport).signatures).toHaveLength(3);
    expect(spawnSync(process.execPath, [bin, 'verify'], { encoding: 'utf8' }).status).toBe(64);
  });
});

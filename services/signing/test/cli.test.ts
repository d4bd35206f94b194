// The `naskah` CLI contract: pki, sign at every level, verify; bad input exits 3 with one line and no file.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPki, startPkiServer, type RunningPkiServer } from '@naskah/pki';
import { buildFixture } from './fixtures.js';
import { makeTestPki, PASSPHRASE, type TestPki } from './pki-setup.js';
import { makeNssDb, pdfsig, pyhankoValidate, qpdfCheck } from './validators.js';

const BIN = join(process.cwd(), 'bin/naskah.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function naskah(args: string[], env: Record<string, string> = { NASKAH_PASSPHRASE: PASSPHRASE }): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

let base: string;
let tp: TestPki;
let server: RunningPkiServer;
let memo: string;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'naskah-cli-'));
  const port = await freePort();
  tp = await makeTestPki(base, `http://127.0.0.1:${port}`);
  server = await startPkiServer(openPki(tp.dir), { port });
  memo = await buildFixture('classic', { dir: base, otherToolP12: tp.p12.dewi, passphraseFile: tp.passphraseFile });
});
afterAll(async () => {
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

test('pki init/issue, then sign B-B, B-T (in-process PKI), B-LT (TSA and OCSP over HTTP), B-LTA, and verify', async () => {
  const dir = join(base, 'cli-pki');
  expect((await naskah(['pki', 'init', '--dir', dir])).code).toBe(0);
  expect(existsSync(join(dir, 'root-ca.pem'))).toBe(true);
  const p12 = join(base, 'gita.p12');
  const issued = await naskah(['pki', 'issue', '--dir', dir, '--name', 'Gita Permata', '--nik', '7371010101900007', '--nip', '199107072019032007', '--title', 'Camat', '--out', p12, '--passphrase-file', tp.passphraseFile], {});
  expect(issued).toMatchObject({ code: 0 });

  const s1 = join(base, 'cli-1.pdf');
  const s2 = join(base, 'cli-2.pdf');
  const s3 = join(base, 'cli-3.pdf');
  const s4 = join(base, 'cli-4.pdf');
  expect(await naskah(['sign', memo, '--out', s1, '--p12', p12, '--pki', dir, '--anchor', '^', '--reason', 'Menyetujui', '--location', 'Makassar'])).toMatchObject({ code: 0, stderr: '' });
  expect(await naskah(['sign', s1, '--out', s2, '--p12', tp.p12.budi, '--level', 'B-T', '--pki', tp.dir, '--paraf'])).toMatchObject({ code: 0, stderr: '' });
  expect(await naskah(['sign', s2, '--out', s3, '--p12', tp.p12.citra, '--level', 'B-LT', '--tsa', `${server.url}/tsa`, '--page', '1', '--rect', '60,90,200,64'])).toMatchObject({ code: 0, stderr: '' });
  expect(await naskah(['sign', s3, '--out', s4, '--p12', tp.p12.andi, '--level', 'B-LTA', '--pki', tp.dir, '--page', '1', '--rect', '300,90,200,64'])).toMatchObject({ code: 0, stderr: '' });

  // Gita's certificate chains to the other PKI: trust both roots.
  const nss = await makeNssDb(join(base, 'nss-cli'), tp.rootPem, [join(tp.dir, 'issuing-ca.pem')], tp.crls);
  execFileSync('certutil', ['-A', '-d', nss, '-n', 'cli-root', '-t', 'CT,C,C', '-i', join(dir, 'root-ca.pem')]);
  const [sig, q] = await Promise.all([pdfsig(s4, nss), qpdfCheck(s4)]);
  expect(q.ok).toBe(true);
  const cades = sig.filter((s) => s.type === 'ETSI.CAdES.detached');
  expect(cades).toHaveLength(4);
  for (const s of cades) expect({ field: s.field, valid: s.valid, certificate: s.certificateStatus }).toEqual({ field: s.field, valid: true, certificate: 'Certificate is Trusted.' });
  expect(sig.map((s) => s.field)).toEqual(['TTE1', 'Paraf1', 'TTE2', 'TTE3', 'DocTimeStamp1']);

  const bothRoots = join(base, 'roots.pem');
  writeFileSync(bothRoots, readFileSync(tp.rootPem, 'utf8') + readFileSync(join(dir, 'root-ca.pem'), 'utf8'));
  const ph = await pyhankoValidate(s4, bothRoots);
  expect(ph.fields.filter((f) => f.verdict === 'VALID')).toHaveLength(4);

  const verify = await naskah(['verify', s3, '--trust', tp.rootPem, '--json']);
  const report = JSON.parse(verify.stdout) as { signatures: { field: string; intact: boolean }[] };
  expect(report.signatures.map((s) => s.field)).toEqual(['TTE1', 'Paraf1', 'TTE2']);
  for (const s of report.signatures) expect(s.intact).toBe(true);
});

test('a passphrase as an argument is a usage error that says why', async () => {
  const r = await naskah(['sign', memo, '--out', join(base, 'x.pdf'), '--p12', tp.p12.andi, '--passphrase', PASSPHRASE], {});
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--passphrase is not accepted.*ps.*--passphrase-file/);
  expect(r.stderr).not.toContain(PASSPHRASE);
  expect(existsSync(join(base, 'x.pdf'))).toBe(false);
});

describe('rejected input exits 3 with one line and writes nothing', () => {
  const cases: [string, () => Promise<string[]>, RegExp][] = [
    ['wrong passphrase', async () => ['--p12', tp.p12.andi, '--passphrase-file', writeTemp('wrong.txt', 'salah-sandi-99\n')], /passphrase/i],
    ['revoked certificate', async () => ['--p12', tp.p12.revoked, '--pki', tp.dir], /revoked/i],
    ['expired certificate', async () => ['--p12', tp.p12.expired], /expired/i],
    ['TSA down', async () => ['--p12', tp.p12.andi, '--level', 'B-T', '--tsa', `http://127.0.0.1:${await freePort()}/tsa`], /time-stamp authority/i],
    ['encrypted PDF', async () => {
      const enc = join(base, 'encrypted.pdf');
      execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', memo, enc]);
      return ['--p12', tp.p12.andi, '@in', enc];
    }, /encrypted/i],
    ['truncated PDF', async () => {
      const bytes = readFileSync(memo);
      return ['--p12', tp.p12.andi, '@in', writeTemp('truncated.pdf', bytes.subarray(0, Math.floor(bytes.length * 0.6)))];
    }, /truncated/i],
    ['non-PDF', async () => ['--p12', tp.p12.andi, '@in', writeTemp('surat.docx', 'PK\u0003\u0004 not a pdf at all')], /not a PDF/i],
    ['anchor missing', async () => ['--p12', tp.p12.andi, '--anchor', '#'], /anchor/i],
  ];
  test.each(cases)('%s', async (_label, args, message) => {
    const extra = await args();
    const inIdx = extra.indexOf('@in');
    const input = inIdx >= 0 ? extra.splice(inIdx, 2)[1]! : memo;
    const outDir = mkdtempSync(join(base, 'out-'));
    const out = join(outDir, 'signed.pdf');
    const r = await naskah(['sign', input, '--out', out, ...extra]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(PASSPHRASE);
    expect(readdirSync(outDir)).toEqual([]);
  });
});

function writeTemp(name: string, content: string | Buffer): string {
  const p = join(base, name);
  writeFileSync(p, content);
  return p;
}

describe('naskah verify: revocation fetched when the file lacks it, reasons on stderr, exit 0/1/2/3', () => {
  let bb: string;
  beforeAll(async () => {
    // B-B: no revocation data in the file; the certificate's OCSP address (AIA) is the test's PKI server.
    bb = join(base, 'verify-bb.pdf');
    expect(await naskah(['sign', memo, '--out', bb, '--p12', tp.p12.andi])).toMatchObject({ code: 0 });
  });

  test('by default the missing OCSP answer is fetched from the AIA address: VALID, exit 0, nothing on stderr', async () => {
    const r = await naskah(['verify', bb, '--trust', tp.rootPem, '--json'], {});
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(r.stdout) as { verdict: string; signatures: { revocation: { status: string; source: string }; trust: { kind: string } }[] };
    expect(report.verdict).toBe('VALID');
    expect(report.signatures[0]!.revocation).toEqual({ status: 'good', source: 'online-ocsp' });
    expect(report.signatures[0]!.trust.kind).toBe('internal');
  });

  test('--offline forbids the network: INDETERMINATE, exit 1, the reason on stderr', async () => {
    const r = await naskah(['verify', bb, '--trust', tp.rootPem, '--offline'], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Document: INDETERMINATE');
    expect(r.stderr).toContain('INDETERMINATE');
    expect(r.stderr).toContain('REVOCATION_UNKNOWN');
    expect(r.stderr).toContain('--offline');
  });

  test('an unknown signer is INDETERMINATE (exit 1) with CERT_NOT_TRUSTED on stderr, also in --json mode', async () => {
    const r = await naskah(['verify', bb, '--json'], {});
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { verdict: string }).verdict).toBe('INDETERMINATE');
    expect(r.stderr).toContain('CERT_NOT_TRUSTED');
    expect(r.stderr).toContain('Unknown issuer');
  });

  test('a changed byte is INVALID: exit 2, DIGEST_MISMATCH on stderr', async () => {
    const bytes = readFileSync(bb);
    bytes[9] = bytes[9] === 0x25 ? 0x26 : 0x25; // inside the first signed range (the binary comment line after the header)
    const bad = writeTemp('verify-bad.pdf', bytes);
    const r = await naskah(['verify', bad, '--trust', tp.rootPem], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('INVALID');
    expect(r.stderr).toContain('DIGEST_MISMATCH');
  });

  test('unreadable input exits 3: not a PDF, a missing file, an unreadable or bogus trust anchor; bad arguments 64', async () => {
    const junk = await naskah(['verify', writeTemp('verify-junk.pdf', 'hello, not a pdf'), '--trust', tp.rootPem], {});
    expect(junk.code).toBe(3);
    expect(junk.stderr).toMatch(/PDF_UNREADABLE/);
    expect((await naskah(['verify', join(base, 'no-such.pdf')], {})).code).toBe(3);
    const missingAnchor = await naskah(['verify', bb, '--trust', join(base, 'no-such-root.pem')], {});
    expect(missingAnchor.code).toBe(3);
    expect(missingAnchor.stderr).toContain('cannot read trust anchor');
    expect((await naskah(['verify', bb, '--trust', writeTemp('not-a-cert.pem', 'bukan sertifikat')], {})).code).toBe(3);
    expect((await naskah(['verify'], {})).code).toBe(64);
    expect((await naskah(['verify', bb, '--bogus'], {})).code).toBe(64);
  });
});

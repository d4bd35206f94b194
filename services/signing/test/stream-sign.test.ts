// Signing a file on disk (signPdfFile: the input streamed into a temporary file while it is
// hashed, the revision appended, renamed into place) gives the same bytes as signing it in
// memory, and the streamed result verifies with Naskah's verifier and poppler's pdfsig.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPkcs12 } from '../src/keys/index.js';
import { signPdf, signPdfFile } from '../src/sign.js';
import { verifyPdf } from '../src/verify/index.js';
import { buildFixture, buildLargePdf } from './fixtures.js';
import { makeTestPki, PASSPHRASE, type TestPki } from './pki-setup.js';
import { makeNssDb, pdfsig } from './validators.js';

let base: string;
let tp: TestPki;
let nss: string;
beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'naskah-stream-sign-'));
  tp = await makeTestPki(base);
  nss = await makeNssDb(join(base, 'nss'), tp.rootPem, [join(tp.dir, 'issuing-ca.pem')], tp.crls);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

test.each([
  ['memo with a classic xref table', async (): Promise<string> => buildFixture('classic', { dir: base, otherToolP12: tp.p12.dewi, passphraseFile: tp.passphraseFile })],
  ['memo with xref streams', async (): Promise<string> => buildFixture('xref-stream', { dir: base, otherToolP12: tp.p12.dewi, passphraseFile: tp.passphraseFile })],
  [
    '3 MB, 20 pages of incompressible attachments',
    async (): Promise<string> => {
      const path = join(base, 'large.pdf');
      await buildLargePdf(path, 3, 20);
      return path;
    },
  ],
])('%s: streamed from disk equals the in-memory signature and verifies', async (_label, make) => {
  const input = await make();
  const holder = openPkcs12(readFileSync(tp.p12.andi), PASSPHRASE);
  // Same claimed time and QR URL: RSA PKCS#1 v1.5 is deterministic, so the two paths must agree byte for byte.
  const options = { holder, level: 'B-B' as const, signingTime: new Date(Date.now() - 60_000), verificationUrl: 'https://naskah.go.id/verifikasi/stream-test' };
  const outDir = mkdtempSync(join(base, 'out-'));
  const out = join(outDir, 'signed.pdf');
  await signPdfFile(input, out, options);
  const streamed = readFileSync(out);
  const inMemory = await signPdf(readFileSync(input), options);
  expect(streamed.equals(inMemory)).toBe(true);
  // Only the output is left: the temporary file was renamed, not copied.
  expect(readdirSync(outDir)).toEqual(['signed.pdf']);
  expect(existsSync(input)).toBe(true);

  const report = await verifyPdf(out, { trustAnchors: [readFileSync(tp.rootPem)], checkRevocation: false });
  expect(report.verdict).toBe('VALID');
  expect(report.signatures).toHaveLength(1);
  const sigs = await pdfsig(out, nss);
  expect(sigs).toHaveLength(1);
  expect(sigs[0]).toMatchObject({ valid: true, trusted: true, totalDocument: true });
});

// pyHanko, an independent PAdES implementation, signs with our PKCS#12, stamps
// with our TSA, fetches revocation data from our OCSP responder and CRLs over
// HTTP, and validates with hard revocation checking.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { initPki, type Pki } from './authority.js';
import { startPkiServer, type RunningPkiServer } from './http.js';

const PYHANKO = fileURLToPath(new URL('../../../.tools/venv/bin/pyhanko', import.meta.url));
const run = promisify(execFile);

let dir: string;
let pki: Pki;
let server: RunningPkiServer;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

async function pyhanko(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(PYHANKO, args, { maxBuffer: 16 << 20 });
    return stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naskah-pyhanko-'));
  // Certificates name their OCSP and CRL URLs at issue time, so the port is chosen first.
  const port = await freePort();
  pki = await initPki(join(dir, 'pki'), { baseUrl: `http://127.0.0.1:${port}` });
  server = await startPkiServer(pki, { port });
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Nota Dinas', { x: 72, y: 720 });
  writeFileSync(join(dir, 'memo.pdf'), await doc.save());
  writeFileSync(join(dir, 'pass.txt'), 'rahasia123');
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test.each(['rsa2048', 'ecdsa-p256'] as const)('pyHanko signs B-LTA with a %s P12, our TSA and OCSP, and validates with revocation checks', async (keyType) => {
  const issued = await pki.issue({ name: `Kepala ${keyType}`, nik: '3201010101010001', keyType, passphrase: 'rahasia123' });
  const p12 = join(dir, `${keyType}.p12`);
  const signed = join(dir, `${keyType}.pdf`);
  writeFileSync(p12, issued.p12);
  const trust = ['--trust', join(dir, 'pki', 'root-ca.pem'), '--trust-replace'];
  const signOut = await pyhanko([
    'sign', 'addsig', '--field', 'Sig1', '--use-pades-lta', '--with-validation-info',
    '--timestamp-url', `${server.url}/tsa`, ...trust,
    'pkcs12', '--passfile', join(dir, 'pass.txt'), join(dir, 'memo.pdf'), signed, p12,
  ]);
  expect(signOut).not.toMatch(/error/i);

  const valid = await pyhanko(['sign', 'validate', '--pretty-print', '--force-revinfo', ...trust, signed]);
  expect(valid).toContain("The signer's certificate is trusted.");
  expect(valid).toContain('The TSA certificate is trusted.');
  expect(valid).toContain('The signature is judged VALID.');

  pki.revoke(issued.serialHex, 'keyCompromise');
  const revoked = await pyhanko(['sign', 'validate', '--pretty-print', '--force-revinfo', ...trust, signed]);
  expect(revoked).toContain("The signer's certificate is revoked.");
  expect(revoked).toContain('The signature is judged INVALID.');
});

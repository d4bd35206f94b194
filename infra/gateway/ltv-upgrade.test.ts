// Issue 21 item 3 against the stand-in gateway: its signature comes back at
// PAdES B-T without validation data (as BSrE's does); Naskah adds the
// provider's chain, OCSP/CRL for the signer and the provider's TSA, and a
// document time-stamp from Naskah's own TSA → B-LTA, which Naskah's verifier,
// pdfsig and pyHanko's AdES validation (revocation data required) accept.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gatewayProvider, upgradeToLta, verifyPdf } from '@naskah/signing';
import { inProcessRevocationSource, inProcessTimestampClient } from '@naskah/pki';
import { buildFixture, makeNssDb, makeTestPki, pdfsig, PYHANKO, type TestPki } from '@naskah/signing/testing';
import { createStandInGateway } from './app.js';
import { openGatewayRegistry, type GatewayRegistry } from './registry.js';

const USER = 'naskah-test';
const PASSWORD = 'gateway-test-password';
const KADIS = { nik: '6310050112700010', passphrase: 'rahasia-bsre-uji' };

let dir: string;
let naskah: TestPki;
let registry: GatewayRegistry;
let server: Server;
let signedByGateway: Buffer;

/** pyHanko's AdES validation (`sign adesverify`), both roots trusted; a non-zero exit is a failed validation. */
async function adesVerify(file: string): Promise<{ ok: boolean; out: string }> {
  const args = ['sign', 'adesverify', '--pretty-print', '--trust', naskah.rootPem, '--trust', registry.rootPemPath, '--trust-replace', file];
  try {
    const { stdout, stderr } = await promisify(execFile)(PYHANKO, args);
    return { ok: true, out: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naskah-gateway-ltv-'));
  naskah = await makeTestPki(join(dir, 'naskah'));
  registry = await openGatewayRegistry(join(dir, 'gateway'), {
    seed: [{ name: 'Drs. H. Abdul Gafur Hasan, M.Si.', nik: KADIS.nik, title: 'Kepala Badan Perencanaan Pembangunan Daerah', org: 'Pemerintah Kabupaten Tanah Bumbu', passphrase: KADIS.passphrase }],
  });
  const gateway = createStandInGateway({ registry, username: USER, password: PASSWORD, signatureLevel: 'B-T' });
  server = gateway.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const memo = readFileSync(await buildFixture('classic', { dir, otherToolP12: naskah.p12.andi, passphraseFile: naskah.passphraseFile }));
  const provider = gatewayProvider({ name: 'BSrE (stand-in)', url, username: USER, password: PASSWORD, trustAnchors: [readFileSync(registry.rootPemPath)], timeoutMs: 20_000, retryDelayMs: 20 });
  signedByGateway = (await provider.signDocument({ pdf: memo, signer: KADIS, appearance: { visible: false }, reason: 'Menyetujui' })).pdf;
}, 120_000);

afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a stand-in gateway signature upgraded to B-LTA: Naskah B-LTA VALID, pdfsig valid and trusted, pyHanko AdES validation passes (and failed before)', async () => {
  const trustAnchors = [readFileSync(naskah.rootPem), readFileSync(registry.rootPemPath)];
  const before = await verifyPdf(signedByGateway, { trustAnchors });
  expect(before.signatures.map((s) => s.level)).toEqual(['B-T']);
  const beforeFile = join(dir, 'gateway-bt.pdf');
  writeFileSync(beforeFile, signedByGateway);
  const adesBefore = await adesVerify(beforeFile);
  expect(adesBefore.ok).toBe(false);
  expect(adesBefore.out).toContain('no revocation information could be found');

  const upgraded = await upgradeToLta(signedByGateway, {
    // The provider's OCSP/CRL for its signer and its TSA; the document time-stamp from Naskah's TSA.
    revocation: inProcessRevocationSource(registry.pki),
    timestamp: inProcessTimestampClient(naskah.pki),
    timestampRevocation: inProcessRevocationSource(naskah.pki),
    trust: [readFileSync(registry.rootPemPath), readFileSync(naskah.rootPem)],
  });
  expect(upgraded.subarray(0, signedByGateway.length).equals(signedByGateway)).toBe(true);
  const file = join(dir, 'gateway-lta.pdf');
  writeFileSync(file, upgraded);

  const report = await verifyPdf(upgraded, { trustAnchors });
  expect(report.signatures.map((s) => ({ kind: s.kind, verdict: s.verdict, level: s.level, reasons: s.reasons.map((r) => r.code) }))).toEqual([
    { kind: 'approval', verdict: 'VALID', level: 'B-LTA', reasons: [] },
    { kind: 'document-timestamp', verdict: 'VALID', level: null, reasons: [] },
  ]);

  const gw = (f: string): string => join(registry.pki.dir, f);
  const nssdb = await makeNssDb(join(dir, 'nss'), naskah.rootPem, [join(naskah.dir, 'issuing-ca.pem'), gw('issuing-ca.pem')], naskah.crls);
  execFileSync('certutil', ['-A', '-d', nssdb, '-n', 'bsre-standin-root', '-t', 'CT,C,C', '-i', registry.rootPemPath]);
  for (const crl of [gw('issuing-ca.crl'), gw('root-ca.crl')]) execFileSync('crlutil', ['-I', '-d', nssdb, '-i', crl]);
  const popplers = await pdfsig(file, nssdb);
  // pdfsig cannot check an RFC 3161 document time-stamp; the TSA's validation data is appended after it.
  expect(popplers).toHaveLength(2);
  expect({ valid: popplers[0]!.valid, trusted: popplers[0]!.trusted, total: popplers[0]!.totalDocument }).toEqual({ valid: true, trusted: true, total: false });
  expect(popplers[1]!.totalDocument).toBe(false);

  const ades = await adesVerify(file);
  expect(ades.out).not.toMatch(/Validation failed|judged INVALID/);
  expect(ades.out).toContain("The signer's certificate is trusted.");
  expect(ades.out).toContain('The TSA certificate is trusted.');
  expect(ades.out).toContain('The signature is judged VALID.');
  expect(ades.ok).toBe(true);
}, 60_000);

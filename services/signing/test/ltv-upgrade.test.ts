// LTV upgrade (issue 21 item 3): a signature made elsewhere at PAdES B-T (as a
// certified provider returns it: signature time-stamp, no validation data) gets
// a /DSS revision with its chain's and its TSA's OCSP/CRL, and a document
// time-stamp over it → B-LTA. The PKI's certificates name no OCSP/CRL address,
// so no validator can fetch anything: what passes, passes on the file's own data.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPkcs12 } from '../src/keys/index.js';
import { inProcessRevocationSource, inProcessTimestampClient, startPkiServer, type RunningPkiServer } from '@naskah/pki';
import { upgradeToLta } from '../src/archival.js';
import { signPdf } from '../src/sign.js';
import { verifyPdf } from '../src/verify/index.js';
import { buildFixture, PYHANKO } from './fixtures.js';
import { makeTestPki, PASSPHRASE, type TestPki } from './pki-setup.js';
import { makeNssDb, pdfsig } from './validators.js';

let base: string;
let tp: TestPki;
let tsa: RunningPkiServer;
let nssdb: string;
const inputs: Record<'naskah' | 'pyhanko', Buffer> = {} as Record<'naskah' | 'pyhanko', Buffer>;

/** pyHanko's AdES validation (`sign adesverify`): revocation data required, none fetchable here. */
function adesVerify(file: string): { ok: boolean; out: string } {
  try {
    const out = execFileSync(PYHANKO, ['sign', 'adesverify', '--pretty-print', '--trust', tp.rootPem, '--trust-replace', file], { stdio: 'pipe' }).toString();
    return { ok: true, out };
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    return { ok: false, out: `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}` };
  }
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'naskah-ltv-'));
  tp = await makeTestPki(base);
  // pyHanko asks the TSA over HTTP; the certificates do not name this address.
  tsa = await startPkiServer(tp.pki);
  nssdb = await makeNssDb(join(base, 'nss'), tp.rootPem, [join(tp.dir, 'issuing-ca.pem')], tp.crls);
  const memo = join(base, 'memo.pdf');
  writeFileSync(memo, readFileSync(await buildFixture('classic', { dir: base, otherToolP12: tp.p12.dewi, passphraseFile: tp.passphraseFile })));
  inputs.naskah = await signPdf(readFileSync(memo), {
    holder: openPkcs12(readFileSync(tp.p12.andi), PASSPHRASE), level: 'B-T', timestamp: inProcessTimestampClient(tp.pki), reason: 'Penandatangan',
  });
  const pyOut = join(base, 'pyhanko-bt.pdf');
  // Asynchronous: this process serves the TSA pyHanko asks.
  await promisify(execFile)(PYHANKO, ['sign', 'addsig', '--field', 'Sig1', '--use-pades', '--timestamp-url', `${tsa.url}/tsa`,
    'pkcs12', '--passfile', tp.passphraseFile, memo, pyOut, tp.p12.dewi]);
  inputs.pyhanko = readFileSync(pyOut);
}, 120_000);

afterAll(async () => {
  await tsa?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

const upgrade = (pdf: Buffer): Promise<Buffer> =>
  upgradeToLta(pdf, { revocation: inProcessRevocationSource(tp.pki), timestamp: inProcessTimestampClient(tp.pki), trust: [readFileSync(tp.rootPem)] });

describe.each(['naskah', 'pyhanko'] as const)('a B-T signature made by %s', (who) => {
  test('before: B-T, and pyHanko\'s AdES validation fails for want of revocation data', async () => {
    const report = await verifyPdf(inputs[who], { trustAnchors: [readFileSync(tp.rootPem)] });
    expect(report.signatures.map((s) => s.level)).toEqual(['B-T']);
    const file = join(base, `${who}-bt.pdf`);
    writeFileSync(file, inputs[who]);
    const r = adesVerify(file);
    expect(r.ok).toBe(false);
    expect(r.out).toContain('no revocation information could be found');
  });

  test('after upgradeToLta: the old bytes kept, Naskah says B-LTA VALID, pdfsig valid and trusted (its document time-stamp unsupported there), pyHanko\'s AdES LTA validation passes', async () => {
    const before = inputs[who];
    const upgraded = await upgrade(before);
    expect(upgraded.subarray(0, before.length).equals(before)).toBe(true);
    const file = join(base, `${who}-lta.pdf`);
    writeFileSync(file, upgraded);

    const report = await verifyPdf(upgraded, { trustAnchors: [readFileSync(tp.rootPem)] });
    expect(report.signatures.map((s) => ({ kind: s.kind, verdict: s.verdict, level: s.level, reasons: s.reasons.map((r) => r.code) }))).toEqual([
      { kind: 'approval', verdict: 'VALID', level: 'B-LTA', reasons: [] },
      { kind: 'document-timestamp', verdict: 'VALID', level: null, reasons: [] },
    ]);

    const popplers = await pdfsig(file, nssdb);
    // pdfsig cannot check an RFC 3161 document time-stamp; the TSA's validation data is appended after it.
    expect(popplers).toHaveLength(2);
    expect(popplers.map((s) => ({ valid: s.valid, trusted: s.trusted, total: s.totalDocument }))[0]).toEqual({ valid: true, trusted: true, total: false });
    expect(popplers[1]!.totalDocument).toBe(false);

    const ades = adesVerify(file);
    expect(ades.out).not.toMatch(/Validation failed|judged INVALID/);
    expect(ades.out).toContain("The signer's certificate is trusted.");
    expect(ades.out).toContain('The TSA certificate is trusted.');
    expect(ades.out).toContain('All modifications relate to signature maintenance');
    expect(ades.out).toContain('The signature is judged VALID.');
    expect(ades.ok).toBe(true);
  });
});

test('a document with no signature is refused', async () => {
  const memo = readFileSync(join(base, 'memo.pdf'));
  await expect(upgrade(memo)).rejects.toMatchObject({ code: 'PDF_MALFORMED' });
});

test('a signature whose signer certificate the CA has revoked is not upgraded: CERT_REVOKED, nothing appended', async () => {
  const bt = await signPdf(readFileSync(join(base, 'memo.pdf')), {
    holder: openPkcs12(readFileSync(tp.p12.revoked), PASSPHRASE), level: 'B-T', timestamp: inProcessTimestampClient(tp.pki),
  });
  await expect(upgrade(bt)).rejects.toMatchObject({ code: 'CERT_REVOKED' });
});

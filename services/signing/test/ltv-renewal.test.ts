// Re-time-stamping over the retention period (issue 21 item 4), at the
// signing level: a B-LTA file whose document time-stamp's TSA certificate is
// short-lived is renewed twice, each time with fresh validation data for the
// expiring TSA and a new document time-stamp. At a validation time after the
// first (and the second) TSA certificate expired, Naskah's verifier and
// pyHanko's AdES validation still accept it. (Within the 7 days the /DSS's
// OCSP answers are fresh, both also accept an un-renewed file whose TSA
// certificate expired; the renewal matters past that, which no short test
// reaches without a validator asking the newest TSA's responder online.)
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPkcs12 } from '../src/keys/index.js';
import { inProcessTimestampClient, type Pki } from '@naskah/pki';
import { archivalState, renewDocumentTimestamp, upgradeToLta } from '../src/archival.js';
import { signPdf } from '../src/sign.js';
import { verifyPdf } from '../src/verify/index.js';
import { buildFixture, PYHANKO } from './fixtures.js';
import { makeShortLivedTsa, makeTestPki, PASSPHRASE, revocationAcross, type TestPki } from './pki-setup.js';

const DAY = 86_400_000;
let base: string;
let tp: TestPki;
let tsa: Pki[];
let roots: string[];

function adesVerify(file: string, at: Date): { ok: boolean; out: string } {
  const trust = roots.flatMap((r) => ['--trust', r]);
  try {
    const out = execFileSync(PYHANKO, ['sign', 'adesverify', '--pretty-print', ...trust, '--trust-replace', '--validation-time', at.toISOString(), file], { stdio: 'pipe' }).toString();
    return { ok: true, out };
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    return { ok: false, out: `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}` };
  }
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'naskah-ltv-renewal-'));
  tp = await makeTestPki(base);
  const now = Date.now();
  // Three TSAs: the first certificate lives 2 days, the second 3.5, the third the default 10 years. (Short, so that
  // the OCSP responses the renewals put in the /DSS, good for 7 days, are still fresh at the validation times.)
  tsa = [
    await makeShortLivedTsa(join(base, 'tsa-1'), 'TSA Satu', new Date(now + 2 * DAY)),
    await makeShortLivedTsa(join(base, 'tsa-2'), 'TSA Dua', new Date(now + 3.5 * DAY)),
    await makeShortLivedTsa(join(base, 'tsa-3'), 'TSA Tiga', new Date(now + 3650 * DAY)),
  ];
  roots = [tp.rootPem, ...tsa.map((p) => join(p.dir, 'root-ca.pem'))];
}, 120_000);

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

test('two renewals keep a B-LTA file valid after the first and second TSA certificates expired (Naskah and pyHanko)', async () => {
  const memo = readFileSync(await buildFixture('classic', { dir: base, otherToolP12: tp.p12.dewi, passphraseFile: tp.passphraseFile }));
  const bt = await signPdf(memo, { holder: openPkcs12(readFileSync(tp.p12.andi), PASSPHRASE), level: 'B-T', timestamp: inProcessTimestampClient(tp.pki) });
  expect(archivalState(bt)).toEqual({ signed: true });
  const revocation = revocationAcross([tp.pki, ...tsa]);
  const trust = roots.map((r) => readFileSync(r));
  const withTsa = (i: number) => ({ revocation, timestamp: inProcessTimestampClient(tsa[i]!), trust });

  const lta = await upgradeToLta(bt, withTsa(0));
  const first = archivalState(lta).documentTimestamp!;
  expect(first.tsaNotAfter).toEqual(tsa[0]!.tsa.certificate.notAfter);
  expect(first.hashAlgorithm).toBe('sha256');

  const once = await renewDocumentTimestamp(lta, withTsa(1));
  expect(once.subarray(0, lta.length).equals(lta)).toBe(true);
  expect(archivalState(once).documentTimestamp!.tsaNotAfter).toEqual(tsa[1]!.tsa.certificate.notAfter);
  const twice = await renewDocumentTimestamp(once, withTsa(2));
  expect(twice.subarray(0, once.length).equals(once)).toBe(true);
  expect(archivalState(twice).documentTimestamp!.tsaNotAfter).toEqual(tsa[2]!.tsa.certificate.notAfter);

  const anchors = { trustAnchors: trust };
  const kinds = (r: Awaited<ReturnType<typeof verifyPdf>>) => r.signatures.map((s) => ({ kind: s.kind, verdict: s.verdict, level: s.level }));
  // Today: the signature and three document time-stamps.
  expect(kinds(await verifyPdf(twice, anchors))).toEqual([
    { kind: 'approval', verdict: 'VALID', level: 'B-LTA' },
    { kind: 'document-timestamp', verdict: 'VALID', level: null },
    { kind: 'document-timestamp', verdict: 'VALID', level: null },
    { kind: 'document-timestamp', verdict: 'VALID', level: null },
  ]);

  const files = { twice: join(base, 'twice.pdf') };
  writeFileSync(files.twice, twice);
  for (const days of [2.5, 5]) {
    // After the first TSA certificate expired (2.5 days), and after the second too (5 days).
    const at = new Date(Date.now() + days * DAY);
    const report = await verifyPdf(twice, { ...anchors, now: at });
    expect({ days, verdict: report.verdict, first: report.signatures[0]!.verdict }).toEqual({ days, verdict: 'VALID', first: 'VALID' });
    const ades = adesVerify(files.twice, at);
    expect(ades.out).not.toMatch(/judged INVALID|Validation failed/);
    expect(ades.out).toContain('The signature is judged VALID.');
    expect(ades.ok).toBe(true);
  }
}, 120_000);

// Revocation against the time of signing (issue 18 item 7). A signature
// time-stamp proves the signing time only if the TSA's certificate was not
// revoked when it made the token; revoked later, the proof stands (the rule
// the verifier applies to signers). And "not revoked" evidence from the
// document counts only when issued at or after the time of signing. Own PKIs:
// revoking a TSA here must not touch the other tests' shared one.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { inProcessRevocationSource } from '@naskah/pki';
import { verifyPdf } from '../../src/verify/verify-pdf.js';
import { memo, sign, testPki, type TestPki } from './fixtures.js';

let t: TestPki;
let signed: Buffer;
let tsaSerial: string;

beforeAll(async () => {
  t = await testPki('tsa-revocation');
  signed = await sign(await memo(1), t, 0, 'B-T');
  tsaSerial = t.pki.tsa.certificate.serialHex;
});

const verifyOnline = (now?: Date): ReturnType<typeof verifyPdf> =>
  verifyPdf(signed, { trustAnchors: [t.rootPem], allowOnlineRevisionCheck: true, revocationSource: inProcessRevocationSource(t.pki), now });

describe('the time-stamp authority certificate', () => {
  test('good when the token was made: the signing time is proven (B-T, VALID)', async () => {
    const r = await verifyOnline();
    const s = r.signatures[0]!;
    expect({ verdict: s.verdict, level: s.level, timestamp: s.timestamp?.valid, reasons: s.reasons.map((x) => x.code) }).toEqual({ verdict: 'VALID', level: 'B-T', timestamp: true, reasons: [] });
  });

  test('revoked after the token was made: the proof stands', async () => {
    const genTime = new Date((await verifyOnline()).signatures[0]!.timestamp!.time);
    t.pki.revoke(tsaSerial, 'cessationOfOperation', new Date(genTime.getTime() + 60_000));
    const s = (await verifyOnline(new Date(genTime.getTime() + 120_000))).signatures[0]!;
    expect({ verdict: s.verdict, level: s.level, timestamp: s.timestamp?.valid }).toEqual({ verdict: 'VALID', level: 'B-T', timestamp: true });
  });

  test('revoked before the token was made: the time is not proven, INDETERMINATE (never INVALID: the signature is intact)', async () => {
    // Another PKI, whose TSA is found revoked an hour before its token.
    const again = await testPki('tsa-revoked-before');
    const pdf = await sign(await memo(1), again, 0, 'B-T');
    again.pki.revoke(again.pki.tsa.certificate.serialHex, 'keyCompromise', new Date(Date.now() - 3_600_000));
    const r = await verifyPdf(pdf, { trustAnchors: [again.rootPem], allowOnlineRevisionCheck: true, revocationSource: inProcessRevocationSource(again.pki) });
    const s = r.signatures[0]!;
    expect({ verdict: s.verdict, intact: s.intact, level: s.level, timestamp: s.timestamp?.valid }).toEqual({ verdict: 'INDETERMINATE', intact: true, level: 'B-B', timestamp: false });
    expect(s.reasons.map((x) => x.code)).toEqual(['TIMESTAMP_TSA_REVOKED']);
    expect(s.reasons[0]!.detail).toMatch(/^revoked at /);
  });
});

describe('freshness of the revocation data in the document', () => {
  test('an OCSP answer older than the signature does not show it good: INDETERMINATE offline, VALID with a fresh answer', async () => {
    const f = await testPki('freshness');
    // B-LT: its DSS holds OCSP answers from just after this first signature.
    const first = await sign(await memo(1), f, 0, 'B-LT');
    // Whole seconds later the same official signs again (B-T, no new DSS): the DSS answers predate it.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const pdf = await sign(first, f, 0, 'B-T');
    const offline = await verifyPdf(pdf, { trustAnchors: [f.rootPem] });
    const [old, late] = offline.signatures;
    expect({ verdict: old!.verdict, level: old!.level, revocation: old!.revocation.status }).toEqual({ verdict: 'VALID', level: 'B-LT', revocation: 'good' });
    expect({ verdict: late!.verdict, intact: late!.intact, revocation: late!.revocation.status }).toEqual({ verdict: 'INDETERMINATE', intact: true, revocation: 'unknown' });
    expect(new Set(late!.reasons.map((x) => x.code))).toEqual(new Set(['REVOCATION_UNKNOWN']));
    const online = await verifyPdf(pdf, { trustAnchors: [f.rootPem], allowOnlineRevisionCheck: true, revocationSource: inProcessRevocationSource(f.pki) });
    expect(online.signatures.map((s) => s.verdict)).toEqual(['VALID', 'VALID']);
    expect(online.signatures[1]!.revocation).toEqual({ status: 'good', source: 'online-ocsp' });
  });
});


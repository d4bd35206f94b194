// DSS /VRI (issue 18 item 7; ETSI EN 319 142-1 §5.4.2.2, ISO 32000-2
// §12.8.4.4): an entry keyed by the upper-case hex SHA-1 of a signature's
// /Contents holds that signature's own /Cert, /OCSP, /CRL. The verifier uses it
// first and falls back to the global pools; an answer in it about another
// certificate proves nothing; an entry that matches no signature is ignored
// with a warning, never an error. Naskah's signer writes /VRI at B-LT (the
// "real tool"); the variants are built from its data with the test writer.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { verifyPdf } from '../../src/verify/verify-pdf.js';
import type { PdfDict, PdfRef, PdfStream } from '../../src/pdf/objects.js';
import { memo, sign, testPki, type TestPki } from './fixtures.js';
import { appendRevision, nextObjectNumber, readPdf, streamObject } from './incremental.js';

let t: TestPki;
let signed: Buffer;
let other: Buffer;

beforeAll(async () => {
  t = await testPki();
  signed = await sign(await memo(1), t, 0, 'B-LT');
  // Another official's B-LT document: its OCSP answers are about another certificate.
  other = await sign(await memo(1), t, 2, 'B-LT');
});

/** The written rule: SHA-1 of the /Contents bytes (hex-decoded, as written), upper-case hex. */
function vriKeyOf(pdf: Buffer): string {
  const m = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(pdf.toString('latin1'))!;
  return createHash('sha1').update(Buffer.from(m[1]!, 'hex')).digest('hex').toUpperCase();
}

function dssOf(pdf: Buffer): { ref: PdfRef; dss: PdfDict; streams: (key: string, from?: PdfDict) => Buffer[] } {
  const doc = readPdf(pdf);
  const cat = doc.dictAt(doc.lastRevision.trailer.get('Root'))!;
  const ref = cat.get('DSS') as PdfRef;
  const dss = doc.dictAt(ref)!;
  const streams = (key: string, from: PdfDict = dss): Buffer[] => (doc.resolve(from.get(key)) as PdfRef[]).map((r) => doc.decodeStream(doc.resolve(r) as PdfStream));
  return { ref, dss, streams };
}

const verify = (pdf: Buffer): ReturnType<typeof verifyPdf> => verifyPdf(pdf, { trustAnchors: [t.rootPem] });

/**
 * A later LTV revision whose DSS has empty global pools and the given /VRI
 * entries (key → certificates, OCSP answers, CRLs): only /VRI can show revocation.
 */
function onlyVri(pdf: Buffer, entries: Array<[string, { certs: Buffer[]; ocsps: Buffer[]; crls: Buffer[] }]>): Buffer {
  const { ref } = dssOf(pdf);
  let next = nextObjectNumber(pdf);
  const objects: Array<[number, string]> = [];
  const add = (data: Buffer): string => { objects.push([next, streamObject('', data.toString('latin1'))]); return `${next++} 0 R`; };
  const vri = entries.map(([key, e]) => `/${key} << /Cert [${e.certs.map(add).join(' ')}] /OCSP [${e.ocsps.map(add).join(' ')}] /CRL [${e.crls.map(add).join(' ')}] >>`).join(' ');
  objects.push([ref.num, `<< /Type /DSS /Certs [] /OCSPs [] /CRLs [] /VRI << ${vri} >> >>`]);
  const info = readPdf(pdf).lastRevision.trailer.get('Info') as PdfRef | undefined;
  return appendRevision(pdf, objects, info ? { trailerExtra: `/Info ${info.num} ${info.gen} R` } : {});
}

describe('DSS /VRI', () => {
  test("Naskah's own B-LT: the /VRI entry is found by the signature's /Contents hash and used", async () => {
    const { dss } = dssOf(signed);
    expect([...(readPdf(signed).dictAt(dss.get('VRI'))!.map.keys())]).toEqual([vriKeyOf(signed)]);
    const s = (await verify(signed)).signatures[0]!;
    expect({ verdict: s.verdict, level: s.level, vri: s.vri, revocation: s.revocation.status }).toEqual({ verdict: 'VALID', level: 'B-LT', vri: { key: vriKeyOf(signed), used: true }, revocation: 'good' });
  });

  test('with the global pools emptied, the /VRI entry alone shows the chain not revoked (VALID, B-LT)', async () => {
    const { dss, streams } = dssOf(signed);
    const entry = readPdf(signed).dictAt(readPdf(signed).dictAt(dss.get('VRI'))!.get(vriKeyOf(signed)))!;
    const pdf = onlyVri(signed, [[vriKeyOf(signed), { certs: streams('Cert', entry), ocsps: streams('OCSP', entry), crls: streams('CRL', entry) }]]);
    const r = await verify(pdf);
    const s = r.signatures[0]!;
    expect({ verdict: s.verdict, level: s.level, vri: s.vri, revocation: s.revocation, reasons: s.reasons }).toEqual({ verdict: 'VALID', level: 'B-LT', vri: { key: vriKeyOf(signed), used: true }, revocation: { status: 'good', source: 'dss-ocsp' }, reasons: [] });
    expect(r.verdict).toBe('VALID');
  });

  test("a /VRI entry holding another certificate's answers does not make the signature valid (INDETERMINATE, revocation unknown)", async () => {
    const mine = dssOf(signed);
    const theirs = dssOf(other);
    // The certificates are right; the OCSP answers and CRLs are those of the other official's document.
    const pdf = onlyVri(signed, [[vriKeyOf(signed), { certs: mine.streams('Certs'), ocsps: theirs.streams('OCSPs'), crls: [] }]]);
    const s = (await verify(pdf)).signatures[0]!;
    expect({ verdict: s.verdict, intact: s.intact, revocation: s.revocation.status, level: s.level }).toEqual({ verdict: 'INDETERMINATE', intact: true, revocation: 'unknown', level: 'B-T' });
    expect(s.reasons.map((x) => x.code)).toContain('REVOCATION_UNKNOWN');
  });

  test('a /VRI entry that matches no signature is ignored with a warning, not an error', async () => {
    const { streams } = dssOf(signed);
    const stray = 'A'.repeat(40);
    const mine = vriKeyOf(signed);
    const entry = { certs: streams('Certs'), ocsps: streams('OCSPs'), crls: streams('CRLs') };
    const pdf = onlyVri(signed, [[mine, entry], [stray, entry]]);
    const r = await verify(pdf);
    expect({ verdict: r.verdict, reasons: r.reasons.map((x) => [x.code, x.severity, x.detail]) }).toEqual({ verdict: 'VALID', reasons: [['DSS_VRI_UNMATCHED', 'warning', stray]] });
    expect(r.signatures[0]!.vri).toEqual({ key: mine, used: true });
  });
});

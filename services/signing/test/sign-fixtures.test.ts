// Three officials sign each fixture kind in turn; pdfsig, qpdf and pyHanko must all agree.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessRevocationSource, inProcessTimestampClient } from '@naskah/pki';
import { openPkcs12 } from '../src/keys/index.js';
import { BufferSource, PdfDocument } from '../src/pdf/document.js';
import { PdfDict, type PdfName } from '../src/pdf/objects.js';
import { signPdfFile, type PadesLevel, type SignPdfOptions } from '../src/sign.js';
import { buildFixture, type FixtureKind } from './fixtures.js';
import { makeTestPki, PASSPHRASE, type TestPki } from './pki-setup.js';
import { limiter, makeNssDb, pdfsig, pyhankoValidate, qpdfCheck } from './validators.js';

const kinds: FixtureKind[] = ['classic', 'xref-stream', 'hybrid', 'linearized', 'acroform', 'pre-signed', 'pages-300'];

let base: string;
let tp: TestPki;
let nss: string;
const validate = limiter(2);

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'naskah-sign-'));
  tp = await makeTestPki(base);
  nss = await makeNssDb(join(base, 'nss'), tp.rootPem, [join(tp.dir, 'issuing-ca.pem')], tp.crls);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Step {
  who: 'andi' | 'budi' | 'citra';
  level: PadesLevel;
  extra: Partial<SignPdfOptions>;
}

// Last signature plain (B-B) so that it covers the whole file; the DSS revision of
// the B-LT signature sits between earlier revisions, where validators must accept it.
const reverseOrder: Step[] = [
  { who: 'citra', level: 'B-LT', extra: { placement: { page: 1, rect: [60, 90, 200, 64] } } },
  { who: 'budi', level: 'B-T', extra: { paraf: true } },
  { who: 'andi', level: 'B-B', extra: { placement: { anchor: '^' } } },
];
// The natural order: the final B-LT signature is followed by its own DSS revision.
const naturalOrder: Step[] = [
  { who: 'andi', level: 'B-B', extra: { placement: { anchor: '^' } } },
  { who: 'budi', level: 'B-T', extra: { paraf: true } },
  { who: 'citra', level: 'B-LT', extra: { placement: { page: 1, rect: [60, 90, 200, 64] } } },
];

async function signSteps(input: string, steps: Step[], tag: string): Promise<string> {
  let current = input;
  for (const [i, s] of steps.entries()) {
    const out = join(base, `${tag}-${i + 1}.pdf`);
    await signPdfFile(current, out, {
      holder: openPkcs12(readFileSync(tp.p12[s.who]), PASSPHRASE),
      level: s.level,
      timestamp: inProcessTimestampClient(tp.pki),
      revocation: inProcessRevocationSource(tp.pki),
      ...s.extra,
    });
    current = out;
  }
  return current;
}

function xrefKindOf(file: string): string {
  return PdfDocument.open(new BufferSource(readFileSync(file))).xrefKind;
}

async function checkAll(file: string, kind: FixtureKind, expectedSignatures: number, lastCoversFile: boolean): Promise<void> {
  const [sig, q, ph] = await Promise.all([
    validate(() => pdfsig(file, nss)),
    validate(() => qpdfCheck(file)),
    validate(() => pyhankoValidate(file, tp.rootPem, kind === 'hybrid' ? ['--no-strict-syntax'] : [])),
  ]);
  expect(q.ok).toBe(true);

  expect(sig).toHaveLength(expectedSignatures);
  for (const s of sig) expect({ field: s.field, valid: s.valid }).toEqual({ field: s.field, valid: true });
  // Every signature, including the pyHanko pre-signature made with one of our certificates.
  for (const s of sig) expect({ field: s.field, certificate: s.certificateStatus }).toEqual({ field: s.field, certificate: 'Certificate is Trusted.' });
  expect(sig[sig.length - 1]!.totalDocument).toBe(lastCoversFile);
  for (const s of sig.slice(0, -1)) expect(s.totalDocument).toBe(false);

  expect(ph.fields).toHaveLength(expectedSignatures);
  for (const f of ph.fields) expect({ field: f.field, verdict: f.verdict }).toEqual({ field: f.field, verdict: 'VALID' });
  const last = ph.fields[ph.fields.length - 1]!;
  expect(last.coverage).toBe(lastCoversFile ? 'ENTIRE_FILE' : 'ENTIRE_REVISION');
  for (const f of ph.fields.slice(0, -1)) expect(f.coverage).toBe('ENTIRE_REVISION');
}

describe.each(kinds)('%s fixture', (kind) => {
  test('three officials sign in turn (B-LT, B-T, B-B); pdfsig, qpdf and pyHanko agree', async () => {
    const input = await buildFixture(kind, { dir: base, otherToolP12: tp.p12.dewi, passphraseFile: tp.passphraseFile });
    const before = xrefKindOf(input);
    const signed = await signSteps(input, reverseOrder, `${kind}-rev`);
    // Earlier bytes are never rewritten, and the new sections repeat the old kind.
    expect(readFileSync(signed).subarray(0, readFileSync(input).length).equals(readFileSync(input))).toBe(true);
    expect(xrefKindOf(signed)).toBe(before);
    await checkAll(signed, kind, kind === 'pre-signed' ? 4 : 3, true);
  });
});

test('natural order (B-B, B-T, then B-LT with its DSS revision last) on the classic and xref-stream fixtures', async () => {
  for (const kind of ['classic', 'xref-stream'] as const) {
    const input = join(base, `${kind}.pdf`);
    const signed = await signSteps(input, naturalOrder, `${kind}-nat`);
    await checkAll(signed, kind, 3, false);
    const doc = PdfDocument.open(new BufferSource(readFileSync(signed)));
    const dss = doc.resolve(doc.catalog().get('DSS'));
    expect(dss).toBeInstanceOf(PdfDict);
    const vri = doc.resolve((dss as PdfDict).get('VRI'));
    expect(vri).toBeInstanceOf(PdfDict);
    expect([...(vri as PdfDict).map.keys()].every((k) => /^[0-9A-F]{40}$/.test(k))).toBe(true);
    for (const key of ['Certs', 'OCSPs', 'CRLs']) expect((doc.resolve((dss as PdfDict).get(key)) as unknown[]).length).toBeGreaterThan(0);
  }
});

test('the stamp lands at the anchor character and the widget draws a QR code and the official', async () => {
  const signed = join(base, 'classic-rev-3.pdf');
  const doc = PdfDocument.open(new BufferSource(readFileSync(signed)));
  const form = doc.requireDict(doc.catalog().get('AcroForm'), 'AcroForm');
  const fields = (doc.resolve(form.get('Fields')) as unknown[]).map((f) => doc.requireDict(f as never, 'field'));
  const tte = fields.find((f) => doc.resolve(f.get('T'))?.constructor.name === 'PdfString' && (doc.resolve(f.get('T')) as { text(): string }).text() === 'TTE2');
  expect(tte).toBeDefined();
  const rect = doc.resolve(tte!.get('Rect')) as number[];
  // "Kepala Dinas,  ^" is drawn at x=330, y=300, 11 pt: the "^" is the 16th character.
  expect(rect[0]).toBeGreaterThan(330);
  expect(rect[0]).toBeLessThan(460);
  expect(rect[3]).toBeCloseTo(311, 0);
  const ap = doc.requireDict(tte!.get('AP'), 'AP');
  const stream = doc.resolve(ap.get('N'));
  const content = doc.decodeStream(stream as never).toString('latin1');
  expect((content.match(/ re\n/g) ?? []).length).toBeGreaterThan(50);
  expect(content).toContain(Buffer.from('Ditandatangani secara elektronik', 'latin1').toString('hex').toUpperCase());
  const sigDict = doc.requireDict(tte!.get('V'), 'V');
  expect((sigDict.get('SubFilter') as PdfName).name).toBe('ETSI.CAdES.detached');
  expect(sigDict.has('Cert')).toBe(false);
});

test('certify (DocMDP P=2) as the first signature; later signatures stay invisible and keep it valid', async () => {
  const input = join(base, 'classic.pdf');
  const steps: Step[] = [
    { who: 'andi', level: 'B-B', extra: { certify: true, placement: { anchor: '^' } } },
    { who: 'budi', level: 'B-T', extra: { paraf: true } },
    { who: 'citra', level: 'B-LT', extra: { placement: { page: 1, rect: [60, 90, 200, 64] } } },
  ];
  const signed = await signSteps(input, steps, 'certified');
  const doc = PdfDocument.open(new BufferSource(readFileSync(signed)));
  const perms = doc.requireDict(doc.catalog().get('Perms'), 'Perms');
  const certSig = doc.requireDict(perms.get('DocMDP'), 'DocMDP signature');
  const reference = doc.requireDict((doc.resolve(certSig.get('Reference')) as unknown[])[0] as never, 'SigRef');
  expect(doc.requireDict(reference.get('TransformParams'), 'TransformParams').get('P')).toBe(2);
  const ph = await pyhankoValidate(signed, tp.rootPem);
  expect(ph.fields.map((f) => f.verdict)).toEqual(['VALID', 'VALID', 'VALID']);
  for (const f of ph.fields) expect(f.text).toContain('compatible with the current document modification policy');

  await expect(
    signPdfFile(signed, join(base, 'certify-again.pdf'), { holder: openPkcs12(readFileSync(tp.p12.andi), PASSPHRASE), certify: true }),
  ).rejects.toMatchObject({ code: 'PLACEMENT_INVALID' });
  expect(existsSync(join(base, 'certify-again.pdf'))).toBe(false);
});

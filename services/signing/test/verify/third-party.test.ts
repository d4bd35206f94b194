// Signatures made by other tools, at test time, before and after Naskah signs:
// poppler's pdfsig with an NSS database (its CMS is BER, indefinite lengths),
// pyHanko (DER; its default adbe.pkcs7 style and its PAdES style) and a JVM
// signer, Apache PDFBox + Bouncy Castle (BER, like many Java signing services). For
// every signature our verdict must agree with pdfsig and pyHanko on validity,
// integrity and coverage, and signing after another tool must keep its
// signature valid. A genuine signature reported INVALID "not intact" is the
// worst error a verifier can make.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPdf, type SignatureReport } from '../../src/verify/verify-pdf.js';
import { memo, sign, testPki, type TestPki } from './fixtures.js';
import { appendRevision, readPdf } from './incremental.js';
import type { PdfRef } from '../../src/pdf/objects.js';
import { PYHANKO, nssDb, pdfsig, pyhanko } from './validators.js';

const PASSPHRASE = 'rahasia-uji-123';
// Installed by `infra/stack.ts install` (Maven, pinned in test/jvm/pom.xml); relative to the checkout.
const JVM_LIB = fileURLToPath(new URL('../../../../.tools/jvm-signer/lib/', import.meta.url));
const JVM_SIGNER = fileURLToPath(new URL('../jvm/PdfboxSign.java', import.meta.url));

let t: TestPki;
let dir: string;
let rootPath: string;
/** Trusts the root only: what pdfsig validates with. */
let trustDb: string;
/** Holds the outside signer's key: what pdfsig signs with. */
let signDb: string;
let p12Path: string;
let passFile: string;
let step = 0;
const table: string[] = ['| file | signature (tool) | pdfsig: signature / total | pyHanko: verdict / intact / coverage | Naskah: verdict / intact / coverage |', '|---|---|---|---|---|'];

beforeAll(async () => {
  t = await testPki();
  dir = mkdtempSync(join(tmpdir(), 'naskah-third-party-'));
  rootPath = join(dir, 'root-ca.pem');
  writeFileSync(rootPath, t.rootPem);
  trustDb = nssDb(t.rootPem);
  // An official of another agency whose key lives in the other tools' own stores, certified by the same CA.
  const outsider = await t.pki.issue({ name: 'Rina Wulandari', nik: '6471026607910006', title: 'Kepala Bagian Hukum', org: 'Sekretariat Daerah', keyType: 'rsa2048', passphrase: PASSPHRASE });
  p12Path = join(dir, 'outsider.p12');
  passFile = join(dir, 'passphrase');
  writeFileSync(p12Path, outsider.p12);
  writeFileSync(passFile, PASSPHRASE);
  signDb = nssDb(t.rootPem);
  execFileSync('pk12util', ['-i', p12Path, '-d', `sql:${signDb}`, '-w', passFile], { stdio: 'pipe' });
});

afterAll(() => {
  console.log(`Third-party signatures, three validators:\n${table.join('\n')}`);
});

function file(bytes: Buffer): string {
  const path = join(dir, `step-${++step}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

/** poppler signs with the key in the NSS database (adbe.pkcs7.detached; -etsi is not supported with -add-signature in poppler 22). */
function popplerSigns(pdf: Buffer, field: string): Buffer {
  const input = file(pdf);
  const output = join(dir, `poppler-${field}.pdf`);
  execFileSync('pdfsig', ['-nssdir', `sql:${signDb}`, '-add-signature', '-nick', 'Rina Wulandari', '-new-signature-field-name', field, '-reason', 'Disetujui', input, output], { stdio: 'pipe' });
  return readFileSync(output);
}

function pyhankoSigns(pdf: Buffer, field: string, pades: boolean): Buffer {
  const input = file(pdf);
  const output = join(dir, `pyhanko-${field}.pdf`);
  execFileSync(PYHANKO, ['sign', 'addsig', '--no-strict-syntax', '--field', `1/300,600,500,660/${field}`, ...(pades ? ['--use-pades'] : []), 'pkcs12', '--passfile', passFile, input, output, p12Path], { stdio: 'pipe' });
  return readFileSync(output);
}

let jvmClasses: string | undefined;

/** PDFBox saves incrementally; Bouncy Castle's CMSSignedDataGenerator makes the CMS. */
function pdfboxSigns(pdf: Buffer, field: string): Buffer {
  // Compiled once per run: the source launcher would compile on every call.
  if (!jvmClasses) {
    jvmClasses = join(dir, 'jvm-classes');
    execFileSync('javac', ['-cp', `${JVM_LIB}*`, '-d', jvmClasses, JVM_SIGNER], { stdio: 'pipe' });
  }
  const input = file(pdf);
  const output = join(dir, `pdfbox-${field}.pdf`);
  execFileSync('java', ['-cp', `${jvmClasses}:${JVM_LIB}*`, 'PdfboxSign', input, output, p12Path, PASSPHRASE, field], { stdio: 'pipe' });
  return readFileSync(output);
}

/** The first /Contents value of a signature field named `field`, as bytes. */
function cmsOf(pdf: Buffer, field: string): Buffer {
  const text = pdf.toString('latin1');
  const at = text.indexOf(`/T (${field})`);
  const candidates = [...text.matchAll(/\/Contents\s*<([0-9a-fA-F]+)>/g)];
  // The signature dictionary nearest the field's name (poppler and pyHanko write it just before or after).
  const nearest = candidates.sort((a, b) => Math.abs(a.index - at) - Math.abs(b.index - at))[0]!;
  return Buffer.from(nearest[1]!, 'hex');
}

interface Expected { field: string; tool: string }

/** Our verdict for every signature agrees with pdfsig and pyHanko, and all say valid and intact. */
/**
 * `pyhankoObjects`: fields whose later revisions pyHanko's diff policy refuses although nothing
 * but a new signature was added (see the xref-stream test); every other judgement must agree.
 */
async function agree(name: string, pdf: Buffer, expected: Expected[], pyhankoObjects: string[] = []): Promise<SignatureReport[]> {
  const fromPoppler = expected.some((e) => e.tool === 'pdfsig');
  const path = file(pdf);
  const ours = await verifyPdf(path, { trustAnchors: [t.rootPem], checkRevocation: false });
  const ps = pdfsig(path, trustDb);
  // poppler writes objects of generation 1 that no free entry preceded; pyHanko reads them only when not strict.
  const ph = pyhanko(path, rootPath, fromPoppler ? ['--no-strict-syntax'] : []);
  expect(ours.signatures.map((s) => s.field)).toEqual(expected.map((e) => e.field));
  expect(ps.map((s) => s.field).sort()).toEqual(expected.map((e) => e.field).sort());
  for (const s of ours.signatures) {
    const p = ps.find((x) => x.field === s.field)!;
    const h = ph.find((x) => x.field === s.field)!;
    const tool = expected.find((e) => e.field === s.field)!.tool;
    table.push(`| ${name} | ${s.field} (${tool}) | ${p.valid ? 'valid' : 'INVALID'} / ${p.total ? 'total' : 'not total'} | ${h.verdict} / ${h.intact ? 'intact' : 'NOT INTACT'} / ${h.coverage} | ${s.verdict} / ${s.intact ? 'intact' : 'NOT INTACT'} / ${s.coverage} |`);
  }
  for (const s of ours.signatures) {
    const p = ps.find((x) => x.field === s.field)!;
    const h = ph.find((x) => x.field === s.field)!;
    // Each of the three validators on its own: valid, intact, the same coverage.
    const refused = pyhankoObjects.includes(s.field);
    expect({ field: s.field, pdfsig: p.valid, pyhanko: h.verdict, pyhankoIntact: h.intact }).toEqual({ field: s.field, pdfsig: true, pyhanko: refused ? 'INVALID' : 'VALID', pyhankoIntact: true });
    if (refused) expect(h.text).toMatch(/Some modifications may be illegitimate/);
    expect({ field: s.field, verdict: s.verdict, intact: s.intact, cmsValid: s.cmsValid, trusted: s.trusted, reasons: s.reasons }).toEqual({ field: s.field, verdict: 'VALID', intact: true, cmsValid: true, trusted: true, reasons: [] });
    expect({ field: s.field, coverage: s.coverage === 'ENTIRE_FILE' ? 'ENTIRE_FILE' : 'ENTIRE_REVISION' }).toEqual({ field: s.field, coverage: h.coverage });
    expect({ field: s.field, total: p.total }).toEqual({ field: s.field, total: s.coverage === 'ENTIRE_FILE' });
  }
  expect(ours.verdict).toBe('VALID');
  return ours.signatures;
}

// Each file is checked with one signature of the other tool (whole file) and after the tool,
// Naskah and the tool again (every earlier signature then covers its revision); the state in
// between adds nothing the last file does not check, and a pyHanko run costs seconds.
describe('third-party signers before and after Naskah', () => {
  test('poppler (NSS, BER CMS) signs, Naskah signs, poppler signs again', async () => {
    const first = popplerSigns(await memo(1), 'Poppler1');
    // What makes this file a reproduction: poppler's CMS opens with an indefinite length (X.690 §8.1.3.6).
    const cms = cmsOf(first, 'Poppler1');
    expect(cms.subarray(0, 2).toString('hex')).toBe('3080');
    await agree('poppler only', first, [{ field: 'Poppler1', tool: 'pdfsig' }]);
    const naskah = await sign(first, t, 0, 'B-T');
    const last = popplerSigns(naskah, 'Poppler2');
    const report = await agree('poppler, Naskah, poppler', last, [{ field: 'Poppler1', tool: 'pdfsig' }, { field: 'TTE1', tool: 'Naskah B-T' }, { field: 'Poppler2', tool: 'pdfsig' }]);
    expect(report.map((s) => s.coverage)).toEqual(['ENTIRE_REVISION', 'ENTIRE_REVISION', 'ENTIRE_FILE']);
    expect(report.map((s) => s.signer?.name)).toEqual(['Rina Wulandari', 'Siti Rahmawati', 'Rina Wulandari']);
    // poppler writes adbe.pkcs7.detached with a signing-time attribute: valid, but no PAdES level.
    expect(report.map((s) => s.level)).toEqual([null, 'B-T', null]);
  });

  test('pyHanko signs (adbe.pkcs7 style), Naskah signs, pyHanko signs again (PAdES style)', async () => {
    const first = pyhankoSigns(await memo(1), 'PyHanko1', false);
    await agree('pyHanko only', first, [{ field: 'PyHanko1', tool: 'pyHanko' }]);
    const naskah = await sign(first, t, 1, 'B-T');
    const last = pyhankoSigns(naskah, 'PyHanko2', true);
    const report = await agree('pyHanko, Naskah, pyHanko PAdES', last, [{ field: 'PyHanko1', tool: 'pyHanko' }, { field: 'TTE1', tool: 'Naskah B-T' }, { field: 'PyHanko2', tool: 'pyHanko --use-pades' }]);
    expect(report.map((s) => s.coverage)).toEqual(['ENTIRE_REVISION', 'ENTIRE_REVISION', 'ENTIRE_FILE']);
    // pyHanko's PAdES style is B-B: ETSI.CAdES.detached, signing-certificate-v2, no signing-time attribute.
    expect(report.map((s) => s.level)).toEqual([null, 'B-T', 'B-B']);
  });

  test('PDFBox + Bouncy Castle (BER CMS) signs, Naskah signs, PDFBox signs again', async () => {
    const first = pdfboxSigns(await memo(1), 'Pdfbox1');
    expect(cmsOf(first, 'Pdfbox1').subarray(0, 2).toString('hex')).toBe('3080');
    await agree('PDFBox only', first, [{ field: 'Pdfbox1', tool: 'PDFBox + BC' }]);
    const naskah = await sign(first, t, 3, 'B-T');
    const last = pdfboxSigns(naskah, 'Pdfbox2');
    const report = await agree('PDFBox, Naskah, PDFBox', last, [{ field: 'Pdfbox1', tool: 'PDFBox + BC' }, { field: 'TTE1', tool: 'Naskah B-T' }, { field: 'Pdfbox2', tool: 'PDFBox + BC' }]);
    expect(report.map((s) => s.coverage)).toEqual(['ENTIRE_REVISION', 'ENTIRE_REVISION', 'ENTIRE_FILE']);
    expect(report.map((s) => s.signer?.name)).toEqual(['Rina Wulandari', 'Dewi Lestari', 'Rina Wulandari']);
  });

  const mixedOrder: Expected[] = [
    { field: 'Poppler1', tool: 'pdfsig' }, { field: 'PyHanko1', tool: 'pyHanko --use-pades' }, { field: 'TTE1', tool: 'Naskah B-T' }, { field: 'Poppler2', tool: 'pdfsig' },
  ];
  const mixed = async (objectStreams: boolean): Promise<Buffer> =>
    popplerSigns(await sign(pyhankoSigns(popplerSigns(await memo(2, { objectStreams }), 'Poppler1'), 'PyHanko1', true), t, 2, 'B-T'), 'Poppler2');

  // pyHanko's revision declares /Size past an object number it never wrote (a free number);
  // poppler's last update puts its new signature widget at that free number. A new object at a
  // free number is a new object (ISO 32000-1 §7.5.4) and the revision adds only a signature
  // field: pdfsig and we say valid, pyHanko's diff policy calls the widget an "unexplained
  // xref" for the signatures before it. The test pins that one known disagreement.
  test.each([['classic xref', false], ['xref streams', true]])('all three on one file (%s): poppler, pyHanko, Naskah, poppler', async (kind, objectStreams) => {
    const report = await agree(`mixed, ${kind}`, await mixed(objectStreams), mixedOrder, ['PyHanko1', 'TTE1']);
    expect(report.map((s) => s.verdict)).toEqual(['VALID', 'VALID', 'VALID', 'VALID']);
    expect(report.map((s) => s.coverage)).toEqual(['ENTIRE_REVISION', 'ENTIRE_REVISION', 'ENTIRE_REVISION', 'ENTIRE_FILE']);
  });

  test('the document information dictionary may change later (as pyHanko does), but only with text', async () => {
    const signed = await sign(await memo(1), t, 0, 'B-B');
    const info = readPdf(signed).lastRevision.trailer.get('Info') as PdfRef;
    const metadata = appendRevision(signed, [[info.num, '<< /Producer (pyHanko 0.38.0) /ModDate (D:20261206210000Z) /Trapped /False >>']], { trailerExtra: `/Info ${info.num} 0 R` });
    const ok = await verifyPdf(metadata, { trustAnchors: [t.rootPem], checkRevocation: false });
    expect({ verdict: ok.verdict, reasons: ok.reasons, modifications: ok.signatures[0]!.modificationsAfter }).toEqual({ verdict: 'VALID', reasons: [], modifications: 'allowed' });
    // A reference in it could point anywhere a page looks: that is a redefinition like any other.
    const pageRef = appendRevision(signed, [[info.num, '<< /Producer (x) /Resources 2 0 R >>']], { trailerExtra: `/Info ${info.num} 0 R` });
    const bad = await verifyPdf(pageRef, { trustAnchors: [t.rootPem], checkRevocation: false });
    expect(bad.verdict).toBe('INVALID');
    expect(bad.reasons.map((r) => r.code)).toContain('CHANGE_UNSIGNED_UPDATE');
  });
});

// The incremental writer on its own: exact values in rewritten objects, refusals, no partial output.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openPkcs12 } from '../src/keys/index.js';
import { BufferSource, PdfDocument } from '../src/pdf/document.js';
import { signPdf, signPdfFile } from '../src/sign.js';
import { makeTestPki, PASSPHRASE, type TestPki } from './pki-setup.js';

let base: string;
let tp: TestPki;
beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'naskah-writer-'));
  tp = await makeTestPki(base);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const holder = (): ReturnType<typeof openPkcs12> => openPkcs12(readFileSync(tp.p12.andi), PASSPHRASE);

async function onePage(size: [number, number]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage(size).drawText('Surat', { x: 72, y: 500, size: 12, font });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

test('a rewritten page keeps its real-number MediaBox exactly, and only /Annots changes', async () => {
  const original = await onePage([595.275590551, 841.889763779]);
  const signed = await signPdf(original, { holder: holder() });
  const before = PdfDocument.open(new BufferSource(original));
  const after = PdfDocument.open(new BufferSource(signed));
  const pageBefore = before.requireDict(before.pageRefs()[0], 'page');
  const pageAfter = after.requireDict(after.pageRefs()[0], 'page');
  expect(after.resolve(pageAfter.get('MediaBox'))).toEqual(before.resolve(pageBefore.get('MediaBox')));
  expect([...pageAfter.map.keys()].sort()).toEqual([...new Set([...pageBefore.map.keys(), 'Annots'])].sort());
  expect(signed.subarray(0, original.length).equals(original)).toBe(true);
  const text = signed.subarray(original.length).toString('latin1');
  expect(text).toMatch(/\/ByteRange \[0 \d+ \d+ \d+ *\]/);
  expect(text).toMatch(/\/SubFilter \/ETSI\.CAdES\.detached/);
  expect(text).not.toMatch(/\/Cert /);
  const sig = after.requireDict(
    (after.resolve(after.requireDict(after.catalog().get('AcroForm'), 'form').get('Fields')) as unknown[])[0] as never,
    'field',
  );
  expect(after.requireDict(sig.get('V'), 'sig').has('M')).toBe(true);
});

test('an xref entry that points at another object is PDF_MALFORMED, and no output is left behind', async () => {
  const original = (await onePage([595, 842])).toString('latin1');
  // Swap the offsets of objects 1 and 2 in the xref table.
  const table = /xref\n0 (\d+)\n([\s\S]*?)trailer/.exec(original)!;
  const rows = table[2]!.split('\n').filter(Boolean);
  [rows[1], rows[2]] = [rows[2]!, rows[1]!];
  const broken = original.replace(table[2]!, `${rows.join('\n')}\n`);
  const input = join(base, 'broken.pdf');
  writeFileSync(input, Buffer.from(broken, 'latin1'));
  const outDir = mkdtempSync(join(base, 'out-'));
  await expect(signPdfFile(input, join(outDir, 'signed.pdf'), { holder: holder() })).rejects.toMatchObject({ code: 'PDF_MALFORMED' });
  expect(readdirSync(outDir)).toEqual([]);
});

test('a contents reserve too small for the CMS is SIGNATURE_TOO_LARGE, not a corrupt file', async () => {
  const input = join(base, 'small.pdf');
  writeFileSync(input, await onePage([595, 842]));
  const out = join(base, 'too-large.pdf');
  await expect(signPdfFile(input, out, { holder: holder(), contentsBytes: 1000 })).rejects.toMatchObject({ code: 'SIGNATURE_TOO_LARGE' });
  expect(existsSync(out)).toBe(false);
});

test('three signatures with the default placement get three places on the last page, none covering another', async () => {
  let pdf = await onePage([595.28, 841.89]);
  for (let i = 0; i < 3; i++) pdf = await signPdf(pdf, { holder: holder() });
  const doc = PdfDocument.open(new BufferSource(pdf));
  const fields = doc.resolve(doc.requireDict(doc.catalog().get('AcroForm'), 'form').get('Fields')) as unknown[];
  const rects = fields.map((f) => (doc.resolve(doc.requireDict(f as never, 'field').get('Rect')) as unknown[]).map((v) => Number(doc.resolve(v as never))));
  expect(rects).toHaveLength(3);
  // The first keeps the classic bottom-right block; the next go beside it, then a row higher.
  expect(rects[0]![0]).toBeCloseTo(595.28 - 56 - 220, 1);
  expect(rects[0]![1]).toBeCloseTo(110, 1);
  expect(rects[1]![1]).toBeCloseTo(110, 1);
  expect(rects[1]![2]).toBeLessThanOrEqual(rects[0]![0]!);
  expect(rects[2]![1]).toBeGreaterThanOrEqual(rects[0]![3]!);
  for (const [i, a] of rects.entries()) {
    for (const b of rects.slice(i + 1)) expect(a[0]! < b[2]! && b[0]! < a[2]! && a[1]! < b[3]! && b[1]! < a[3]!).toBe(false);
    expect(a[0]).toBeGreaterThanOrEqual(0);
  }
});

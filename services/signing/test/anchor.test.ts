// Anchor search in page text: standard fonts, embedded (Type0 + ToUnicode) fonts, transforms.
import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, pushGraphicsState, popGraphicsState, scale } from 'pdf-lib';
import { BufferSource, PdfDocument } from '../src/pdf/document.js';
import { findAnchor } from '../src/stamp/anchor.js';

async function firstPage(build: (doc: PDFDocument) => Promise<void>): Promise<{ doc: PdfDocument; page: ReturnType<PdfDocument['requireDict']> }> {
  const pdf = await PDFDocument.create();
  await build(pdf);
  const doc = PdfDocument.open(new BufferSource(Buffer.from(await pdf.save())));
  return { doc, page: doc.requireDict(doc.pageRefs()[0], 'page') };
}

test('finds the anchor drawn with an embedded TrueType font (Type0, glyph ids, /ToUnicode)', async () => {
  const { doc, page } = await firstPage(async (pdf) => {
    pdf.registerFontkit(fontkit);
    const font = await pdf.embedFont(readFileSync('/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf'), { subset: true });
    pdf.addPage([595, 842]).drawText('Kepala Dinas ^', { x: 300, y: 200, size: 12, font });
  });
  const hit = findAnchor(doc, page, '^');
  expect(hit.y).toBeCloseTo(200, 3);
  expect(hit.x).toBeGreaterThan(300);
  expect(hit.x).toBeLessThan(400);
  expect(hit.fontSize).toBeCloseTo(12, 3);
});

test('follows the CTM (a scaled graphics state) and the text matrix', async () => {
  const { doc, page } = await firstPage(async (pdf) => {
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const p = pdf.addPage([595, 842]);
    p.pushOperators(pushGraphicsState(), scale(2, 2));
    p.drawText('^', { x: 100, y: 50, size: 10, font });
    p.pushOperators(popGraphicsState());
  });
  const hit = findAnchor(doc, page, '^');
  expect([hit.x, hit.y, hit.fontSize]).toEqual([200, 100, 20]);
});

test('a page without the anchor gives ANCHOR_NOT_FOUND', async () => {
  const { doc, page } = await firstPage(async (pdf) => {
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([595, 842]).drawText('Tanpa jangkar', { x: 100, y: 50, size: 10, font });
  });
  expect(() => findAnchor(doc, page, '^')).toThrow(expect.objectContaining({ code: 'ANCHOR_NOT_FOUND' }));
});

// The upload check (checkPdfStructure) and the reader under the writer's limits on a hostile
// structure: 5,000 nested arrays in a page dictionary. Before, the file passed
// upload and every sign attempt died with a stack overflow (a 500).
import { describe, expect, test } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { nestedArrayPdf } from '../../test/hostile-pdf.js';
import { makeTestPki, PASSPHRASE } from '../../test/pki-setup.js';
import { openPkcs12 } from '../keys/index.js';
import { BufferSource, PdfDocument } from '../pdf/document.js';
import { WRITER_LIMITS } from '../pdf/syntax.js';
import { signPdf } from '../sign.js';
import { isSigningError } from '../errors.js';
import { checkPdfStructure, UPLOAD_LIMITS } from './check-structure.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function ordinaryPdf(pages: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawText(`Nota Dinas halaman ${i + 1}`, { x: 72, y: 770, size: 12, font });
  return Buffer.from(await pdf.save());
}

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    return isSigningError(error) ? error.code : `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('checkPdfStructure', () => {
  test('an ordinary PDF (object streams, 3 pages) passes and is described', async () => {
    const result = checkPdfStructure(await ordinaryPdf(3));
    expect(result).toMatchObject({ revisions: 1, pages: 3 });
    expect(result.objects).toBeGreaterThan(3);
  });

  test('the nested-array fixture at a modest depth is a valid PDF (so the refusals below are about depth only)', () => {
    expect(checkPdfStructure(nestedArrayPdf(10))).toMatchObject({ pages: 1 });
  });

  test('5,000 nested arrays → PDF_MALFORMED naming the file, not a stack overflow', () => {
    let caught: unknown;
    try {
      checkPdfStructure(nestedArrayPdf(5000));
    } catch (error) {
      caught = error;
    }
    expect(isSigningError(caught, 'PDF_MALFORMED')).toBe(true);
    expect(caught).toMatchObject({ field: 'file', message: expect.stringMatching(/nested too deeply/) });
  });

  test(`the limit is the verifier's: ${UPLOAD_LIMITS.maxDepth} levels inside the page dictionary pass, one more does not`, () => {
    // The page dictionary is level 0 of its object, so the array levels are 1..depth.
    expect(codeOf(() => checkPdfStructure(nestedArrayPdf(UPLOAD_LIMITS.maxDepth)))).toBe('ok');
    expect(codeOf(() => checkPdfStructure(nestedArrayPdf(UPLOAD_LIMITS.maxDepth + 1)))).toBe('PDF_MALFORMED');
  });

  test('not a PDF, no pages, truncated → PDF_MALFORMED', async () => {
    expect(codeOf(() => checkPdfStructure(Buffer.from('%PDF-1.7\nhello\n%%EOF\n')))).toBe('PDF_MALFORMED');
    const ordinary = await ordinaryPdf(1);
    expect(codeOf(() => checkPdfStructure(ordinary.subarray(0, ordinary.length - 200)))).toBe('PDF_MALFORMED');
    const noPages = nestedArrayPdf(1).toString('latin1').replace('/Kids [3 0 R] /Count 1', '/Kids [] /Count 0');
    expect(codeOf(() => checkPdfStructure(Buffer.from(noPages, 'latin1')))).toBe('PDF_MALFORMED');
  });

  test('a time budget of 0 ms → PDF_MALFORMED (the clock is enforced)', async () => {
    expect(codeOf(() => checkPdfStructure(nestedArrayPdf(10), { timeBudgetMs: -1 }))).toBe('PDF_MALFORMED');
  });
});

describe("the reader under the writer's limits (sign path)", () => {
  test('its nesting limit equals the upload check\'s', () => {
    expect(WRITER_LIMITS.maxDepth).toBe(UPLOAD_LIMITS.maxDepth);
  });

  test('reading the page of a 5,000-deep file → PDF_MALFORMED, not RangeError', () => {
    const doc = PdfDocument.open(new BufferSource(nestedArrayPdf(5000)));
    expect(codeOf(() => doc.requireDict(doc.pageRefs()[0], 'page'))).toBe('PDF_MALFORMED');
  });

  test('signing a 5,000-deep file is refused with PDF_MALFORMED; at the limit it signs', async () => {
    const base = mkdtempSync(join(tmpdir(), 'naskah-structure-'));
    try {
      const tp = await makeTestPki(base);
      const holder = () => openPkcs12(readFileSync(tp.p12.andi), PASSPHRASE);
      const refused = await signPdf(nestedArrayPdf(5000), { holder: holder() }).then(() => 'ok', (error: unknown) => (isSigningError(error) ? error.code : String(error)));
      expect(refused).toBe('PDF_MALFORMED');
      const signed = await signPdf(nestedArrayPdf(WRITER_LIMITS.maxDepth), { holder: holder() });
      expect(checkPdfStructure(signed)).toMatchObject({ revisions: 2, pages: 1 });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

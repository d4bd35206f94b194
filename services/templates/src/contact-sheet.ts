/**
 * Renders every example and lays page 1 of each onto one sheet, then rasterises
 * with poppler's pdftoppm: `npx tsx services/templates/src/contact-sheet.ts [OUT_DIR]`.
 * Writes contact-sheet.png (all types) and <type>.png (page 1 of each, 40 dpi).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts, grayscale } from 'pdf-lib';
import { documentTypes } from './content.js';
import { renderDocument } from './render.js';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] ?? join(here, '../../../docs/templates');
const work = mkdtempSync(join(tmpdir(), 'naskah-sheet-'));
const columns = 4;
const cell = { w: 297.64, h: 420.95, label: 14 };
const sheet = await PDFDocument.create();
const label = await sheet.embedFont(StandardFonts.Helvetica);
const rows = Math.ceil(documentTypes.length / columns);
const page = sheet.addPage([columns * cell.w, rows * (cell.h + cell.label)]);

for (const [i, type] of documentTypes.entries()) {
  const content = JSON.parse(readFileSync(join(here, '../examples', `${type}.json`), 'utf8'));
  const { pdf } = await renderDocument(content, { final: false });
  const file = join(work, `${type}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(work, type)]);
  renameSync(join(work, `${type}.png`), join(outDir, `${type}.png`));
  const [embedded] = await sheet.embedPdf(pdf, [0]);
  const x = (i % columns) * cell.w;
  const y = page.getHeight() - (Math.floor(i / columns) + 1) * (cell.h + cell.label);
  page.drawPage(embedded!, { x, y, width: cell.w, height: cell.h });
  page.drawRectangle({ x, y, width: cell.w, height: cell.h, borderWidth: 0.5, borderColor: grayscale(0.5) });
  page.drawText(type.replaceAll('_', ' '), { x: x + 6, y: y + cell.h + 3, size: 10, font: label });
}
const sheetFile = join(work, 'sheet.pdf');
writeFileSync(sheetFile, await sheet.save());
execFileSync('pdftoppm', ['-r', '34', '-png', '-singlefile', sheetFile, join(outDir, 'contact-sheet')]);
rmSync(work, { recursive: true });
process.stdout.write(`contact sheet and ${documentTypes.length} page images in ${outDir}\n`);

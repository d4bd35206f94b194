import { PDFName, type PDFDocument, type PDFImage } from 'pdf-lib';
import { deflateSync } from 'node:zlib';
import { fontMetrics, type EmbeddedFace, type FontFace } from './fonts.js';
import type { Layout } from './layout.js';
import { PAGE, type Op } from './page.js';
import { PreparedStream } from './prepared.js';

/**
 * Writes each page's content stream straight from the display list: PDF
 * operators as text, compressed with zlib. (pdf-lib's operator objects cost
 * more than the rest of a render put together.)
 */

const fontKey: Record<FontFace, string> = { regular: 'F1', bold: 'F2', italic: 'F3' };
const H = PAGE.height;

/**
 * What every page carries besides the letter: the DRAF watermark on drafts
 * and "Halaman x dari y". The TTE footer ("Dokumen ini telah ditandatangani
 * secara elektronik ...") is not printed here: the signing stamp adds it with
 * the issuer of the certificate actually used.
 */
export interface PageFurniture {
  draft: boolean;
  faces: FontFace[];
  texts(pages: number): string[];
}

export function pageFurniture(final: boolean): PageFurniture {
  return {
    draft: !final,
    faces: ['regular', ...(final ? [] : ['bold' as const])],
    texts: (pages) => ['DRAF', `Halaman ${pages} dari ${pages}`],
  };
}

/** Number as PDF writes it: at most two decimals, no exponent. */
function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export function drawPages(
  pdf: PDFDocument, layout: Layout, fonts: Partial<Record<FontFace, EmbeddedFace>>, image: PDFImage | undefined, furniture: PageFurniture,
): void {
  const total = layout.pages.length;
  const face = (f: FontFace): EmbeddedFace => fonts[f]!;
  layout.pages.forEach((ops, index) => {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    for (const f of Object.keys(fonts) as FontFace[]) page.node.setFontDictionary(PDFName.of(fontKey[f]), face(f).ref);
    if (image) page.node.setXObject(PDFName.of('Lambang'), image.ref);
    const out: string[] = [];
    if (furniture.draft) watermark(out, face('bold'));
    for (const op of ops) drawOp(out, op, face);
    const label = `Halaman ${index + 1} dari ${total}`;
    text(out, 'regular', face('regular'), 8, (PAGE.width - fontMetrics().regular.width(label, 8)) / 2, 30, label);
    const bytes = deflateSync(Buffer.from(out.join('\n'), 'latin1'), { windowBits: 13, memLevel: 6 });
    const stream = PreparedStream.prepared(pdf.context.obj({ Filter: 'FlateDecode', Length: bytes.length }), bytes);
    page.node.set(PDFName.of('Contents'), pdf.context.register(stream));
  });
}

function text(out: string[], f: FontFace, embedded: EmbeddedFace, size: number, x: number, y: number, value: string): void {
  out.push(`BT /${fontKey[f]} ${n(size)} Tf 1 0 0 1 ${n(x)} ${n(y)} Tm ${embedded.hex(value)} Tj ET`);
}

function drawOp(out: string[], op: Op, face: (f: FontFace) => EmbeddedFace): void {
  switch (op.op) {
    case 'text': {
      const y = H - op.y;
      const embedded = face(op.face);
      if (op.justifyTo !== undefined) {
        // Justified line: word gaps are TJ adjustments, as Tw does not apply to a two-byte font.
        const words = op.text.split(' ');
        const metrics = fontMetrics()[op.face];
        const natural = words.reduce((sum, w) => sum + metrics.width(w, op.size), 0);
        const gap = n((-(op.justifyTo - natural) / (words.length - 1) * 1000) / op.size);
        out.push(`BT /${fontKey[op.face]} ${n(op.size)} Tf 1 0 0 1 ${n(op.x)} ${n(y)} Tm [${words.map((w) => embedded.hex(w)).join(` ${gap} `)}] TJ ET`);
      } else {
        text(out, op.face, embedded, op.size, op.x, y, op.text);
      }
      if (op.underline) {
        const w = fontMetrics()[op.face].width(op.text, op.size);
        out.push(`0.7 w ${n(op.x)} ${n(y - 1.6)} m ${n(op.x + w)} ${n(y - 1.6)} l S`);
      }
      return;
    }
    case 'line':
      out.push(`${n(op.width)} w ${n(op.x1)} ${n(H - op.y1)} m ${n(op.x2)} ${n(H - op.y2)} l S`);
      return;
    case 'rect': {
      const rect = `${n(op.x)} ${n(H - op.y - op.h)} ${n(op.w)} ${n(op.h)} re`;
      out.push(op.gray !== undefined ? `q ${n(op.gray)} g ${rect} f Q` : `${n(op.lineWidth)} w ${rect} S`);
      return;
    }
    case 'emblem':
      if (op.image) out.push(`q ${n(op.w)} 0 0 ${n(op.h)} ${n(op.x)} ${n(H - op.y - op.h)} cm /Lambang Do Q`);
      else placeholderEmblem(out, op.x, H - op.y - op.h, op.w, op.h);
  }
}

/**
 * A drawn stand-in for the region's emblem (lambang daerah): a green shield
 * with a gold star and two bands, until the agency uploads theirs.
 */
function placeholderEmblem(out: string[], x: number, y: number, w: number, h: number): void {
  const p = (u: number, v: number) => `${n(x + (u / 100) * w)} ${n(y + (v / 120) * h)}`;
  const path = [
    'q 0.05 0.42 0.2 rg', `${p(0, 120)} m ${p(100, 120)} l ${p(100, 55)} l`,
    `${p(100, 25)} ${p(70, 8)} ${p(50, 0)} c ${p(30, 8)} ${p(0, 25)} ${p(0, 55)} c h f`, '0.98 0.8 0.1 rg',
  ];
  const star: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? 22 : 9;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    star.push(`${p(50 + r * Math.cos(a), 82 + r * Math.sin(a))} ${i === 0 ? 'm' : 'l'}`);
  }
  out.push(...path, `${star.join(' ')} h f`, `${p(18, 44)} ${n((64 / 100) * w)} ${n((6 / 120) * h)} re f`,
    `1 g ${p(18, 34)} ${n((64 / 100) * w)} ${n((6 / 120) * h)} re f Q`);
}

function watermark(out: string[], bold: EmbeddedFace): void {
  const angle = Math.atan2(PAGE.height, PAGE.width);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const size = 150;
  const width = fontMetrics().bold.width('DRAF', size);
  const x = PAGE.width / 2 - (cos * width) / 2 + sin * size * 0.35;
  const y = PAGE.height / 2 - (sin * width) / 2 - cos * size * 0.35;
  out.push(`q 0.88 g BT /F2 ${size} Tf ${cos.toFixed(4)} ${sin.toFixed(4)} ${(-sin).toFixed(4)} ${cos.toFixed(4)} ${n(x)} ${n(y)} Tm ${bold.hex('DRAF')} Tj ET Q`);
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  PDFDocument, PDFHexString, PDFName, PDFNumber, PDFOperator, PDFOperatorNames, type PDFFont, type PDFImage, type PDFPage,
  appendBezierCurve, beginText, closePath, endText, fill, lineTo, moveTo, popGraphicsState, pushGraphicsState, rectangle,
  setFillingGrayscaleColor, setFillingRgbColor, setFontAndSize, setLineWidth, setTextMatrix, showText, stroke,
} from 'pdf-lib';
import { documentContentSchema, type DocumentContent, type DocumentContentInput } from './content.js';
import { TemplateError } from './errors.js';
import { embedFaces, fontMetrics, type FontFace } from './fonts.js';
import { templates } from './kinds.js';
import { layoutDocument, type Layout } from './layout.js';
import { PAGE, type Op, type Slot } from './page.js';

export interface RenderOptions {
  /** Final render: the allocated number, no watermark. Otherwise a draft ("DRAF", temporary number). */
  final?: boolean;
}

export interface RenderResult {
  pdf: Uint8Array;
  /** Pages of the letter itself, before appended lampiran. */
  letterPages: number;
  pageCount: number;
  signatureSlots: Slot[];
  parafSlots: Slot[];
  sha256: string;
}

/** Validates untrusted content (e.g. JSON from a request); throws TemplateError CONTENT_INVALID naming the field. */
export function parseDocumentContent(input: unknown): DocumentContent {
  const parsed = documentContentSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.reduce<string>(
    (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key)),
    '',
  );
  throw new TemplateError('CONTENT_INVALID', `${field || 'document'}: ${issue.message}`, field || undefined);
}

function checkRenderable(content: DocumentContent, final: boolean): void {
  if (final && templates[content.type].numbered && !content.nomor) {
    throw new TemplateError('NOMOR_REQUIRED', 'nomor: a final render needs the allocated number', 'nomor');
  }
}

/** Where the TTE stamps and paraf stamps go, without rendering the PDF. */
export function signatureSlots(input: DocumentContentInput | DocumentContent, options: RenderOptions = {}): { signers: Slot[]; paraf: Slot[] } {
  const content = parseDocumentContent(input);
  const layout = layoutDocument(content, { final: options.final ?? false });
  return { signers: layout.signatureSlots, paraf: layout.parafSlots };
}

const lambangCache = new Map<string, Uint8Array>();

export async function renderDocument(input: DocumentContentInput | DocumentContent, options: RenderOptions = {}): Promise<RenderResult> {
  const final = options.final ?? false;
  const content = parseDocumentContent(input);
  checkRenderable(content, final);
  const attachments = content.lampiranPdf.map((source, i) => readAttachment(source, i));
  const lambang = content.agency.lambangPng ? readLambang(content.agency.lambangPng) : undefined;

  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ content, final }))
    .update(attachments.map((bytes) => createHash('sha256').update(bytes).digest('hex')).join(','))
    .digest('hex');

  const layout = layoutDocument(content, { final });
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFaces(pdf, fingerprint);
  const image = lambang ? await pdf.embedPng(lambang) : undefined;
  drawPages(pdf, layout, fonts, image, content, final);

  for (const [i, bytes] of attachments.entries()) {
    let source: PDFDocument;
    try {
      source = await PDFDocument.load(bytes, { updateMetadata: false });
    } catch (error) {
      throw new TemplateError('LAMPIRAN_UNREADABLE', `lampiranPdf[${i}]: not a readable, unencrypted PDF (${(error as Error).message.split('\n')[0]})`, `lampiranPdf[${i}]`);
    }
    const copied = await pdf.copyPages(source, source.getPageIndices());
    for (const page of copied) pdf.addPage(page);
  }

  // Everything that pdf-lib would take from the clock or a random source is
  // fixed from the document itself, so the same data gives the same bytes.
  const date = new Date(`${content.tanggal}T00:00:00Z`);
  pdf.setTitle(`${templates[content.type].name}${content.hal ? `: ${content.hal}` : ''}`);
  pdf.setAuthor(content.agency.nama);
  pdf.setSubject(content.hal ?? templates[content.type].name);
  pdf.setCreator('Naskah');
  pdf.setProducer('Naskah templates (pdf-lib)');
  pdf.setLanguage('id-ID');
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);
  const id = PDFHexString.of(fingerprint.slice(0, 32));
  pdf.context.trailerInfo.ID = pdf.context.obj([id, id]);

  const bytes = await pdf.save({ useObjectStreams: false });
  return {
    pdf: bytes,
    letterPages: layout.pages.length,
    pageCount: pdf.getPageCount(),
    signatureSlots: layout.signatureSlots,
    parafSlots: layout.parafSlots,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

function readAttachment(source: DocumentContent['lampiranPdf'][number], index: number): Uint8Array {
  try {
    return 'path' in source ? readFileSync(source.path) : Buffer.from(source.base64, 'base64');
  } catch {
    throw new TemplateError('LAMPIRAN_UNREADABLE', `lampiranPdf[${index}]: cannot read ${'path' in source ? source.path : 'the bytes'}`, `lampiranPdf[${index}]`);
  }
}

function readLambang(path: string): Uint8Array {
  let bytes = lambangCache.get(path);
  if (!bytes) {
    try {
      bytes = readFileSync(path);
    } catch {
      throw new TemplateError('LAMBANG_UNREADABLE', `agency.lambangPng: cannot read ${path}`, 'agency.lambangPng');
    }
    lambangCache.set(path, bytes);
  }
  return bytes;
}

const fontKeys: Record<FontFace, PDFName> = { regular: PDFName.of('F1'), bold: PDFName.of('F2'), italic: PDFName.of('F3') };
const TJ = PDFOperatorNames.ShowTextAdjusted;

function drawPages(pdf: PDFDocument, layout: Layout, fonts: Record<FontFace, PDFFont>, image: PDFImage | undefined, content: DocumentContent, final: boolean): void {
  const total = layout.pages.length;
  layout.pages.forEach((ops, index) => {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    for (const face of Object.keys(fontKeys) as FontFace[]) page.node.setFontDictionary(fontKeys[face], fonts[face].ref);
    const out: PDFOperator[] = [];
    if (!final) watermark(out, fonts);
    for (const op of ops) drawOp(out, page, op, fonts, image);
    footer(out, `Halaman ${index + 1} dari ${total}`, final ? content.penerbitSertifikat : undefined, fonts);
    page.pushOperators(...out);
  });
}

const H = PAGE.height;

function text(out: PDFOperator[], fonts: Record<FontFace, PDFFont>, face: FontFace, size: number, x: number, y: number, value: string): void {
  out.push(beginText(), setFontAndSize(fontKeys[face].asString().slice(1), size), setTextMatrix(1, 0, 0, 1, x, y), showText(fonts[face].encodeText(value)), endText());
}

function drawOp(out: PDFOperator[], page: PDFPage, op: Op, fonts: Record<FontFace, PDFFont>, image: PDFImage | undefined): void {
  switch (op.op) {
    case 'text': {
      const y = H - op.y;
      if (op.justifyTo !== undefined) {
        const words = op.text.split(' ');
        const metrics = fontMetrics()[op.face];
        const natural = words.reduce((sum, w) => sum + metrics.width(w, op.size), 0);
        const gap = (op.justifyTo - natural) / (words.length - 1);
        const adjust = PDFNumber.of(Math.round((-gap * 1000) / op.size * 100) / 100);
        const parts = words.flatMap((w, i) => (i === 0 ? [fonts[op.face].encodeText(w)] : [adjust, fonts[op.face].encodeText(w)]));
        // Justified line: the word gaps are TJ adjustments, as Tw does not apply to a two-byte font.
        out.push(beginText(), setFontAndSize(fontKeys[op.face].asString().slice(1), op.size), setTextMatrix(1, 0, 0, 1, op.x, y),
          PDFOperator.of(TJ, [page.doc.context.obj(parts)]), endText());
      } else {
        text(out, fonts, op.face, op.size, op.x, y, op.text);
      }
      if (op.underline) {
        const w = fontMetrics()[op.face].width(op.text, op.size);
        out.push(setLineWidth(0.7), moveTo(op.x, y - 1.6), lineTo(op.x + w, y - 1.6), stroke());
      }
      return;
    }
    case 'line':
      out.push(setLineWidth(op.width), moveTo(op.x1, H - op.y1), lineTo(op.x2, H - op.y2), stroke());
      return;
    case 'rect':
      if (op.gray !== undefined) {
        out.push(pushGraphicsState(), setFillingGrayscaleColor(op.gray), rectangle(op.x, H - op.y - op.h, op.w, op.h), fill(), popGraphicsState());
      } else {
        out.push(setLineWidth(op.lineWidth), rectangle(op.x, H - op.y - op.h, op.w, op.h), stroke());
      }
      return;
    case 'emblem':
      if (image) {
        page.pushOperators(...out.splice(0));
        page.drawImage(image, { x: op.x, y: H - op.y - op.h, width: op.w, height: op.h });
      } else {
        placeholderEmblem(out, op.x, H - op.y - op.h, op.w, op.h);
      }
  }
}

/**
 * A drawn stand-in for the region's emblem (lambang daerah): a green shield
 * with a gold star and rice-and-cotton bands, until the agency uploads theirs.
 */
function placeholderEmblem(out: PDFOperator[], x: number, y: number, w: number, h: number): void {
  const sx = (u: number) => x + (u / 100) * w;
  const sy = (v: number) => y + (v / 120) * h;
  out.push(pushGraphicsState(), setFillingRgbColor(0.05, 0.42, 0.2),
    moveTo(sx(0), sy(120)), lineTo(sx(100), sy(120)), lineTo(sx(100), sy(55)),
    appendBezierCurve(sx(100), sy(25), sx(70), sy(8), sx(50), sy(0)),
    appendBezierCurve(sx(30), sy(8), sx(0), sy(25), sx(0), sy(55)), closePath(), fill(),
    setFillingRgbColor(0.98, 0.8, 0.1));
  const cx = 50;
  const cy = 82;
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? 22 : 9;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    const px = sx(cx + r * Math.cos(a));
    const py = sy(cy + r * Math.sin(a) * 1.0);
    out.push(i === 0 ? moveTo(px, py) : lineTo(px, py));
  }
  out.push(closePath(), fill());
  out.push(rectangle(sx(18), sy(44), sx(82) - sx(18), sy(50) - sy(44)), fill());
  out.push(setFillingRgbColor(1, 1, 1), rectangle(sx(18), sy(34), sx(82) - sx(18), sy(40) - sy(34)), fill(), popGraphicsState());
}

function watermark(out: PDFOperator[], fonts: Record<FontFace, PDFFont>): void {
  const angle = Math.atan2(PAGE.height, PAGE.width);
  const cos = Math.round(Math.cos(angle) * 1e4) / 1e4;
  const sin = Math.round(Math.sin(angle) * 1e4) / 1e4;
  const size = 150;
  const width = fontMetrics().bold.width('DRAF', size);
  const x = PAGE.width / 2 - (cos * width) / 2 + (sin * size * 0.35);
  const y = PAGE.height / 2 - (sin * width) / 2 - (cos * size * 0.35);
  out.push(pushGraphicsState(), setFillingGrayscaleColor(0.88), beginText(), setFontAndSize('F2', size),
    setTextMatrix(cos, sin, -sin, cos, x, y), showText(fonts.bold.encodeText('DRAF')), endText(), popGraphicsState());
}

function footer(out: PDFOperator[], pageLabel: string, penerbit: string | undefined, fonts: Record<FontFace, PDFFont>): void {
  const labelW = fontMetrics().regular.width(pageLabel, 8);
  text(out, fonts, 'regular', 8, (PAGE.width - labelW) / 2, 30, pageLabel);
  if (penerbit) {
    const line = `Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh ${penerbit}`;
    const w = fontMetrics().italic.width(line, 7);
    text(out, fonts, 'italic', 7, Math.max(20, (PAGE.width - w) / 2), 44, line);
  }
}

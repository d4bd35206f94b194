import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PDFDocument, PDFHexString } from 'pdf-lib';
import { documentContentSchema, type DocumentContent, type DocumentContentInput } from './content.js';
import { TemplateError } from './errors.js';
import { drawPages, pageFurniture } from './draw.js';
import { embedFaces, type FontFace } from './fonts.js';
import { templates } from './kinds.js';
import { layoutDocument } from './layout.js';
import type { Slot } from './page.js';

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
  const furniture = pageFurniture(final);
  const texts = layout.pages.flatMap((ops) => ops.flatMap((op) => (op.op === 'text' ? [op.text] : [])));
  texts.push(...furniture.texts(layout.pages.length));
  const used = new Set<FontFace>(furniture.faces);
  for (const ops of layout.pages) for (const op of ops) if (op.op === 'text') used.add(op.face);
  const fonts = await embedFaces(pdf, fingerprint, texts, used);
  const image = lambang ? await pdf.embedPng(lambang).catch(() => {
    throw new TemplateError('LAMBANG_UNREADABLE', `agency.lambangPng: ${content.agency.lambangPng} is not a readable PNG`, 'agency.lambangPng');
  }) : undefined;
  drawPages(pdf, layout, fonts, image, furniture);

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

const PNG_DATA_URL = 'data:image/png;base64,';

/** A file path, or the Pemda's uploaded lambang as a PNG data: URL (its settings). */
function readLambang(path: string): Uint8Array {
  if (path.startsWith(PNG_DATA_URL)) return Buffer.from(path.slice(PNG_DATA_URL.length), 'base64');
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

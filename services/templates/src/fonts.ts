import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PreparedStream, PreparedValue } from './prepared.js';
import { PDFString, type PDFDocument, type PDFRef } from 'pdf-lib';

/**
 * Liberation Sans is metric-compatible with Arial, the face regional letters
 * are typed in; the font files are Debian's fonts-liberation.
 */
export const FONT_DIR = process.env.NASKAH_FONT_DIR ?? '/usr/share/fonts/truetype/liberation';
export const fontFaces = {
  regular: 'LiberationSans-Regular.ttf',
  bold: 'LiberationSans-Bold.ttf',
  italic: 'LiberationSans-Italic.ttf',
} as const;
export type FontFace = keyof typeof fontFaces;

// fontkit's font object is structural; only what we touch is typed here.
interface FontkitGlyph { id: number; advanceWidth: number; codePoints: number[] }
interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
  layout(text: string, features?: unknown): { glyphs: FontkitGlyph[] };
  createSubset(): { includeGlyph(glyph: FontkitGlyph): number; encodeStream(): NodeJS.EventEmitter };
}

/**
 * One parsed font shared by every render. Its `layout` maps code points to
 * glyphs directly: no shaping, kerning or ligatures, so widths measured for
 * line breaking are exactly the widths drawn, and encoding is cheap.
 */
export class FaceMetrics {
  readonly bytes: Uint8Array;
  readonly font: FontkitFont;
  private readonly glyphs = new Map<number, FontkitGlyph>();
  private readonly advances = new Map<number, number>();

  constructor(readonly face: FontFace, path: string) {
    this.bytes = readFileSync(path);
    const parsed = fontkit.create(this.bytes as Buffer) as unknown as FontkitFont;
    const direct = Object.create(parsed) as FontkitFont;
    direct.layout = (text: string) => ({ glyphs: Array.from(text, (ch) => this.glyph(ch.codePointAt(0) ?? 32)) });
    this.font = direct;
  }

  glyph(codePoint: number): FontkitGlyph {
    let glyph = this.glyphs.get(codePoint);
    if (!glyph) {
      glyph = this.font.glyphForCodePoint(codePoint);
      this.glyphs.set(codePoint, glyph);
    }
    return glyph;
  }

  /** Width in points of `text` at `size`. */
  width(text: string, size: number): number {
    let units = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let advance = this.advances.get(code);
      if (advance === undefined) {
        advance = this.glyph(text.codePointAt(i) ?? 32).advanceWidth;
        this.advances.set(code, advance);
      }
      units += advance;
    }
    return (units * size) / this.font.unitsPerEm;
  }
}

let faces: Record<FontFace, FaceMetrics> | undefined;
export function fontMetrics(): Record<FontFace, FaceMetrics> {
  faces ??= {
    regular: new FaceMetrics('regular', `${FONT_DIR}/${fontFaces.regular}`),
    bold: new FaceMetrics('bold', `${FONT_DIR}/${fontFaces.bold}`),
    italic: new FaceMetrics('italic', `${FONT_DIR}/${fontFaces.italic}`),
  };
  return faces;
}

/** What the drawing code needs from an embedded face. */
export interface EmbeddedFace {
  ref: PDFRef;
  /** The text as a PDF hex string of glyph ids, e.g. `<002b0048>`. */
  hex(text: string): string;
}

/**
 * The characters Indonesian letters use: ASCII, Latin-1, Latin Extended-A and
 * common typographic punctuation. Documents that stay within it (nearly all)
 * embed a prebuilt font program of just these glyphs, built and compressed
 * once per process; that keeps rendering fast (no subsetting per document).
 */
const repertoire: number[] = [
  ...range(0x20, 0x7e), ...range(0xa0, 0x17f),
  ...range(0x2010, 0x2015), 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026,
  0x2030, 0x2032, 0x2033, 0x2039, 0x203a, 0x20ac, 0x2116, 0x2122, 0x2212, 0x2264, 0x2265,
];
const repertoireSet = new Set(repertoire);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** True when every character of every string is in the prebuilt repertoire. */
function withinRepertoire(texts: Iterable<string>): boolean {
  for (const text of texts) {
    for (const ch of text) if (!repertoireSet.has(ch.codePointAt(0)!)) return false;
  }
  return true;
}

interface PrebuiltFace {
  baseFont: string;
  gidOf: Map<number, number>;
  fontFile: Uint8Array;
  fontFileLength: number;
  toUnicode: Uint8Array;
  widths: PreparedValue;
  descriptor: Record<string, unknown>;
}

async function prebuild(face: FaceMetrics): Promise<PrebuiltFace> {
  const font = face.font;
  const subset = font.createSubset();
  const gidOf = new Map<number, number>();
  const widths: number[] = [0];
  const unicodeOf = new Map<number, number>();
  for (const codePoint of repertoire) {
    if (!font.hasGlyphForCodePoint(codePoint)) continue;
    const glyph = font.glyphForCodePoint(codePoint);
    const gid = subset.includeGlyph(glyph);
    gidOf.set(codePoint, gid);
    if (!unicodeOf.has(gid)) unicodeOf.set(gid, codePoint);
    widths[gid] = Math.round((glyph.advanceWidth * 1000) / font.unitsPerEm);
  }
  const program = await new Promise<Uint8Array>((resolve, reject) => {
    const parts: Uint8Array[] = [];
    subset.encodeStream().on('data', (b: Uint8Array) => parts.push(b)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject);
  });
  for (let i = 0; i < widths.length; i++) widths[i] ??= 0;
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  const entries = [...unicodeOf].sort((a, b) => a[0] - b[0]);
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    chunks.push(`${chunk.length} beginbfchar\n${chunk.map(([g, u]) => `<${hex(g)}> <${hex(u)}>`).join('\n')}\nendbfchar`);
  }
  const cmap = [
    '/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def', '/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def',
    '1 begincodespacerange', '<0000><ffff>', 'endcodespacerange', ...chunks, 'endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end',
  ].join('\n');
  // A fixed tag: the same repertoire always gives the same font program.
  const tag = Array.from(createHash('sha256').update(`${face.face}:${repertoire.join(',')}`).digest().subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  const scale = 1000 / font.unitsPerEm;
  const { minX, minY, maxX, maxY } = font.bbox;
  return {
    baseFont: `${tag}+${fontFaces[face.face].replace(/\.ttf$/, '')}`,
    gidOf,
    fontFile: deflateSync(program, { level: 9 }),
    fontFileLength: program.length,
    toUnicode: deflateSync(Buffer.from(cmap, 'latin1')),
    widths: new PreparedValue(`[0 [${widths.join(' ')}]]`),
    descriptor: {
      // Non-symbolic (32), italic (64) for the italic face.
      Flags: 32 + (face.face === 'italic' ? 64 : 0),
      FontBBox: [minX * scale, minY * scale, maxX * scale, maxY * scale].map(Math.round),
      ItalicAngle: Math.round(font.italicAngle),
      Ascent: Math.round(font.ascent * scale),
      Descent: Math.round(font.descent * scale),
      CapHeight: Math.round((font.capHeight || font.ascent) * scale),
      XHeight: Math.round((font.xHeight || 0) * scale),
      StemV: face.face === 'bold' ? 120 : 80,
    },
  };
}

let prebuilt: Promise<Record<FontFace, PrebuiltFace>> | undefined;
function prebuiltFaces(): Promise<Record<FontFace, PrebuiltFace>> {
  prebuilt ??= (async () => {
    const metrics = fontMetrics();
    return { regular: await prebuild(metrics.regular), bold: await prebuild(metrics.bold), italic: await prebuild(metrics.italic) };
  })();
  return prebuilt;
}

function embedPrebuilt(pdf: PDFDocument, face: PrebuiltFace): EmbeddedFace {
  const context = pdf.context;
  const fontFile = context.register(PreparedStream.prepared(context.obj({ Filter: 'FlateDecode', Length: face.fontFile.length, Length1: face.fontFileLength }), face.fontFile));
  const toUnicode = context.register(PreparedStream.prepared(context.obj({ Filter: 'FlateDecode', Length: face.toUnicode.length }), face.toUnicode));
  const descriptor = context.register(context.obj({ Type: 'FontDescriptor', FontName: face.baseFont, ...face.descriptor, FontFile2: fontFile } as never));
  const cidFont = context.register(context.obj({
    Type: 'Font', Subtype: 'CIDFontType2', BaseFont: face.baseFont, CIDToGIDMap: 'Identity',
    CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
    FontDescriptor: descriptor, W: face.widths,
  }));
  const ref = context.register(context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: face.baseFont, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: toUnicode }));
  const hexOf = new Map<number, string>();
  return {
    ref,
    hex(text: string): string {
      let out = '<';
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        let hex = hexOf.get(cp);
        if (hex === undefined) {
          hex = (face.gidOf.get(cp) ?? 0).toString(16).padStart(4, '0');
          hexOf.set(cp, hex);
        }
        out += hex;
      }
      return `${out}>`;
    },
  };
}

/** Hands pdf-lib the already-parsed font instead of parsing the file again. */
const cachedFontkit = {
  create(bytes: Uint8Array) {
    for (const face of Object.values(fontMetrics())) {
      if (face.bytes === bytes) return face.font;
    }
    return fontkit.create(bytes as Buffer);
  },
};

/**
 * Embeds the three faces: the prebuilt repertoire when `texts` stay within
 * it, otherwise a per-document subset through pdf-lib. Either way the subset
 * tag (the six letters before "+") comes from data, never from a random
 * number, so the same document gives the same bytes.
 */
export async function embedFaces(pdf: PDFDocument, fingerprint: string, texts: Iterable<string>, used: Iterable<FontFace>): Promise<Partial<Record<FontFace, EmbeddedFace>>> {
  const embedded: Partial<Record<FontFace, EmbeddedFace>> = {};
  if (withinRepertoire(texts)) {
    const faces = await prebuiltFaces();
    for (const face of used) embedded[face] = embedPrebuilt(pdf, faces[face]);
    return embedded;
  }
  pdf.registerFontkit(cachedFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const metrics = fontMetrics();
  for (const face of used) {
    const digest = createHash('sha256').update(`${fingerprint}:${face}`).digest();
    const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
    const postscript = fontFaces[face].replace(/\.ttf$/, '');
    const font = await pdf.embedFont(metrics[face].bytes, { subset: true, customName: `${tag}+${postscript}` });
    embedded[face] = { ref: font.ref, hex: (text) => font.encodeText(text).toString() };
  }
  return embedded;
}

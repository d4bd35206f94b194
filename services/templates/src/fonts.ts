import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

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
  glyphForCodePoint(codePoint: number): FontkitGlyph;
  layout(text: string, features?: unknown): { glyphs: FontkitGlyph[] };
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
 * Embeds the three faces as subsets. The subset tag (the six letters before
 * "+") is derived from the document's fingerprint, not from a random
 * number, so the same document gives the same bytes.
 */
export async function embedFaces(pdf: PDFDocument, fingerprint: string): Promise<Record<FontFace, PDFFont>> {
  pdf.registerFontkit(cachedFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const metrics = fontMetrics();
  const embedded = {} as Record<FontFace, PDFFont>;
  for (const face of Object.keys(fontFaces) as FontFace[]) {
    const digest = createHash('sha256').update(`${fingerprint}:${face}`).digest();
    const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
    const postscript = fontFaces[face].replace(/\.ttf$/, '');
    embedded[face] = await pdf.embedFont(metrics[face].bytes, { subset: true, customName: `${tag}+${postscript}` });
  }
  return embedded;
}

import { StandardFontEmbedder, StandardFonts } from 'pdf-lib';
import { dict, name, PdfStream, PdfVerbatim, serialize } from '../pdf/objects.js';
import QRCode from 'qrcode';
import type { StampPlacement } from '../sign.js';

// Standard 14 fonts need no embedding: an appearance is a few hundred bytes of
// operators, built as text without a pdf-lib document (fast enough for hundreds per second).
type EmbedderFont = Parameters<typeof StandardFontEmbedder.for>[0];
const fonts = {
  F1: StandardFontEmbedder.for(StandardFonts.Helvetica as unknown as EmbedderFont),
  F2: StandardFontEmbedder.for(StandardFonts.HelveticaBold as unknown as EmbedderFont),
  F3: StandardFontEmbedder.for(StandardFonts.HelveticaOblique as unknown as EmbedderFont),
};
type FontKey = keyof typeof fonts;

// Serialised once: every appearance names the same three fonts.
const FONT_RESOURCES = new PdfVerbatim(
  serialize(
    dict({
    Font: dict(
      Object.fromEntries(
        (Object.keys(fonts) as FontKey[]).map((k) => [
          k,
          dict({ Type: name('Font'), Subtype: name('Type1'), BaseFont: name(fonts[k].fontName), Encoding: name('WinAnsiEncoding') }),
        ]),
      ),
    ),
    }),
  ),
);

const n = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(2));

interface Glyph {
  hex: string;
  /** advance at 1 pt */
  width: number;
}
const glyphCache: Record<FontKey, Map<string, Glyph>> = { F1: new Map(), F2: new Map(), F3: new Map() };

/** WinAnsi code and advance of one character; characters outside WinAnsi become '?'. */
function glyph(font: FontKey, ch: string): Glyph {
  let g = glyphCache[font].get(ch);
  if (!g) {
    const c = ch.charCodeAt(0) < 0x20 ? ' ' : ch;
    try {
      g = { hex: fonts[font].encodeText(c).toString().slice(1, -1), width: fonts[font].widthOfTextAtSize(c, 1) };
    } catch {
      g = glyph(font, '?');
    }
    glyphCache[font].set(ch, g);
  }
  return g;
}

// Tj applies no kerning, so the drawn width is the plain sum of advances (at 1 pt; widths scale linearly).
const unitWidth = (font: FontKey, text: string): number => [...text].reduce((w, ch) => w + glyph(font, ch).width, 0);
/** WinAnsi bytes of `text` as a PDF hex string. */
const encode = (font: FontKey, text: string): string => `<${[...text].map((ch) => glyph(font, ch).hex).join('')}>`;

// A signer's name, title and NIP lines are the same on every stamp of a session:
// their fitted, encoded operators are kept (bounded, oldest dropped first).
const LINE_CACHE_MAX = 4096;
const lineCache = new Map<string, string>();

/** One line of text shrunk (down to 4 pt) and then cut so that it fits `maxWidth`. */
function line(font: FontKey, size: number, x: number, y: number, text: string, maxWidth: number): string {
  const key = `${font} ${size} ${x} ${y} ${maxWidth} ${text}`;
  let ops = lineCache.get(key);
  if (ops === undefined) {
    ops = fitLine(font, size, x, y, text, maxWidth);
    if (lineCache.size >= LINE_CACHE_MAX) lineCache.delete(lineCache.keys().next().value!);
    lineCache.set(key, ops);
  }
  return ops;
}

function fitLine(font: FontKey, size: number, x: number, y: number, text: string, maxWidth: number): string {
  let t = text;
  let w = unitWidth(font, t);
  const s = Math.max(4, Math.min(size, Math.floor((maxWidth / Math.max(w, 1e-6)) * 2) / 2));
  while (t.length > 1 && w * s > maxWidth) {
    t = `${t.slice(0, -2)}…`;
    w = unitWidth(font, t);
  }
  return `BT /${font} ${n(s)} Tf ${n(x)} ${n(y)} Td ${encode(font, t)} Tj ET\n`;
}

interface QrGrid {
  /** formatted x of a run starting at each column */
  xs: string[];
  /** formatted y of each row */
  ys: string[];
  /** formatted width of a run of each length */
  widths: string[];
  cell: string;
}
// The formatted coordinates depend only on the stamp geometry and the QR size,
// which are the same for every stamp of a signer: number formatting was most of
// the cost of drawing a QR code, so it is done once per geometry (bounded).
const gridCache = new Map<string, QrGrid>();
function qrGrid(size: number, x: number, y: number, side: number): QrGrid {
  const key = `${size} ${x} ${y} ${side}`;
  let g = gridCache.get(key);
  if (!g) {
    const quiet = 1;
    const cell = side / (size + 2 * quiet);
    g = {
      xs: Array.from({ length: size }, (_, c) => n(x + (c + quiet) * cell)),
      ys: Array.from({ length: size }, (_, r) => n(y + side - (r + 1 + quiet) * cell)),
      widths: Array.from({ length: size + 1 }, (_, len) => n(len * cell)),
      cell: n(cell),
    };
    if (gridCache.size >= 256) gridCache.delete(gridCache.keys().next().value!);
    gridCache.set(key, g);
  }
  return g;
}

/** QR modules as filled rectangles, one per horizontal run of dark modules. */
function qrOperators(url: string, x: number, y: number, side: number): string {
  // One byte-mode segment and a fixed mask skip qrcode's segment optimiser and
  // its eight-mask penalty search: most of the cost of a QR code, none of the value here.
  // (A hand-written encoder saved ~40 µs more per stamp, ~4 % of a signature: not worth
  // owning Reed-Solomon and bit placement instead of the library.)
  const { size, data } = QRCode.create([{ data: Buffer.from(url, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 2 }).modules;
  const g = qrGrid(size, x, y, side);
  let ops = '0 0 0 rg\n';
  for (let r = 0; r < size; r++) {
    const row = r * size;
    const tail = ` ${g.ys[r]} `;
    let c = 0;
    while (c < size) {
      if (!data[row + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && data[row + c]) c++;
      ops += `${g.xs[start]}${tail}${g.widths[c - start]} ${g.cell} re\n`;
    }
  }
  return `${ops}f\n`;
}

function formXObject(w: number, h: number, content: string): PdfStream {
  const d = dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, w, h], Resources: FONT_RESOURCES });
  return new PdfStream(d, Buffer.from(content, 'latin1'));
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};
/** Indonesia's zones have no daylight saving: a fixed offset avoids Intl on the hot path. */
const FIXED_OFFSET_HOURS: Record<string, number> = { 'Asia/Jakarta': 7, 'Asia/Pontianak': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };
const formatters = new Map<string, Intl.DateTimeFormat>();
const two = (v: number): string => String(v).padStart(2, '0');

/** "23 November 2026 15:40 WITA": the wall-clock time where the official signs. */
function formatSigningTime(at: Date, timeZone: string): string {
  const fixed = FIXED_OFFSET_HOURS[timeZone];
  if (fixed !== undefined) {
    const local = new Date(at.getTime() + fixed * 3_600_000);
    return `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())} ${ZONE_NAMES[timeZone]}`;
  }
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const zone = ZONE_NAMES[timeZone] ?? (p.timeZoneName ?? 'UTC').replace('GMT', 'UTC');
  return `${p.day} ${MONTHS[Number(p.month) - 1]} ${p.year} ${p.hour}:${p.minute} ${zone}`;
}

export interface TteStampContent {
  verificationUrl: string;
  name: string;
  title?: string;
  nip?: string;
  signedAt: Date;
  timeZone: string;
}

/** The visible TTE stamp: QR on the left, the line and the official's details on the right. */
export function tteAppearance(w: number, h: number, c: TteStampContent): PdfStream {
  const pad = Math.min(4, h * 0.05);
  const side = h - 2 * pad;
  const tx = pad + side + 4;
  const tw = w - tx - pad;
  const lines: [FontKey, string][] = [['F3', 'Ditandatangani secara elektronik'], ['F2', c.name]];
  if (c.title) lines.push(['F1', c.title]);
  if (c.nip) lines.push(['F1', `NIP. ${c.nip}`]);
  lines.push(['F1', formatSigningTime(c.signedAt, c.timeZone)]);
  const size = Math.min(9, (h - 2 * pad) / (lines.length * 1.25));
  let ops = frame(w, h);
  ops += qrOperators(c.verificationUrl, pad, pad, side);
  let y = h - pad - size;
  for (const [font, text] of lines) {
    ops += line(font, size, tx, y, text, tw);
    y -= size * 1.25;
  }
  return formXObject(w, h, ops);
}

/** The paraf stamp: a reviewer's initials over the date, in a small box. */
export function parafAppearance(w: number, h: number, initials: string, signedAt: Date, timeZone: string): PdfStream {
  const size = Math.min(14, h * 0.4);
  const small = Math.min(6, h * 0.17);
  // "23 November 2026 23:32 WITA" → "23 Nov 2026" over "23:32 WITA": fits a small box.
  const [day, month, year, time, zone] = formatSigningTime(signedAt, timeZone).split(' ');
  let ops = frame(w, h);
  ops += line('F2', size, 3, h - 3 - size, initials, w - 6);
  ops += line('F1', small, 3, 3 + small * 1.2, `${day} ${month!.slice(0, 3)} ${year}`, w - 6);
  ops += line('F1', small, 3, 3, `${time} ${zone}`, w - 6);
  return formXObject(w, h, ops);
}

/** An opaque white box with a thin border: the stamp hides the anchor character beneath it. */
function frame(w: number, h: number): string {
  return `q 1 g 0 0 ${n(w)} ${n(h)} re f 0.2 0.2 0.2 RG 0.5 w 0.25 0.25 ${n(w - 0.5)} ${n(h - 0.5)} re S Q\n`;
}

export const footerText = (issuer: string): string =>
  `Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh ${issuer}`;

/** The page footer naming the certificate issuer (domain.md), as its own appearance. */
export function footerAppearance(w: number, h: number, issuer: string): PdfStream {
  return formXObject(w, h, line('F3', 7, 0, 2, footerText(issuer), w));
}

/** "Andi Wijaya, S.T." → "AW". */
export function initialsOf(fullName: string): string {
  const words = fullName.split(',')[0]!.split(/\s+/).filter((x) => /^[A-Za-z\u00C0-\u024F]/.test(x));
  return words.map((x) => x[0]!.toUpperCase()).join('').slice(0, 4) || '?';
}

// Where the stamp goes, as the API and a gateway describe it, and as signPdf places it: the stamp's own
// vocabulary, so a reader following "sign a document" finds placement beside the appearance it places.
/** Where the visible stamp goes; coordinates in PDF points from the page's lower-left corner. */
export type SignatureAppearance =
  | { visible: false }
  /** `page`: 1-based, or 'last' (the gateways' `halaman=TERAKHIR`). */
  | { visible: true; linkQR: string; imagePng?: Buffer; page: number | 'last'; x: number; y: number; width: number; height: number }
  /** At an anchor character in the text (the gateways' `tag_koordinat`). */
  | { visible: true; linkQR: string; imagePng?: Buffer; anchor: string; page?: number; width?: number; height?: number };

/** The appearance as signPdf's placement (the internal CA signs locally with the same appearance a gateway gets). */
export function placementFor(appearance: SignatureAppearance): StampPlacement {
  if (!appearance.visible) return { invisible: true };
  if ('anchor' in appearance) return appearance.page === undefined ? { anchor: appearance.anchor } : { anchor: appearance.anchor, page: appearance.page };
  return { page: appearance.page === 'last' ? -1 : appearance.page, rect: [appearance.x, appearance.y, appearance.width, appearance.height] };
}

/** Where signPdf puts the signature block by default (bottom right of the last A4 page), as gateway coordinates. */
export const DEFAULT_SIGNATURE_BLOCK = { page: 'last', x: 319, y: 110, width: 220, height: 70 } as const;

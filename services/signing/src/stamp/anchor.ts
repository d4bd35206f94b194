import { SigningError } from '../errors.js';
import type { PdfDocument } from '../pdf/document.js';
import { PdfDict, PdfName, PdfStream, PdfString, type PdfObj } from '../pdf/objects.js';
import { isDelimiter, PdfLexer } from '../pdf/syntax.js';

export interface AnchorHit {
  x: number;
  y: number;
  fontSize: number;
}

type Matrix = [number, number, number, number, number, number];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** Fonts whose strings are two bytes a glyph (Type0): the anchor is looked up through /ToUnicode. */
function codesForAnchor(doc: PdfDocument, font: PdfDict | undefined, anchor: string): { width: number; codes: Buffer[] } {
  const single = { width: 1, codes: [Buffer.from(anchor, 'latin1')] };
  if (!font || !(font.get('Subtype') instanceof PdfName) || (font.get('Subtype') as PdfName).name !== 'Type0') return single;
  const tu = doc.resolve(font.get('ToUnicode'));
  if (!(tu instanceof PdfStream)) return { width: 2, codes: [] };
  const cmap = doc.decodeStream(tu).toString('latin1');
  const target = Buffer.from(anchor, 'utf16le').swap16().toString('hex').toUpperCase();
  const codes: Buffer[] = [];
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      if (m[2]!.toUpperCase() === target) codes.push(Buffer.from(m[1]!, 'hex'));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const lo = parseInt(m[1]!, 16), hi = parseInt(m[2]!, 16), dst = parseInt(m[3]!, 16);
      const t = parseInt(target, 16);
      if (t >= dst && t <= dst + (hi - lo)) codes.push(Buffer.from((lo + t - dst).toString(16).padStart(m[1]!.length, '0'), 'hex'));
    }
  }
  return { width: 2, codes };
}

function findCode(bytes: Buffer, width: number, codes: Buffer[]): number {
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (const c of codes) if (c.length === width && bytes.compare(c, 0, width, i, i + width) === 0) return i / width;
  }
  return -1;
}

/**
 * Finds the first occurrence of `anchor` in the page's text by scanning its
 * content streams for text-showing operators (a simple interpreter that tracks
 * the CTM and text matrix; glyph advance within a string is approximated).
 */
export function findAnchor(doc: PdfDocument, page: PdfDict, anchor: string): AnchorHit {
  const contents = doc.resolve(page.get('Contents'));
  const streams = (Array.isArray(contents) ? contents : [contents]).map((c) => doc.resolve(c)).filter((s): s is PdfStream => s instanceof PdfStream);
  const data = Buffer.concat(streams.flatMap((s) => [doc.decodeStream(s), Buffer.from('\n')]));
  const resources = doc.resolve(page.get('Resources'));
  const fontDict = resources instanceof PdfDict ? doc.resolve(resources.get('Font')) : undefined;
  const fontCache = new Map<string, { width: number; codes: Buffer[] }>();

  const lx = new PdfLexer(data, 0, doc.budget);
  const operands: PdfObj[] = [];
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  let tm: Matrix = IDENTITY;
  let tlm: Matrix = IDENTITY;
  let size = 12;
  let leading = 0;
  let font: { width: number; codes: Buffer[] } = { width: 1, codes: [Buffer.from(anchor, 'latin1')] };
  const num = (i: number): number => (typeof operands[i] === 'number' ? (operands[i] as number) : 0);
  const show = (strings: Buffer[]): AnchorHit | undefined => {
    let before = 0;
    for (const s of strings) {
      const at = findCode(s, font.width, font.codes);
      if (at >= 0) {
        const trm = mul([1, 0, 0, 1, (before + at) * size * 0.5, 0], mul(tm, ctm));
        return { x: trm[4], y: trm[5], fontSize: size * Math.hypot(tm[0], tm[1]) * Math.hypot(ctm[0], ctm[1]) };
      }
      before += s.length / font.width;
    }
    return undefined;
  };
  const nextLine = (tx: number, ty: number): void => {
    tlm = mul([1, 0, 0, 1, tx, ty], tlm);
    tm = tlm;
  };
  while (lx.pos < data.length) {
    lx.skipWs();
    if (lx.pos >= data.length) break;
    const c = data[lx.pos]!;
    if (c === 0x2f || c === 0x3c || c === 0x5b || c === 0x28 || c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39)) {
      operands.push(lx.readObject());
      continue;
    }
    if (c === 0x5d || c === 0x3e || c === 0x29 || c === 0x7b || c === 0x7d) {
      lx.pos++;
      continue;
    }
    const op = lx.word();
    if (op === '') {
      lx.pos++;
      continue;
    }
    let hit: AnchorHit | undefined;
    switch (op) {
      case 'q': stack.push(ctm); break;
      case 'Q': ctm = stack.pop() ?? IDENTITY; break;
      case 'cm': ctm = mul([num(0), num(1), num(2), num(3), num(4), num(5)], ctm); break;
      case 'BT': tm = tlm = IDENTITY; break;
      case 'Tm': tm = tlm = [num(0), num(1), num(2), num(3), num(4), num(5)]; break;
      case 'Td': nextLine(num(0), num(1)); break;
      case 'TD': leading = -num(1); nextLine(num(0), num(1)); break;
      case 'TL': leading = num(0); break;
      case 'T*': nextLine(0, -leading); break;
      case 'Tf': {
        size = num(1);
        const key = operands[0] instanceof PdfName ? operands[0].name : '';
        let f = fontCache.get(key);
        if (!f) {
          const fd = fontDict instanceof PdfDict ? doc.resolve(fontDict.get(key)) : undefined;
          f = codesForAnchor(doc, fd instanceof PdfDict ? fd : undefined, anchor);
          fontCache.set(key, f);
        }
        font = f;
        break;
      }
      case 'Tj': hit = operands[0] instanceof PdfString ? show([operands[0].bytes]) : undefined; break;
      case "'": nextLine(0, -leading); hit = operands[0] instanceof PdfString ? show([operands[0].bytes]) : undefined; break;
      case '"': nextLine(0, -leading); hit = operands[2] instanceof PdfString ? show([operands[2].bytes]) : undefined; break;
      case 'TJ': {
        const arr = operands[0];
        if (Array.isArray(arr)) hit = show(arr.filter((x): x is PdfString => x instanceof PdfString).map((x) => x.bytes));
        break;
      }
      case 'BI': {
        // Inline image data is binary: skip to the EI that ends it.
        const id = data.indexOf('ID', lx.pos);
        let ei = id < 0 ? -1 : data.indexOf('EI', id + 3);
        while (ei > 0 && !(isDelimiter(data[ei - 1]!) && (ei + 2 >= data.length || isDelimiter(data[ei + 2]!)))) ei = data.indexOf('EI', ei + 2);
        lx.pos = ei < 0 ? data.length : ei + 2;
        break;
      }
    }
    if (hit) return hit;
    operands.length = 0;
  }
  throw new SigningError('ANCHOR_NOT_FOUND', `The anchor "${anchor}" does not appear in the text of the page.`, 'anchor');
}

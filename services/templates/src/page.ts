import { fontMetrics, type FontFace } from './fonts.js';

/** A4 in PDF points and the margins regional letters use (3 cm left, 2 cm right/top, 2.5 cm bottom). */
export const PAGE = { width: 595.28, height: 841.89 } as const;
export const MARGIN = { left: 85.04, right: 56.69, top: 56.69, bottom: 70.87 } as const;
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
export const BODY_SIZE = 11;
export const LEADING = 14;

/**
 * Display list of one page. Coordinates are top-down (y grows toward the
 * bottom edge, text y is the baseline); `draw.ts` flips them into PDF space.
 */
export type Op =
  | { op: 'text'; x: number; y: number; text: string; face: FontFace; size: number; justifyTo?: number; underline?: boolean }
  | { op: 'line'; x1: number; y1: number; x2: number; y2: number; width: number }
  | { op: 'rect'; x: number; y: number; w: number; h: number; lineWidth: number; gray?: number }
  | { op: 'emblem'; x: number; y: number; w: number; h: number; image?: boolean };

/** A rectangle in PDF points, origin at the page's bottom-left corner. */
export interface PdfRect { x: number; y: number; width: number; height: number }
/** Where a TTE stamp or a paraf stamp goes. `page` is zero-based. */
export interface Slot { page: number; rect: PdfRect }

type Align = 'left' | 'center' | 'right' | 'justify';
export interface TextStyle { face?: FontFace; size?: number; leading?: number; align?: Align; underline?: boolean }

/** Lays text onto pages, starting a new page whenever the next piece does not fit. */
export class Composer {
  readonly pages: Op[][] = [[]];
  y: number = MARGIN.top;

  get pageIndex(): number {
    return this.pages.length - 1;
  }

  get bottom(): number {
    return PAGE.height - MARGIN.bottom;
  }

  push(op: Op): void {
    this.pages[this.pageIndex]!.push(op);
  }

  newPage(): void {
    this.pages.push([]);
    this.y = MARGIN.top;
  }

  /** Where the last body block began, so a signature can take it along to a new page. */
  lastBlock: { page: number; op: number; y: number } | undefined;

  markBlock(): void {
    this.lastBlock = { page: this.pageIndex, op: this.pages[this.pageIndex]!.length, y: this.y };
  }

  /**
   * Starts a new page unless `height` fits, carrying the last body block
   * along when it fits there too: a signature never stands alone on a page
   * (the closing paragraph goes with it).
   */
  ensureWithLastBlock(height: number): void {
    if (this.y + height <= this.bottom) return;
    const block = this.lastBlock;
    const blockHeight = block ? this.y - block.y : 0;
    if (!block || block.page !== this.pageIndex || block.y <= MARGIN.top || MARGIN.top + blockHeight + height > this.bottom) {
      this.ensure(height);
      return;
    }
    const moved = this.pages[this.pageIndex]!.splice(block.op);
    const dy = MARGIN.top - block.y;
    this.newPage();
    for (const op of moved) {
      if (op.op === 'line') this.push({ ...op, y1: op.y1 + dy, y2: op.y2 + dy });
      else this.push({ ...op, y: op.y + dy });
    }
    this.y = MARGIN.top + blockHeight;
  }

  /** Moves to a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > MARGIN.top) this.newPage();
  }

  space(points: number): void {
    this.y += points;
  }

  width(text: string, face: FontFace, size: number): number {
    return fontMetrics()[face].width(text, size);
  }

  /** Greedy line breaking; a word wider than the line (a long name, a URL) is cut. */
  wrap(text: string, width: number, face: FontFace = 'regular', size = BODY_SIZE, firstWidth = width): string[] {
    const metrics = fontMetrics()[face];
    const space = metrics.width(' ', size);
    const lines: string[] = [];
    let line = '';
    let lineWidth = 0;
    const limit = () => (lines.length === 0 ? firstWidth : width);
    for (const word of text.split(/\s+/).filter(Boolean)) {
      let rest = word;
      let restWidth = metrics.width(rest, size);
      while (true) {
        const needed = line ? lineWidth + space + restWidth : restWidth;
        if (needed <= limit() + 0.01) {
          line = line ? `${line} ${rest}` : rest;
          lineWidth = needed;
          break;
        }
        if (line) {
          lines.push(line);
          line = '';
          lineWidth = 0;
          continue;
        }
        // The word alone is wider than the line: cut it where it stops fitting.
        let cut = 1;
        while (cut < rest.length && metrics.width(rest.slice(0, cut + 1), size) <= limit()) cut++;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
        restWidth = metrics.width(rest, size);
        if (!rest) break;
      }
    }
    if (line || lines.length === 0) lines.push(line);
    return lines;
  }

  /** Draws one line at the current position without advancing. */
  line(text: string, x: number, width: number, style: TextStyle = {}, justify = false): void {
    const face = style.face ?? 'regular';
    const size = style.size ?? BODY_SIZE;
    const w = this.width(text, face, size);
    let left = x;
    if (style.align === 'center') left = x + (width - w) / 2;
    if (style.align === 'right') left = x + width - w;
    this.push({
      op: 'text', x: left, y: this.y + size * 0.8, text, face, size,
      ...(justify && text.includes(' ') ? { justifyTo: width } : {}),
      ...(style.underline ? { underline: true } : {}),
    });
  }

  /**
   * A wrapped paragraph in the column [x, x + width]. `hang` is a label drawn
   * in front of the first line (a list number); `firstIndent` indents only
   * the first line.
   */
  paragraph(text: string, x: number, width: number, style: TextStyle = {}, firstIndent = 0): void {
    const face = style.face ?? 'regular';
    const size = style.size ?? BODY_SIZE;
    const leading = style.leading ?? (size === BODY_SIZE ? LEADING : size * 1.25);
    const lines = this.wrap(text, width, face, size, width - firstIndent);
    lines.forEach((line, i) => {
      this.ensure(leading);
      const last = i === lines.length - 1;
      const lineX = i === 0 ? x + firstIndent : x;
      const lineW = i === 0 ? width - firstIndent : width;
      const align = style.align === 'justify' ? 'left' : style.align;
      this.line(line, lineX, lineW, { ...style, align }, style.align === 'justify' && !last);
      this.y += leading;
    });
  }

  /** Height the wrapped text needs, without drawing. */
  measure(text: string, width: number, style: TextStyle = {}): number {
    const face = style.face ?? 'regular';
    const size = style.size ?? BODY_SIZE;
    const leading = style.leading ?? (size === BODY_SIZE ? LEADING : size * 1.25);
    return this.wrap(text, width, face, size).length * leading;
  }

  /** Converts a top-down box on page `page` into a PDF rectangle. */
  slot(page: number, x: number, top: number, width: number, height: number): Slot {
    return { page, rect: { x: round(x), y: round(PAGE.height - top - height), width: round(width), height: round(height) } };
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

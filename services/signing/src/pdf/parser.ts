import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from './objects.js';

/** Thrown when a parse runs off the end of the bytes it was given; the caller may retry with more. */
export class NeedMoreBytes extends Error {}
/** Thrown on bytes that cannot be a PDF object; mapped to PDF_MALFORMED by the document reader. */
export class SyntaxProblem extends Error {}

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export function isDelimiter(c: number): boolean {
  return WS[c] === 1 || DELIM[c] === 1;
}

/**
 * Nesting of arrays and dictionaries the writer reads: the verifier's limit
 * (verify/pdf-syntax.ts DEFAULT_LIMITS.maxDepth), so a file that passed the
 * upload check reads here too, and a deeper one is PDF_MALFORMED rather than a
 * stack overflow.
 */
export const MAX_NESTING = 64;

export class Lexer {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
    /** `true` when `buf` ends where the file ends (so running out is a truncation, not a short read). */
    readonly complete = false,
  ) {}

  private eof(): never {
    throw this.complete ? new SyntaxProblem('unexpected end of data') : new NeedMoreBytes();
  }

  skipWhite(): void {
    const b = this.buf;
    for (;;) {
      if (this.pos >= b.length) return;
      const c = b[this.pos]!;
      if (WS[c]) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else return;
    }
  }

  peek(): number {
    this.skipWhite();
    if (this.pos >= this.buf.length) this.eof();
    return this.buf[this.pos]!;
  }

  /** A bare word (keyword or number text) at the current position. */
  word(): string {
    this.skipWhite();
    const start = this.pos;
    const b = this.buf;
    while (this.pos < b.length && !isDelimiter(b[this.pos]!)) this.pos++;
    if (this.pos >= b.length && !this.complete) this.eof();
    return b.toString('latin1', start, this.pos);
  }

  expectWord(w: string): void {
    const got = this.word();
    if (got !== w) throw new SyntaxProblem(`expected "${w}", found "${got.slice(0, 20)}"`);
  }

  integer(): number {
    const w = this.word();
    if (!/^[+-]?\d+$/.test(w)) throw new SyntaxProblem(`expected an integer, found "${w.slice(0, 20)}"`);
    return Number(w);
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_NESTING) throw new SyntaxProblem('objects nested too deeply');
    const c = this.peek();
    const b = this.buf;
    if (c === 0x2f) return this.nameToken();
    if (c === 0x3c) {
      if (this.pos + 1 >= b.length) this.eof();
      if (b[this.pos + 1] === 0x3c) return this.dictionary(depth);
      return this.hexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfValue[] = [];
      while (this.peek() !== 0x5d) arr.push(this.value(depth + 1));
      this.pos++;
      return arr;
    }
    if (c === 0x28) return this.literalString();
    const w = this.word();
    if (w === '') throw new SyntaxProblem(`unexpected character "${String.fromCharCode(c)}"`);
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (/^\d+$/.test(w)) {
      // Maybe the start of "num gen R".
      const save = this.pos;
      this.skipWhite();
      const b2 = this.pos;
      let j = b2;
      while (j < b.length && b[j]! >= 0x30 && b[j]! <= 0x39) j++;
      if (j > b2 && j < b.length) {
        const gen = Number(b.toString('latin1', b2, j));
        let k = j;
        while (k < b.length && WS[b[k]!]) k++;
        if (k + 1 < b.length && b[k] === 0x52 && isDelimiter(b[k + 1]!)) {
          this.pos = k + 1;
          return new PdfRef(Number(w), gen);
        }
        if (k + 1 >= b.length && !this.complete) this.eof();
      } else if (j >= b.length && !this.complete) this.eof();
      this.pos = save;
      return Number(w);
    }
    const n = Number(w);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w) && Number.isFinite(n)) return n;
    throw new SyntaxProblem(`unexpected token "${w.slice(0, 20)}"`);
  }

  private nameToken(): PdfName {
    const b = this.buf;
    const start = ++this.pos;
    while (this.pos < b.length && !isDelimiter(b[this.pos]!)) this.pos++;
    if (this.pos >= b.length && !this.complete) this.eof();
    const raw = b.toString('latin1', start, this.pos);
    return new PdfName(raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw);
  }

  private dictionary(depth: number): PdfDict {
    this.pos += 2;
    const d = new PdfDict();
    for (;;) {
      const c = this.peek();
      if (c === 0x3e) {
        if (this.buf[this.pos + 1] !== 0x3e) throw new SyntaxProblem('expected ">>"');
        this.pos += 2;
        return d;
      }
      if (c !== 0x2f) throw new SyntaxProblem('expected a name as dictionary key');
      const key = this.nameToken().name;
      d.set(key, this.value(depth + 1));
    }
  }

  private hexString(): PdfString {
    const b = this.buf;
    const end = b.indexOf(0x3e, this.pos);
    if (end < 0) this.eof();
    let hex = b.toString('latin1', this.pos + 1, end).replace(/[\s\0]/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new SyntaxProblem('bad hex string');
    if (hex.length % 2) hex += '0';
    this.pos = end + 1;
    return new PdfString(Buffer.from(hex, 'hex'));
  }

  private literalString(): PdfString {
    const b = this.buf;
    let i = this.pos + 1;
    let depth = 1;
    const out: number[] = [];
    for (;;) {
      if (i >= b.length) this.eof();
      const c = b[i++]!;
      if (c === 0x5c) {
        if (i >= b.length) this.eof();
        const e = b[i++]!;
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && i < b.length && b[i]! >= 0x30 && b[i]! <= 0x37; k++) v = v * 8 + (b[i++]! - 0x30);
          out.push(v & 0xff);
        } else if (e === 13) {
          if (b[i] === 10) i++;
        } else if (e !== 10) out.push(e);
      } else {
        if (c === 0x28) depth++;
        else if (c === 0x29 && --depth === 0) break;
        out.push(c);
      }
    }
    this.pos = i;
    return new PdfString(Buffer.from(out));
  }
}

export interface ParsedObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** For a stream: where its data starts, relative to the parsed buffer. */
  streamStart?: number;
}

/**
 * Parses "num gen obj <value> [stream]" at lexer position. For a stream only the
 * dictionary is parsed; the caller reads the data (it may need an indirect /Length).
 */
export function parseObjectHeader(lx: Lexer): ParsedObject {
  const num = lx.integer();
  const gen = lx.integer();
  lx.expectWord('obj');
  const value = lx.value();
  if (value instanceof PdfDict) {
    const save = lx.pos;
    lx.skipWhite();
    const b = lx.buf;
    if (b.length - lx.pos < 7 && !lx.complete) throw new NeedMoreBytes();
    if (b.toString('latin1', lx.pos, lx.pos + 6) === 'stream') {
      let p = lx.pos + 6;
      if (b[p] === 13) p++;
      if (b[p] === 10) p++;
      return { num, gen, value, streamStart: p };
    }
    lx.pos = save;
  }
  return { num, gen, value };
}


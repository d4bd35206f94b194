// Strict, bounded PDF object syntax: the one lexer and object parser of the
// signing package, used by the verifier (under DEFAULT_LIMITS, or the upload
// check's) and by the incremental writer (under WRITER_LIMITS). Every position
// is checked against the buffer, nesting and work are capped, and failures are
// `PdfSyntaxError`s; nothing here repairs a file.
//
// The lexer reads a buffer that is either the whole file (or a decoded
// stream) or a window of a file read from disk (`complete` false): a token
// that runs into the end of a window throws `NeedMoreBytes`, and the reader
// (pdf/document.ts) retries with a larger window, so a file is signed without
// being held in memory.
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, PdfSyntaxError, stripPdfWhitespace, type PdfObj } from './objects.js';

export { PdfSyntaxError } from './objects.js';

/** A window of the file ended inside a token; `need`: bytes (from the window start) that would do, when known. */
export class NeedMoreBytes extends Error {
  constructor(readonly need = 0) {
    super('more bytes needed');
  }
}

export interface VerifyLimits {
  /** Nesting of arrays and dictionaries. */
  readonly maxDepth: number;
  /** Bytes spanned by one object outside stream data. */
  readonly maxObjectBytes: number;
  /** Decompressed bytes of one stream. */
  readonly maxStreamBytes: number;
  /** Decompressed bytes over the whole verification. */
  readonly maxTotalInflated: number;
  /** Objects parsed over the whole verification. */
  readonly maxObjects: number;
  readonly maxRevisions: number;
  readonly maxSignatures: number;
  /** Wall-clock budget for one verification, milliseconds. */
  readonly timeBudgetMs: number;
}

/** The verifier's limits (a hostile file). */
export const DEFAULT_LIMITS: VerifyLimits = {
  maxDepth: 64,
  maxObjectBytes: 8 * 1024 * 1024,
  maxStreamBytes: 32 * 1024 * 1024,
  maxTotalInflated: 128 * 1024 * 1024,
  maxObjects: 500_000,
  maxRevisions: 256,
  maxSignatures: 128,
  timeBudgetMs: 10_000,
};

/**
 * The writer's limits: it reads only files it was asked to sign (they passed
 * the upload check, whose nesting limit is the same), so only the nesting
 * limit is kept, so a deeper file is refused rather than overflowing the stack.
 */
export const WRITER_LIMITS: VerifyLimits = {
  maxDepth: DEFAULT_LIMITS.maxDepth,
  maxObjectBytes: Number.MAX_SAFE_INTEGER,
  maxStreamBytes: 2 ** 31 - 1,
  maxTotalInflated: Number.MAX_SAFE_INTEGER,
  maxObjects: Number.MAX_SAFE_INTEGER,
  maxRevisions: 1_000_000,
  maxSignatures: 1_000_000,
  timeBudgetMs: Number.POSITIVE_INFINITY,
};

/** Work counters shared by everything that reads one file. */
export class Budget {
  private objects = 0;
  private inflated = 0;
  private readonly deadline: number;
  constructor(readonly limits: VerifyLimits) {
    this.deadline = performance.now() + limits.timeBudgetMs;
  }
  countObject(): void {
    if (++this.objects > this.limits.maxObjects) throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'too many objects');
    if ((this.objects & 255) === 0) this.checkTime();
  }
  checkTime(): void {
    if (performance.now() > this.deadline) throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'verification time budget exhausted');
  }
  /** Remaining bytes this verification may still inflate. */
  inflateAllowance(): number {
    return Math.min(this.limits.maxStreamBytes, this.limits.maxTotalInflated - this.inflated);
  }
  addInflated(n: number): void {
    this.inflated += n;
    if (this.inflated > this.limits.maxTotalInflated) throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'total decompressed size limit');
  }
}

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export function isWhite(c: number | undefined): boolean { return c !== undefined && WS[c] === 1; }
function isRegular(c: number | undefined): boolean { return c !== undefined && WS[c] === 0 && DELIM[c] === 0; }
/** White space or a delimiter: where a bare word ends. */
export function isDelimiter(c: number): boolean { return WS[c] === 1 || DELIM[c] === 1; }

/** Resolves a stream's indirect /Length; may return undefined when unknown. */
export type LengthResolver = (ref: PdfRef) => number | undefined;

export class PdfLexer {
  pos: number;
  /**
   * base: the file offset of `buf[0]` (positions in strings are file offsets);
   * complete: `buf` runs to the end of the file or of a decoded stream, so
   * running out is an error, not a short window.
   */
  constructor(
    readonly buf: Buffer, start: number, readonly budget: Budget, readonly end = buf.length,
    readonly base = 0, readonly complete = true,
  ) {
    this.pos = start;
  }

  fail(msg: string): never {
    throw new PdfSyntaxError('PDF_UNREADABLE', `${msg} at byte ${this.base + this.pos}`);
  }

  /** At the end of a window of the file: more bytes are needed to go on. */
  private more(need = 0): void {
    if (!this.complete) throw new NeedMoreBytes(need);
  }

  skipWs(): void {
    const b = this.buf;
    while (this.pos < this.end) {
      const c = b[this.pos]!;
      if (WS[c]) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < this.end && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else return;
    }
    this.more();
  }

  peekKeyword(kw: string): boolean {
    this.skipWs();
    const n = kw.length;
    if (this.pos + n >= this.end) this.more();
    if (this.pos + n > this.end) return false;
    for (let i = 0; i < n; i++) if (this.buf[this.pos + i] !== kw.charCodeAt(i)) return false;
    return !isRegular(this.buf[this.pos + n]);
  }

  expectKeyword(kw: string): void {
    if (!this.peekKeyword(kw)) this.fail(`expected "${kw}"`);
    this.pos += kw.length;
  }

  /** A non-negative integer token, or undefined (position unchanged). */
  tryUInt(): number | undefined {
    this.skipWs();
    const save = this.pos;
    let v = 0;
    let digits = 0;
    while (this.pos < this.end) {
      const c = this.buf[this.pos]!;
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      digits++;
      this.pos++;
    }
    if (this.pos >= this.end) this.more();
    if (digits === 0 || digits > 15 || isRegular(this.buf[this.pos])) {
      this.pos = save;
      return undefined;
    }
    return v;
  }

  /** A bare word (an operator of a content stream) at the position; '' at a delimiter. */
  word(): string {
    this.skipWs();
    const start = this.pos;
    while (this.pos < this.end && isRegular(this.buf[this.pos])) this.pos++;
    if (this.pos >= this.end) this.more();
    return this.buf.toString('latin1', start, this.pos);
  }

  readObject(depth = 0, lengthOf?: LengthResolver, objStart?: number): PdfObj {
    if (depth > this.budget.limits.maxDepth) throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'objects nested too deeply');
    if (objStart !== undefined && this.pos - objStart > this.budget.limits.maxObjectBytes) throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'object too large');
    this.budget.countObject();
    this.skipWs();
    if (this.pos >= this.end) this.fail('unexpected end of data');
    const b = this.buf;
    const c = b[this.pos]!;
    if (c === 0x2f /* / */) return this.readName();
    if (c === 0x28 /* ( */) return this.readLiteral();
    if (c === 0x3c /* < */) {
      if (this.pos + 1 >= this.end) this.more();
      if (b[this.pos + 1] === 0x3c) return this.readDict(depth, lengthOf, objStart);
      return this.readHex();
    }
    if (c === 0x5b /* [ */) {
      this.pos++;
      const arr: PdfObj[] = [];
      for (;;) {
        this.skipWs();
        if (this.pos >= this.end) this.fail('unterminated array');
        if (b[this.pos] === 0x5d) { this.pos++; return arr; }
        arr.push(this.readObject(depth + 1, lengthOf, objStart));
      }
    }
    if (c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39)) {
      const save = this.pos;
      const n = this.tryUInt();
      if (n !== undefined) {
        // "num gen R"
        const afterNum = this.pos;
        const g = this.tryUInt();
        if (g !== undefined && this.peekKeyword('R')) {
          this.pos += 1;
          return new PdfRef(n, g);
        }
        this.pos = afterNum;
        return n;
      }
      this.pos = save;
      return this.readReal();
    }
    if (this.peekKeyword('true')) { this.pos += 4; return true; }
    if (this.peekKeyword('false')) { this.pos += 5; return false; }
    if (this.peekKeyword('null')) { this.pos += 4; return null; }
    return this.fail('unexpected token');
  }

  private readReal(): number {
    const start = this.pos;
    while (this.pos < this.end && /[0-9+\-.]/.test(String.fromCharCode(this.buf[this.pos]!))) this.pos++;
    if (this.pos >= this.end) this.more();
    const s = this.buf.toString('latin1', start, this.pos);
    const v = Number(s);
    if (s.length === 0 || s.length > 40 || !Number.isFinite(v)) this.fail('bad number');
    return v;
  }

  private readName(): PdfName {
    this.pos++;
    const start = this.pos;
    while (isRegular(this.buf[this.pos]) && this.pos < this.end) this.pos++;
    if (this.pos >= this.end) this.more();
    let s = this.buf.toString('latin1', start, this.pos);
    if (s.includes('#')) s = s.replace(/#([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return new PdfName(s);
  }

  private readHex(): PdfString {
    const start = this.pos;
    this.pos++;
    const close = this.buf.indexOf(0x3e, this.pos);
    if (close < 0 || close >= this.end) {
      this.more();
      this.fail('unterminated hex string');
    }
    const len = close - this.pos;
    // Signature values are tens of kilobytes of hex, mostly zero padding: keep them
    // undecoded (decoded, and checked, on first read).
    if (len > 4096) {
      this.pos = close + 1;
      return new PdfString(null, true, this.base + start, this.base + this.pos, { buf: this.buf, from: start, to: this.pos });
    }
    // Fast path: an even run of hex digits.
    if (len % 2 === 0) {
      const bytes = Buffer.from(this.buf.toString('latin1', this.pos, close), 'hex');
      if (bytes.length * 2 === len) {
        this.pos = close + 1;
        return new PdfString(bytes, true, this.base + start, this.base + this.pos);
      }
    }
    const text = this.buf.toString('latin1', this.pos, close);
    let hex = stripPdfWhitespace(text);
    if (!/^[0-9a-fA-F]*$/.test(hex)) this.fail('bad hex string');
    if (hex.length % 2) hex += '0';
    this.pos = close + 1;
    return new PdfString(Buffer.from(hex, 'hex'), true, this.base + start, this.base + this.pos);
  }

  private readLiteral(): PdfString {
    const start = this.pos;
    const b = this.buf;
    this.pos++;
    const out: number[] = [];
    let nest = 1;
    while (this.pos < this.end) {
      const c = b[this.pos++]!;
      if (c === 0x5c /* \ */) {
        const d = b[this.pos++];
        if (d === undefined) break;
        switch (d) {
          case 0x6e: out.push(10); break;
          case 0x72: out.push(13); break;
          case 0x74: out.push(9); break;
          case 0x62: out.push(8); break;
          case 0x66: out.push(12); break;
          case 0x0d: if (b[this.pos] === 0x0a) this.pos++; break;
          case 0x0a: break;
          default:
            if (d >= 0x30 && d <= 0x37) {
              let v = d - 0x30;
              for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) v = v * 8 + (b[this.pos++]! - 0x30);
              out.push(v & 0xff);
            } else out.push(d);
        }
      } else if (c === 0x28) { nest++; out.push(c); }
      else if (c === 0x29) {
        if (--nest === 0) return new PdfString(Buffer.from(out), false, this.base + start, this.base + this.pos);
        out.push(c);
      } else out.push(c);
    }
    this.more();
    return this.fail('unterminated string');
  }

  private readDict(depth: number, lengthOf?: LengthResolver, objStart?: number): PdfDict | PdfStream {
    this.pos += 2;
    const map = new Map<string, PdfObj>();
    for (;;) {
      this.skipWs();
      if (this.pos + 1 >= this.end) this.more();
      if (this.pos >= this.end) this.fail('unterminated dictionary');
      if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) { this.pos += 2; break; }
      if (this.buf[this.pos] !== 0x2f) this.fail('dictionary key is not a name');
      const key = this.readName().name;
      const value = this.readObject(depth + 1, lengthOf, objStart);
      // A repeated key is ambiguous between readers; refuse rather than pick one.
      if (map.has(key)) this.fail(`duplicate dictionary key /${key}`);
      map.set(key, value);
    }
    const dict = new PdfDict(map);
    if (depth === 0 && lengthOf && this.peekKeyword('stream')) return this.readStreamBody(dict, lengthOf);
    return dict;
  }

  private readStreamBody(dict: PdfDict, lengthOf: LengthResolver): PdfStream {
    this.pos += 6;
    const b = this.buf;
    if (this.pos + 1 >= this.end) this.more();
    if (b[this.pos] === 0x0d && b[this.pos + 1] === 0x0a) this.pos += 2;
    else if (b[this.pos] === 0x0a || b[this.pos] === 0x0d) this.pos += 1;
    else this.fail('bad end of line after "stream"');
    const dataStart = this.pos;
    const lenObj = dict.get('Length');
    let len: number | undefined;
    if (typeof lenObj === 'number') len = lenObj;
    else if (lenObj instanceof PdfRef) len = lengthOf(lenObj);
    if (len !== undefined && Number.isInteger(len) && len >= 0 && dataStart + len + 16 > this.end) this.more(dataStart + len + 64);
    if (len !== undefined && Number.isInteger(len) && len >= 0 && dataStart + len <= this.end) {
      this.pos = dataStart + len;
      if (this.peekKeyword('endstream')) {
        this.pos += 9;
        return new PdfStream(dict, b, dataStart, dataStart + len);
      }
    }
    // /Length absent or wrong: find the keyword, within the size limit.
    const searchEnd = Math.min(this.end, dataStart + this.budget.limits.maxStreamBytes + 16);
    const at = b.subarray(0, searchEnd).indexOf('endstream', dataStart, 'latin1');
    if (at < 0) {
      if (searchEnd === this.end) this.more();
      this.fail('stream without endstream');
    }
    let dataEnd = at;
    if (b[dataEnd - 1] === 0x0a) dataEnd--;
    if (b[dataEnd - 1] === 0x0d) dataEnd--;
    this.pos = at + 9;
    return new PdfStream(dict, b, dataStart, Math.max(dataStart, dataEnd));
  }
}

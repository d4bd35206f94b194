// Strict, bounded PDF object syntax. Every position is checked against the
// buffer, nesting and work are capped, and failures are `PdfSyntaxError`s
// that the verifier turns into a report; nothing here repairs a file.

export type PdfErrorCode = 'PDF_UNREADABLE' | 'PDF_LIMIT_EXCEEDED' | 'PDF_ENCRYPTED';

export class PdfSyntaxError extends Error {
  constructor(readonly code: PdfErrorCode, message: string) {
    super(message);
    this.name = 'PdfSyntaxError';
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

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(readonly num: number, readonly gen: number) {}
  get key(): string { return `${this.num} ${this.gen}`; }
}
export class PdfString {
  private decoded: Buffer | null;
  /**
   * start: offset of the opening delimiter; end: just past the closing one (in
   * the file, when not from an object stream). A long hex string (a signature
   * value) is decoded only when read.
   */
  constructor(bytes: Buffer | null, readonly hex: boolean, readonly start: number, readonly end: number, private readonly source?: Buffer) {
    this.decoded = bytes;
  }

  get bytes(): Buffer {
    if (this.decoded === null) {
      const text = this.source!.toString('latin1', this.start + 1, this.end - 1);
      let b = Buffer.from(text, 'hex');
      if (b.length * 2 !== text.length) {
        let hex = stripPdfWhitespace(text);
        if (!/^[0-9a-fA-F]*$/.test(hex)) throw new PdfSyntaxError('PDF_UNREADABLE', `bad hex string at byte ${this.start}`);
        if (hex.length % 2) hex += '0';
        b = Buffer.from(hex, 'hex');
      }
      this.decoded = b;
    }
    return this.decoded;
  }

  /**
   * The DER element a zero-padded hex string starts with (a CMS in /Contents),
   * decoding only that much; the whole value when it does not start with one.
   */
  derPrefix(): Buffer {
    if (this.decoded !== null || !this.source) return this.bytes;
    const head = Buffer.from(this.source.toString('latin1', this.start + 1, Math.min(this.end - 1, this.start + 13)), 'hex');
    if (head[0] !== 0x30 || head.length < 2) return this.bytes;
    let len = head[1]!;
    let header = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || head.length < 2 + n) return this.bytes;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + head[2 + i]!;
      header += n;
    }
    const total = header + len;
    if (this.start + 1 + total * 2 > this.end - 1) return this.bytes;
    const b = Buffer.from(this.source.toString('latin1', this.start + 1, this.start + 1 + total * 2), 'hex');
    return b.length === total ? b : this.bytes;
  }
}
export class PdfDict {
  constructor(readonly map: Map<string, PdfObj>) {}
  get(key: string): PdfObj | undefined { return this.map.get(key); }
  has(key: string): boolean { return this.map.has(key); }
}
export class PdfStream {
  /** dataStart/dataEnd: the raw (still encoded) data in `source`. */
  constructor(readonly dict: PdfDict, readonly source: Buffer, readonly dataStart: number, readonly dataEnd: number) {}
  get raw(): Buffer { return this.source.subarray(this.dataStart, this.dataEnd); }
}
export type PdfObj = null | boolean | number | PdfName | PdfString | PdfRef | PdfObj[] | PdfDict | PdfStream;

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export function isWhite(c: number | undefined): boolean { return c !== undefined && WS[c] === 1; }
function isRegular(c: number | undefined): boolean { return c !== undefined && WS[c] === 0 && DELIM[c] === 0; }

/** Resolves a stream's indirect /Length; may return undefined when unknown. */
export type LengthResolver = (ref: PdfRef) => number | undefined;

export class PdfLexer {
  pos: number;
  constructor(readonly buf: Buffer, start: number, readonly budget: Budget, readonly end = buf.length) {
    this.pos = start;
  }

  fail(msg: string): never {
    throw new PdfSyntaxError('PDF_UNREADABLE', `${msg} at byte ${this.pos}`);
  }

  skipWs(): void {
    const b = this.buf;
    while (this.pos < this.end) {
      const c = b[this.pos]!;
      if (WS[c]) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < this.end && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else break;
    }
  }

  peekKeyword(kw: string): boolean {
    this.skipWs();
    const n = kw.length;
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
    if (digits === 0 || digits > 15 || isRegular(this.buf[this.pos])) {
      this.pos = save;
      return undefined;
    }
    return v;
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
    const s = this.buf.toString('latin1', start, this.pos);
    const v = Number(s);
    if (s.length === 0 || s.length > 40 || !Number.isFinite(v)) this.fail('bad number');
    return v;
  }

  private readName(): PdfName {
    this.pos++;
    const start = this.pos;
    while (isRegular(this.buf[this.pos]) && this.pos < this.end) this.pos++;
    let s = this.buf.toString('latin1', start, this.pos);
    if (s.includes('#')) s = s.replace(/#([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return new PdfName(s);
  }

  private readHex(): PdfString {
    const start = this.pos;
    this.pos++;
    const close = this.buf.indexOf(0x3e, this.pos);
    if (close < 0 || close >= this.end) this.fail('unterminated hex string');
    const len = close - this.pos;
    // Signature values are tens of kilobytes of hex, mostly zero padding: keep them
    // undecoded (decoded, and checked, on first read).
    if (len > 4096) {
      this.pos = close + 1;
      return new PdfString(null, true, start, this.pos, this.buf);
    }
    // Fast path: an even run of hex digits.
    if (len % 2 === 0) {
      const bytes = Buffer.from(this.buf.toString('latin1', this.pos, close), 'hex');
      if (bytes.length * 2 === len) {
        this.pos = close + 1;
        return new PdfString(bytes, true, start, this.pos);
      }
    }
    const text = this.buf.toString('latin1', this.pos, close);
    let hex = stripPdfWhitespace(text);
    if (!/^[0-9a-fA-F]*$/.test(hex)) this.fail('bad hex string');
    if (hex.length % 2) hex += '0';
    this.pos = close + 1;
    return new PdfString(Buffer.from(hex, 'hex'), true, start, this.pos);
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
        if (--nest === 0) return new PdfString(Buffer.from(out), false, start, this.pos);
        out.push(c);
      } else out.push(c);
    }
    return this.fail('unterminated string');
  }

  private readDict(depth: number, lengthOf?: LengthResolver, objStart?: number): PdfDict | PdfStream {
    this.pos += 2;
    const map = new Map<string, PdfObj>();
    for (;;) {
      this.skipWs();
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
    if (b[this.pos] === 0x0d && b[this.pos + 1] === 0x0a) this.pos += 2;
    else if (b[this.pos] === 0x0a || b[this.pos] === 0x0d) this.pos += 1;
    else this.fail('bad end of line after "stream"');
    const dataStart = this.pos;
    const lenObj = dict.get('Length');
    let len: number | undefined;
    if (typeof lenObj === 'number') len = lenObj;
    else if (lenObj instanceof PdfRef) len = lengthOf(lenObj);
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
    if (at < 0) this.fail('stream without endstream');
    let dataEnd = at;
    if (b[dataEnd - 1] === 0x0a) dataEnd--;
    if (b[dataEnd - 1] === 0x0d) dataEnd--;
    this.pos = at + 9;
    return new PdfStream(dict, b, dataStart, Math.max(dataStart, dataEnd));
  }
}

/** Removes the PDF white-space characters (NUL, TAB, LF, FF, CR, SP) that may sit inside a hex string. */
function stripPdfWhitespace(text: string): string {
  let out = '';
  for (const ch of text) if (!WS[ch.charCodeAt(0) & 0xff] || ch.charCodeAt(0) > 0xff) out += ch;
  return out;
}

export function nameOf(o: PdfObj | undefined): string | undefined {
  return o instanceof PdfName ? o.name : undefined;
}

/** Structural equality; references compare by number, not by what they point to. */
export function sameObject(a: PdfObj | undefined, b: PdfObj | undefined, depth = 0): boolean {
  if (depth > 64) return false;
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && a.bytes.equals(b.bytes);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameObject(x, b[i], depth + 1));
  if (a instanceof PdfStream) return b instanceof PdfStream && sameObject(a.dict, b.dict, depth + 1) && a.raw.equals(b.raw);
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.map.size !== b.map.size) return false;
    for (const [k, v] of a.map) if (!sameObject(v, b.map.get(k), depth + 1)) return false;
    return true;
  }
  return false;
}

/** Direct references held by an object (not followed). */
export function refsIn(o: PdfObj | undefined, out: PdfRef[] = [], depth = 0): PdfRef[] {
  if (depth > 64 || o === undefined || o === null || typeof o !== 'object') return out;
  if (o instanceof PdfRef) out.push(o);
  else if (Array.isArray(o)) for (const x of o) refsIn(x, out, depth + 1);
  else if (o instanceof PdfStream) refsIn(o.dict, out, depth + 1);
  else if (o instanceof PdfDict) for (const v of o.map.values()) refsIn(v, out, depth + 1);
  return out;
}

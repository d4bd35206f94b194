// The PDF object model: what the reader (pdf/syntax.ts, pdf/document.ts)
// parses, for the signer and the verifier alike, and what the incremental
// writer (pdf/revision.ts) serialises. Parsed objects are read lazily, one
// at a time, so a large file is never loaded whole.

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(readonly num: number, readonly gen: number) {}
  get key(): string { return `${this.num} ${this.gen}`; }
}

/** Where an undecoded hex string lies in the buffer it was parsed from. */
interface HexSpan {
  readonly buf: Buffer;
  /** Offset of the opening `<` in `buf`. */
  readonly from: number;
  /** Just past the closing `>` in `buf`. */
  readonly to: number;
}

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;

/** Removes the PDF white-space characters (NUL, TAB, LF, FF, CR, SP) that may sit inside a hex string. */
export function stripPdfWhitespace(text: string): string {
  let out = '';
  for (const ch of text) if (!WS[ch.charCodeAt(0) & 0xff] || ch.charCodeAt(0) > 0xff) out += ch;
  return out;
}

/** Thrown by the lazy hex decode of a parsed string; the reader's error type (pdf/syntax.ts re-exports it). */
export class PdfSyntaxError extends Error {
  constructor(readonly code: PdfErrorCode, message: string) {
    super(message);
    this.name = 'PdfSyntaxError';
  }
}
export type PdfErrorCode = 'PDF_UNREADABLE' | 'PDF_LIMIT_EXCEEDED' | 'PDF_ENCRYPTED';

export class PdfString {
  private decoded: Buffer | null;
  /**
   * start: offset of the opening delimiter in the file; end: just past the
   * closing one (both -1 for a string built by the writer or read from an
   * object stream). A long hex string (a signature value) is decoded only
   * when read, from `span`.
   */
  constructor(bytes: Buffer | null, readonly hex = true, readonly start = -1, readonly end = -1, private readonly span?: HexSpan) {
    this.decoded = bytes;
  }

  static fromText(text: string): PdfString {
    // PDFDocEncoding covers ASCII; anything else goes out as UTF-16BE with a BOM.
    if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(Buffer.from(text, 'latin1'));
    const utf16 = Buffer.from(text, 'utf16le').swap16();
    return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]));
  }

  get bytes(): Buffer {
    if (this.decoded === null) {
      const { buf, from, to } = this.span!;
      const text = buf.toString('latin1', from + 1, to - 1);
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

  /** The text of a string as the writer reads it back (UTF-16BE with a BOM, else latin1). */
  text(): string {
    const b = this.bytes;
    if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    return b.toString('latin1');
  }

  /**
   * The DER element a zero-padded hex string starts with (a CMS in /Contents),
   * decoding only that much; the whole value when it does not start with one.
   */
  derPrefix(): Buffer {
    if (this.decoded !== null || !this.span) return this.bytes;
    const { buf, from, to } = this.span;
    const head = Buffer.from(buf.toString('latin1', from + 1, Math.min(to - 1, from + 13)), 'hex');
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
    if (from + 1 + total * 2 > to - 1) return this.bytes;
    const b = Buffer.from(buf.toString('latin1', from + 1, from + 1 + total * 2), 'hex');
    return b.length === total ? b : this.bytes;
  }
}

/** Emitted verbatim by the writer: pre-serialised text such as a signature placeholder. Never parsed. */
export class PdfVerbatim {
  constructor(readonly text: string) {}
}

export class PdfDict {
  readonly map: Map<string, PdfObj>;
  constructor(entries?: Map<string, PdfObj> | Iterable<[string, PdfObj]>) {
    this.map = entries instanceof Map ? entries : new Map(entries);
  }
  get(key: string): PdfObj | undefined { return this.map.get(key); }
  has(key: string): boolean { return this.map.has(key); }
  set(key: string, value: PdfObj): this {
    this.map.set(key, value);
    return this;
  }
  /** A copy to change (parsed dictionaries are shared through the reader's cache). */
  clone(): PdfDict { return new PdfDict(new Map(this.map)); }
}

export class PdfStream {
  /** dataStart/dataEnd: the raw (still encoded) data in `source`. */
  constructor(readonly dict: PdfDict, readonly source: Buffer, readonly dataStart = 0, readonly dataEnd = source.length) {}
  /** Encoded bytes exactly as stored (or to be stored) between stream/endstream. */
  get raw(): Buffer { return this.source.subarray(this.dataStart, this.dataEnd); }
}

export type PdfObj = null | boolean | number | PdfName | PdfString | PdfRef | PdfObj[] | PdfDict | PdfStream | PdfVerbatim;

export const name = (n: string): PdfName => new PdfName(n);
export const dict = (entries: Record<string, PdfObj>): PdfDict => new PdfDict(Object.entries(entries));

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

function formatNumber(n: number): string {
  // The shortest round-trip form reproduces a parsed real exactly, so a rewritten
  // page keeps its /MediaBox bit for bit (validators diff revisions by value).
  const s = String(n);
  if (!s.includes('e')) return s;
  const fixed = n.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

const nameRegular = /^[!-~]$/;
// Almost every name the writer emits (Type, Sig, Annot, …) needs no escaping: skip the per-byte loop.
const namePlain = /^[A-Za-z0-9._+-]*$/;
function formatName(n: string): string {
  if (namePlain.test(n)) return `/${n}`;
  let out = '/';
  for (const ch of Buffer.from(n, 'latin1')) {
    const c = String.fromCharCode(ch);
    out += nameRegular.test(c) && !'()<>[]{}/%#'.includes(c) ? c : `#${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Serialises a value (not a stream) as latin1 text; strings go out as hex. */
export function serialize(v: PdfObj): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (v instanceof PdfName) return formatName(v.name);
  if (v instanceof PdfRef) return `${v.num} ${v.gen} R`;
  if (v instanceof PdfString) return `<${v.bytes.toString('hex')}>`;
  if (v instanceof PdfVerbatim) return v.text;
  if (Array.isArray(v)) return `[${v.map(serialize).join(' ')}]`;
  if (v instanceof PdfDict) {
    let out = '<<';
    for (const [k, val] of v.map) out += `${formatName(k)} ${serialize(val)} `;
    return `${out}>>`;
  }
  throw new Error('a stream cannot be serialised inline');
}

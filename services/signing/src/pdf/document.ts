import { SigningError } from '../errors.js';
import { decodeStream } from './filters.js';
import { PdfDict, PdfName, PdfRef, PdfStream, type PdfValue } from './objects.js';
import { Lexer, NeedMoreBytes, parseObjectHeader, SyntaxProblem } from './parser.js';
import type { PdfSource } from './source.js';

type XrefEntry =
  | { kind: 'free' }
  | { kind: 'offset'; offset: number; gen: number }
  | { kind: 'compressed'; stream: number; index: number };

export type XrefKind = 'table' | 'stream';

const malformed = (why: string): SigningError => new SigningError('PDF_MALFORMED', `The PDF is malformed: ${why}.`);

/**
 * Read access to one PDF through its cross-reference chain. Only the objects
 * asked for are read (and only the object streams that hold them are inflated).
 */
export class PdfDocument {
  private readonly xref = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, PdfValue>();
  private readonly objectStreams = new Map<number, { first: number; offsets: number[]; data: Buffer }>();
  /** The newest trailer (or xref stream dictionary). */
  trailer!: PdfDict;
  /** Offset named by the file's final startxref: the /Prev of the next revision. */
  startxref!: number;
  /** Kind of the newest cross-reference section, which the next revision repeats. */
  xrefKind!: XrefKind;
  /** Highest object number in use + 1. */
  size = 0;

  private constructor(readonly source: PdfSource) {}

  static open(source: PdfSource): PdfDocument {
    const doc = new PdfDocument(source);
    try {
      doc.load();
    } catch (e) {
      if (e instanceof SigningError) throw e;
      if (e instanceof SyntaxProblem || e instanceof NeedMoreBytes) throw malformed(e.message || 'unexpected end of an object');
      throw e;
    }
    return doc;
  }

  private load(): void {
    const { source } = this;
    const head = source.read(0, 1024);
    const headerAt = head.indexOf('%PDF-');
    if (headerAt < 0) throw new SigningError('PDF_MALFORMED', 'The input is not a PDF (no %PDF- header).');
    const tailLen = Math.min(source.size, 2048);
    const tail = source.read(source.size - tailLen, tailLen).toString('latin1');
    const sx = tail.lastIndexOf('startxref');
    if (sx < 0 || !/%%EOF/.test(tail.slice(sx))) {
      throw new SigningError('PDF_TRUNCATED', 'The PDF is truncated: no startxref/%%EOF at the end of the file.');
    }
    const m = /^startxref\s+(\d+)/.exec(tail.slice(sx));
    if (!m) throw malformed('startxref without an offset');
    this.startxref = Number(m[1]);
    if (this.startxref >= source.size) throw new SigningError('PDF_TRUNCATED', 'The PDF is truncated: startxref points past the end of the file.');

    const seen = new Set<number>();
    let offset: number | undefined = this.startxref;
    let first = true;
    while (offset !== undefined) {
      if (seen.has(offset)) throw malformed('the cross-reference chain loops');
      seen.add(offset);
      const { trailer, kind } = this.readSection(offset);
      if (first) {
        this.trailer = trailer;
        this.xrefKind = kind;
        first = false;
      }
      const size = trailer.get('Size');
      if (typeof size === 'number') this.size = Math.max(this.size, size);
      const stm = trailer.get('XRefStm');
      if (kind === 'table' && typeof stm === 'number' && !seen.has(stm)) {
        seen.add(stm);
        this.readSection(stm);
      }
      const prev = trailer.get('Prev');
      offset = typeof prev === 'number' ? prev : undefined;
    }
    for (const k of this.xref.keys()) this.size = Math.max(this.size, k + 1);
    if (this.trailer.has('Encrypt')) {
      throw new SigningError('PDF_ENCRYPTED', 'The PDF is encrypted; remove the password protection before signing.');
    }
    if (!(this.trailer.get('Root') instanceof PdfRef)) throw malformed('the trailer has no /Root');
  }

  /** Parses with a growing window, so big sections are read in one go only when needed. */
  private parseAt<T>(offset: number, parse: (lx: Lexer) => T, initial = 8192): T {
    let len = initial;
    for (;;) {
      const buf = this.source.read(offset, len);
      const complete = offset + buf.length >= this.source.size;
      try {
        return parse(new Lexer(buf, 0, complete));
      } catch (e) {
        if (e instanceof NeedMoreBytes && !complete) {
          len *= 4;
          continue;
        }
        throw e;
      }
    }
  }

  private readSection(offset: number): { trailer: PdfDict; kind: XrefKind } {
    const probe = this.source.read(offset, 4).toString('latin1');
    if (probe === 'xref') {
      return this.parseAt(offset, (lx) => {
        lx.expectWord('xref');
        const found: [number, XrefEntry][] = [];
        for (;;) {
          const w = lx.word();
          if (w === 'trailer') break;
          if (!/^\d+$/.test(w)) throw new SyntaxProblem(`bad xref subsection "${w.slice(0, 20)}"`);
          const start = Number(w);
          const count = lx.integer();
          for (let i = 0; i < count; i++) {
            const off = lx.integer();
            const gen = lx.integer();
            const t = lx.word();
            found.push([start + i, t === 'n' ? { kind: 'offset', offset: off, gen } : { kind: 'free' }]);
          }
        }
        const trailer = lx.value();
        if (!(trailer instanceof PdfDict)) throw new SyntaxProblem('trailer is not a dictionary');
        for (const [num, e] of found) if (!this.xref.has(num)) this.xref.set(num, e);
        return { trailer, kind: 'table' as const };
      }, 65536);
    }
    const stream = this.readIndirect(offset, true);
    if (!(stream instanceof PdfStream) || !(stream.dict.get('Type') instanceof PdfName) || (stream.dict.get('Type') as PdfName).name !== 'XRef') {
      throw malformed(`no cross-reference section at offset ${offset}`);
    }
    const d = stream.dict;
    const data = decodeStream(d, stream.data, (v) => v);
    const w = d.get('W');
    if (!Array.isArray(w) || w.length < 3 || !w.every((x) => typeof x === 'number')) throw malformed('xref stream without /W');
    const [w0, w1, w2] = w as number[];
    const index = Array.isArray(d.get('Index')) ? (d.get('Index') as number[]) : [0, d.get('Size') as number];
    const rowLen = w0! + w1! + w2!;
    const field = (p: number, n: number): number => {
      let v = 0;
      for (let i = 0; i < n; i++) v = v * 256 + data[p + i]!;
      return v;
    };
    let p = 0;
    for (let s = 0; s + 1 < index.length; s += 2) {
      const start = index[s]!;
      const count = index[s + 1]!;
      for (let i = 0; i < count; i++, p += rowLen) {
        if (p + rowLen > data.length) throw malformed('xref stream shorter than its /Index');
        const type = w0 === 0 ? 1 : field(p, w0!);
        const a = field(p + w0!, w1!);
        const b = field(p + w0! + w1!, w2!);
        const num = start + i;
        if (this.xref.has(num)) continue;
        if (type === 1) this.xref.set(num, { kind: 'offset', offset: a, gen: b });
        else if (type === 2) this.xref.set(num, { kind: 'compressed', stream: a, index: b });
        else this.xref.set(num, { kind: 'free' });
      }
    }
    return { trailer: d, kind: 'stream' };
  }

  /** Reads "n g obj ... endobj" at a file offset; streams come back with their raw data. */
  private readIndirect(offset: number, allowDirectLength = false, expectedNum?: number): PdfValue {
    const head = this.parseAt(offset, (lx) => parseObjectHeader(lx));
    if (expectedNum !== undefined && head.num !== expectedNum) {
      throw malformed(`the cross-reference table points object ${expectedNum} at object ${head.num}`);
    }
    if (head.streamStart === undefined) return head.value;
    const dict = head.value as PdfDict;
    let length = dict.get('Length');
    if (length instanceof PdfRef && !allowDirectLength) length = this.get(length);
    const dataStart = offset + head.streamStart;
    if (typeof length !== 'number' || length < 0 || dataStart + length > this.source.size) {
      throw malformed(`stream at offset ${offset} has a bad /Length`);
    }
    return new PdfStream(dict, this.source.read(dataStart, length));
  }

  private objectStream(num: number): { first: number; offsets: number[]; data: Buffer } {
    let os = this.objectStreams.get(num);
    if (os) return os;
    const s = this.getObject(num);
    if (!(s instanceof PdfStream)) throw malformed(`object stream ${num} is not a stream`);
    const data = decodeStream(s.dict, s.data, (v) => this.resolve(v));
    const n = this.resolve(s.dict.get('N'));
    const first = this.resolve(s.dict.get('First'));
    if (typeof n !== 'number' || typeof first !== 'number') throw malformed(`object stream ${num} lacks /N or /First`);
    const lx = new Lexer(data, 0, true);
    const offsets: number[] = [];
    for (let i = 0; i < n; i++) {
      lx.integer();
      offsets.push(first + lx.integer());
    }
    os = { first, offsets, data };
    this.objectStreams.set(num, os);
    return os;
  }

  has(num: number): boolean {
    const e = this.xref.get(num);
    return e !== undefined && e.kind !== 'free';
  }

  genOf(num: number): number {
    const e = this.xref.get(num);
    return e?.kind === 'offset' ? e.gen : 0;
  }

  getObject(num: number): PdfValue {
    if (this.cache.has(num)) return this.cache.get(num)!;
    const e = this.xref.get(num);
    let v: PdfValue = null;
    try {
      if (e?.kind === 'offset') {
        if (e.offset >= this.source.size) throw malformed(`object ${num} lies past the end of the file`);
        v = this.readIndirect(e.offset, false, num);
      } else if (e?.kind === 'compressed') {
        const os = this.objectStream(e.stream);
        const at = os.offsets[e.index];
        if (at === undefined) throw malformed(`object ${num} is missing from its object stream`);
        v = new Lexer(os.data, at, true).value();
      }
    } catch (err) {
      if (err instanceof SyntaxProblem || err instanceof NeedMoreBytes) throw malformed(`object ${num}: ${err.message || 'cut short'}`);
      throw err;
    }
    this.cache.set(num, v);
    return v;
  }

  get(ref: PdfRef): PdfValue {
    return this.getObject(ref.num);
  }

  resolve(v: PdfValue | undefined): PdfValue | undefined {
    let cur = v;
    for (let i = 0; i < 32 && cur instanceof PdfRef; i++) cur = this.get(cur);
    return cur;
  }

  dictAt(v: PdfValue | undefined, what: string): PdfDict {
    const r = this.resolve(v);
    if (r instanceof PdfDict) return r;
    if (r instanceof PdfStream) return r.dict;
    throw malformed(`${what} is not a dictionary`);
  }

  get rootRef(): PdfRef {
    return this.trailer.get('Root') as PdfRef;
  }

  catalog(): PdfDict {
    return this.dictAt(this.rootRef, 'the document catalog');
  }

  /** Page references in order (walks the page tree; leaves are not loaded beyond their dict). */
  pageRefs(): PdfRef[] {
    const out: PdfRef[] = [];
    const seen = new Set<number>();
    const walk = (ref: PdfValue | undefined, depth: number): void => {
      if (!(ref instanceof PdfRef) || depth > 64 || seen.has(ref.num)) throw malformed('broken page tree');
      seen.add(ref.num);
      const node = this.dictAt(ref, 'a page tree node');
      const kids = this.resolve(node.get('Kids'));
      const type = node.get('Type');
      if (Array.isArray(kids) && !(type instanceof PdfName && type.name === 'Page')) {
        for (const k of kids) walk(k, depth + 1);
      } else out.push(ref);
    };
    walk(this.catalog().get('Pages'), 0);
    return out;
  }

  /** Decoded stream data. */
  streamData(s: PdfStream): Buffer {
    try {
      return decodeStream(s.dict, s.data, (v) => this.resolve(v));
    } catch (e) {
      if (e instanceof SyntaxProblem) throw malformed(e.message);
      throw e;
    }
  }

  /** First bytes of the file's last line: lets the writer start its revision on a fresh line. */
  endsWithNewline(): boolean {
    const last = this.source.read(this.source.size - 1, 1)[0];
    return last === 10 || last === 13;
  }
}

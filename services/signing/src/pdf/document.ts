// The one PDF reader of the signing package. Reads a PDF as the list of its
// revisions (original + incremental updates), by following startxref and
// /Prev, and resolves objects as they were at any revision. Classic tables,
// xref streams, object streams and hybrid files; a broken xref is an error,
// never repaired. The verifier reads with its strict limits (a Budget of
// DEFAULT_LIMITS); the incremental writer opens files with `PdfDocument.open`
// (WRITER_LIMITS), from a file on disk read in windows, never whole.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants as zlib, inflateSync } from 'node:zlib';
import { SigningError } from '../errors.js';
import { PdfDict, PdfName, PdfRef, PdfStream, nameOf, type PdfObj } from './objects.js';
import { Budget, NeedMoreBytes, PdfLexer, PdfSyntaxError, WRITER_LIMITS, isWhite } from './syntax.js';

export type XrefEntry =
  | { readonly type: 'n'; readonly offset: number; readonly gen: number }
  | { readonly type: 'c'; readonly stream: number; readonly index: number }
  | { readonly type: 'f' };

interface XrefSection {
  readonly offset: number;
  readonly kind: 'table' | 'stream';
  readonly entries: Map<number, XrefEntry>;
  readonly trailer: PdfDict;
  /** Offset just past the %%EOF (and its end-of-line) that closes this section. */
  readonly eofEnd: number;
  /** Offset just past the %%EOF itself. */
  readonly eofAt: number;
}

export interface Revision {
  readonly index: number;
  readonly xrefKind: 'table' | 'stream';
  /** Entries written in this revision only. */
  readonly entries: Map<number, XrefEntry>;
  readonly trailer: PdfDict;
  /** Where this revision's bytes begin (the previous revision's end, 0 for the first). */
  readonly start: number;
  readonly end: number;
  readonly eofAt: number;
}

function fail(msg: string): never {
  throw new PdfSyntaxError('PDF_UNREADABLE', msg);
}

export interface ReaderOptions {
  /** Inflate a Flate stream that lacks its end marker (page content from careless producers): the writer's anchor search. */
  readonly lenientFlate?: boolean;
}

export class PdfDocument {
  readonly revisions: Revision[] = [];
  /** Cumulative object maps, one per revision. */
  private readonly views: Map<number, XrefEntry>[] = [];
  private readonly cache = new Map<string, PdfObj>();
  private readonly objStreams = new Map<string, { data: Buffer; offsets: number[]; nums: number[] }>();
  private resolving = new Set<string>();
  private pages: readonly PdfRef[] | undefined;
  readonly source: PdfSource;
  /** The whole file when it is in memory (the verifier's case): read without windows. */
  private readonly whole: Buffer | undefined;
  /** Offset named by the file's final startxref: the /Prev of the next revision. */
  startxref = 0;

  constructor(input: Buffer | PdfSource, readonly budget: Budget, private readonly options: ReaderOptions = {}) {
    this.source = Buffer.isBuffer(input) ? new BufferSource(input) : input;
    this.whole = this.source instanceof BufferSource ? this.source.bytes : undefined;
    if (this.source.size < 16 || this.source.read(0, 1024).indexOf('%PDF-', 0, 'latin1') < 0) fail('no %PDF- header');
    const sections = this.readSectionChain();
    this.buildRevisions(sections);
    const enc = this.revisions.at(-1)?.trailer.get('Encrypt');
    if (enc !== undefined && enc !== null) throw new PdfSyntaxError('PDF_ENCRYPTED', 'the file is encrypted');
  }

  /**
   * One piece of the writer's work on the file as `source` holds it. Objects
   * are read lazily, so a reader error can surface anywhere in `work`: it
   * leaves as a SigningError, and the source is closed whatever happens.
   */
  static async editing<T>(source: PdfSource, work: (doc: PdfDocument) => T | Promise<T>): Promise<T> {
    try {
      return await work(PdfDocument.open(source));
    } catch (e) {
      throw asSigningError(e);
    } finally {
      source.close();
    }
  }

  /**
   * The writer's entry: opens a file to append a revision to, with the
   * writer's limits; a file it cannot read is a SigningError (PDF_MALFORMED,
   * PDF_TRUNCATED, PDF_ENCRYPTED).
   */
  static open(source: PdfSource): PdfDocument {
    const tailLen = Math.min(source.size, 2048);
    const tail = source.read(source.size - tailLen, tailLen).toString('latin1');
    if (source.read(0, 1024).indexOf('%PDF-', 0, 'latin1') < 0) throw new SigningError('PDF_MALFORMED', 'The input is not a PDF (no %PDF- header).');
    const sx = tail.lastIndexOf('startxref');
    if (sx < 0 || !/%%EOF/.test(tail.slice(sx))) {
      throw new SigningError('PDF_TRUNCATED', 'The PDF is truncated: no startxref/%%EOF at the end of the file.');
    }
    const m = /^startxref\s+(\d+)/.exec(tail.slice(sx));
    if (m && Number(m[1]) >= source.size) throw new SigningError('PDF_TRUNCATED', 'The PDF is truncated: startxref points past the end of the file.');
    try {
      return new PdfDocument(source, new Budget(WRITER_LIMITS), { lenientFlate: true });
    } catch (e) {
      throw asSigningError(e);
    }
  }

  get lastRevision(): Revision { return this.revisions[this.revisions.length - 1]!; }

  /** The newest trailer (or xref stream dictionary). */
  get trailer(): PdfDict { return this.lastRevision.trailer; }

  /** Kind of the newest cross-reference section, which the next revision repeats. */
  get xrefKind(): 'table' | 'stream' { return this.lastRevision.xrefKind; }

  /** Highest object number in use + 1 (at least the newest /Size). */
  get size(): number {
    let size = 0;
    for (const r of this.revisions) {
      const s = r.trailer.get('Size');
      if (typeof s === 'number') size = Math.max(size, s);
    }
    for (const k of this.views.at(-1)!.keys()) size = Math.max(size, k + 1);
    return size;
  }

  /** Bytes after the last revision that are not just whitespace. */
  trailingGarbage(): number {
    const from = this.lastRevision.end;
    const tail = this.source.read(from, this.source.size - from);
    let end = tail.length;
    while (end > 0 && isWhite(tail[end - 1])) end--;
    return end;
  }

  /** Whether the file's last byte ends a line: the writer starts its revision on a fresh line. */
  endsWithNewline(): boolean {
    const last = this.source.read(this.source.size - 1, 1)[0];
    return last === 10 || last === 13;
  }

  /**
   * Runs `parse` on a lexer at file offset `offset`: on the whole file when it
   * is in memory, else on a window read from the source, grown while the
   * parse runs off its end.
   */
  private parseAt<T>(offset: number, parse: (lex: PdfLexer) => T, windowLength = 4096): T {
    if (this.whole) return parse(new PdfLexer(this.whole, offset, this.budget));
    let len = windowLength;
    for (;;) {
      const buf = this.source.read(offset, len);
      const complete = offset + buf.length >= this.source.size;
      try {
        return parse(new PdfLexer(buf, 0, this.budget, buf.length, offset, complete));
      } catch (e) {
        if (!(e instanceof NeedMoreBytes) || complete) throw e;
        len = Math.max(len * 4, e.need);
      }
    }
  }

  /** First occurrence of `text` at or after `from`, or -1. */
  private indexOf(text: string, from: number): number {
    if (this.whole) return this.whole.indexOf(text, from, 'latin1');
    const chunk = 65536;
    for (let at = from; at < this.source.size; at += chunk - text.length) {
      const buf = this.source.read(at, chunk);
      const i = buf.indexOf(text, 0, 'latin1');
      if (i >= 0) return at + i;
      if (at + buf.length >= this.source.size) break;
    }
    return -1;
  }

  private byteAt(offset: number): number | undefined {
    return this.whole ? this.whole[offset] : this.source.read(offset, 1)[0];
  }

  private readSectionChain(): XrefSection[] {
    const tailFrom = Math.max(0, this.source.size - 2048);
    const tail = this.source.read(tailFrom, this.source.size - tailFrom);
    const at = tail.lastIndexOf('startxref', undefined, 'latin1');
    if (at < 0) fail('no startxref');
    const lex = new PdfLexer(tail, at + 9, this.budget);
    let offset = lex.tryUInt();
    if (offset === undefined) fail('bad startxref');
    this.startxref = offset;
    const sections: XrefSection[] = [];
    const seen = new Set<number>();
    while (offset !== undefined) {
      if (seen.has(offset)) fail('xref /Prev loop');
      if (sections.length >= this.budget.limits.maxRevisions * 2) throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'too many revisions');
      seen.add(offset);
      const s = this.readSection(offset);
      sections.push(s);
      const prev = s.trailer.get('Prev');
      if (prev === undefined) offset = undefined;
      else if (typeof prev === 'number' && Number.isInteger(prev) && prev >= 0) offset = prev;
      else fail('bad /Prev');
    }
    return sections;
  }

  private findEof(from: number): { eofAt: number; eofEnd: number } {
    const at = this.indexOf('%%EOF', from);
    if (at < 0) fail('no %%EOF after xref section');
    let end = at + 5;
    if (this.byteAt(end) === 0x0d) end++;
    if (this.byteAt(end) === 0x0a) end++;
    return { eofAt: at + 5, eofEnd: end };
  }

  private readSection(offset: number): XrefSection {
    if (offset >= this.source.size) fail('xref offset beyond end of file');
    const table = this.parseAt(offset, (lex) => this.readTable(lex), 65536);
    if (table) {
      const { entries, trailer, after } = table;
      // Hybrid file: the table's companion xref stream lists compressed objects.
      const xrefStm = trailer.get('XRefStm');
      if (typeof xrefStm === 'number') {
        const hidden = this.readXrefStream(xrefStm);
        for (const [num, e] of hidden.entries) {
          const t = entries.get(num);
          if (t === undefined || t.type === 'f') entries.set(num, e);
        }
      }
      return { offset, kind: 'table', entries, trailer, ...this.findEof(after) };
    }
    const s = this.readXrefStream(offset);
    return { offset, kind: 'stream', entries: s.entries, trailer: s.dict, ...this.findEof(s.after) };
  }

  /** A classic xref table and its trailer at the lexer's position; undefined when there is none. */
  private readTable(lex: PdfLexer): { entries: Map<number, XrefEntry>; trailer: PdfDict; after: number } | undefined {
    if (lex.peekKeyword('xref')) {
      lex.pos += 4;
      const entries = new Map<number, XrefEntry>();
      for (;;) {
        const first = lex.tryUInt();
        if (first === undefined) break;
        const count = lex.tryUInt();
        if (count === undefined) fail('bad xref subsection header');
        if (count > 10_000_000) throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'xref subsection too large');
        for (let i = 0; i < count; i++) {
          const off = lex.tryUInt();
          const gen = lex.tryUInt();
          lex.skipWs();
          const kind = lex.buf[lex.pos];
          if (off === undefined || gen === undefined || (kind !== 0x6e && kind !== 0x66)) fail('bad xref entry');
          lex.pos++;
          if ((i & 1023) === 0) this.budget.checkTime();
          const num = first + i;
          if (entries.has(num)) fail('object listed twice in one xref section');
          entries.set(num, kind === 0x6e ? { type: 'n', offset: off, gen } : { type: 'f' });
        }
      }
      lex.expectKeyword('trailer');
      const trailer = lex.readObject();
      if (!(trailer instanceof PdfDict)) fail('trailer is not a dictionary');
      return { entries, trailer, after: lex.base + lex.pos };
    }
    return undefined;
  }

  private readXrefStream(offset: number): { entries: Map<number, XrefEntry>; dict: PdfDict; after: number } {
    const { obj, after } = this.parseAt(offset, (lex) => {
      const start = lex.pos;
      const num = lex.tryUInt();
      const gen = lex.tryUInt();
      if (num === undefined || gen === undefined) fail('xref offset does not point at an xref table or stream');
      lex.expectKeyword('obj');
      return { obj: lex.readObject(0, () => undefined, start), after: lex.base + lex.pos };
    });
    if (!(obj instanceof PdfStream) || nameOf(obj.dict.get('Type')) !== 'XRef') fail('not an xref stream');
    const dict = obj.dict;
    const w = dict.get('W');
    if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 8)) fail('bad /W in xref stream');
    const [w0, w1, w2] = w as [number, number, number];
    const size = dict.get('Size');
    if (typeof size !== 'number') fail('xref stream without /Size');
    const index = dict.get('Index') ?? [0, size];
    if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) fail('bad /Index');
    const data = this.decodeStream(obj);
    const rowLen = w0 + w1 + w2;
    if (rowLen === 0) fail('empty xref rows');
    const entries = new Map<number, XrefEntry>();
    let row = 0;
    const field = (p: number, n: number): number => {
      let v = 0;
      for (let i = 0; i < n; i++) v = v * 256 + data[p + i]!;
      return v;
    };
    for (let k = 0; k < index.length; k += 2) {
      const first = index[k] as number;
      const count = index[k + 1] as number;
      for (let i = 0; i < count; i++, row++) {
        const p = row * rowLen;
        if (p + rowLen > data.length) fail('xref stream shorter than its /Index');
        const t = w0 === 0 ? 1 : field(p, w0);
        const a = field(p + w0, w1);
        const b = field(p + w0 + w1, w2);
        const n = first + i;
        if (entries.has(n)) fail('object listed twice in one xref stream');
        if (t === 1) entries.set(n, { type: 'n', offset: a, gen: b });
        else if (t === 2) entries.set(n, { type: 'c', stream: a, index: b });
        else if (t === 0) entries.set(n, { type: 'f' });
      }
    }
    return { entries, dict, after };
  }

  private buildRevisions(newestFirst: XrefSection[]): void {
    // Linearized files: the first-page section's /Prev points forward to the
    // main section; both make up the same revision.
    const groups: XrefSection[][] = [];
    for (let i = 0; i < newestFirst.length; i++) {
      const s = newestFirst[i]!;
      const last = groups[groups.length - 1];
      if (last && last[last.length - 1]!.trailer.get('Prev') === s.offset && s.offset > last[last.length - 1]!.offset) last.push(s);
      else groups.push([s]);
    }
    groups.reverse();
    if (groups.length > this.budget.limits.maxRevisions) throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'too many revisions');
    let start = 0;
    let view = new Map<number, XrefEntry>();
    for (const [i, g] of groups.entries()) {
      const entries = new Map<number, XrefEntry>();
      // Within a group, the newest section (first in the chain) wins.
      for (const s of [...g].reverse()) for (const [n, e] of s.entries) entries.set(n, e);
      const end = Math.max(...g.map((s) => s.eofEnd));
      const eofAt = Math.max(...g.map((s) => s.eofAt));
      if (end <= start) fail('revisions out of order');
      view = new Map(view);
      for (const [n, e] of entries) view.set(n, e);
      this.views.push(view);
      this.revisions.push({ index: i, xrefKind: g[0]!.kind, entries, trailer: g[0]!.trailer, start, end, eofAt });
      start = end;
    }
  }

  /** Object numbers in use (not free) as of `revision` (default: newest). */
  objectNumbers(revision = this.revisions.length - 1): number[] {
    return [...(this.views[revision] ?? new Map<number, XrefEntry>()).entries()].filter(([, e]) => e.type !== 'f').map(([num]) => num);
  }

  entry(num: number, revision = this.revisions.length - 1): XrefEntry | undefined {
    return this.views[revision]?.get(num);
  }

  /** The object number `num` as it reads at `revision` (default: newest). */
  getObject(num: number, revision = this.revisions.length - 1): PdfObj {
    const e = this.entry(num, revision);
    if (!e || e.type === 'f') return null;
    if (e.type === 'n') return this.readAt(num, e.offset);
    return this.readCompressed(num, e.stream, e.index, revision);
  }

  resolve(o: PdfObj | undefined, revision = this.revisions.length - 1): PdfObj | undefined {
    let cur = o;
    for (let hops = 0; cur instanceof PdfRef; hops++) {
      if (hops > 32) fail('reference chain too long');
      cur = this.getObject(cur.num, revision);
    }
    return cur;
  }

  dictAt(o: PdfObj | undefined, revision?: number): PdfDict | undefined {
    const r = this.resolve(o, revision);
    if (r instanceof PdfStream) return r.dict;
    return r instanceof PdfDict ? r : undefined;
  }

  /** Offset of the object's definition in the file, when stored uncompressed. */
  offsetOf(num: number, revision?: number): number | undefined {
    const e = this.entry(num, revision);
    return e?.type === 'n' ? e.offset : undefined;
  }

  /** A stable identity for where an object's bytes live (to tell a re-listing from a redefinition). */
  locationKey(num: number, revision: number): string {
    const e = this.entry(num, revision);
    if (!e || e.type === 'f') return 'free';
    if (e.type === 'n') return `n:${e.offset}`;
    return `c:${this.locationKey(e.stream, revision)}:${e.index}`;
  }

  private readAt(num: number, offset: number): PdfObj {
    const key = `n:${offset}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    if (this.resolving.has(key)) fail('object depends on itself');
    if (offset >= this.source.size) fail(`object ${num} offset beyond end of file`);
    this.resolving.add(key);
    try {
      const lengthOf = (ref: PdfRef): number | undefined => {
        const v = this.resolve(ref);
        return typeof v === 'number' ? v : undefined;
      };
      const obj = this.parseAt(offset, (lex) => {
        const start = lex.pos;
        const n = lex.tryUInt();
        const g = lex.tryUInt();
        if (n !== num || g === undefined) fail(`xref entry for object ${num} does not point at it`);
        lex.expectKeyword('obj');
        const o = lex.readObject(0, lengthOf, start);
        if (!(o instanceof PdfStream) && !lex.peekKeyword('endobj')) fail(`object ${num} not closed by endobj`);
        return o;
      });
      this.cache.set(key, obj);
      return obj;
    } finally {
      this.resolving.delete(key);
    }
  }

  private readCompressed(num: number, streamNum: number, index: number, revision: number): PdfObj {
    const sKey = this.locationKey(streamNum, revision);
    const key = `c:${sKey}:${index}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    let os = this.objStreams.get(sKey);
    if (!os) {
      const guard = `objstm:${sKey}`;
      if (this.resolving.has(guard)) fail('object stream depends on itself');
      this.resolving.add(guard);
      try {
        const s = this.getObject(streamNum, revision);
        if (!(s instanceof PdfStream) || nameOf(s.dict.get('Type')) !== 'ObjStm') fail(`object ${num} is in ${streamNum}, which is not an object stream`);
        const data = this.decodeStream(s);
        const n = s.dict.get('N');
        const first = s.dict.get('First');
        if (typeof n !== 'number' || typeof first !== 'number' || n < 0 || n > 1_000_000 || first < 0 || first > data.length) fail('bad object stream header');
        const lex = new PdfLexer(data, 0, this.budget, Math.min(first, data.length));
        const offsets: number[] = [];
        const nums: number[] = [];
        for (let i = 0; i < n; i++) {
          const on = lex.tryUInt();
          const oo = lex.tryUInt();
          if (on === undefined || oo === undefined) fail('bad object stream index');
          nums.push(on);
          offsets.push(first + oo);
        }
        os = { data, offsets, nums };
        this.objStreams.set(sKey, os);
      } finally {
        this.resolving.delete(guard);
      }
    }
    const off = os.offsets[index];
    if (off === undefined || os.nums[index] !== num) fail(`object ${num} is not at index ${index} of its object stream`);
    const lex = new PdfLexer(os.data, off, this.budget);
    const obj = lex.readObject(0, undefined, off);
    this.cache.set(key, obj);
    return obj;
  }

  // The writer's conveniences: what it cannot find is a SigningError (PDF_MALFORMED).

  get rootRef(): PdfRef {
    const root = this.trailer.get('Root');
    if (!(root instanceof PdfRef)) throw malformed('the trailer has no /Root reference');
    return root;
  }

  /** The dictionary `v` resolves to (a stream's dictionary for a stream), or PDF_MALFORMED naming `what`. */
  requireDict(v: PdfObj | undefined, what: string): PdfDict {
    try {
      const d = this.dictAt(v);
      if (d) return d;
    } catch (e) {
      throw asSigningError(e);
    }
    throw malformed(`${what} is not a dictionary`);
  }

  catalog(): PdfDict {
    return this.requireDict(this.rootRef, 'the document catalog');
  }

  /** Page references in order (walks the page tree; leaves are not loaded beyond their dict). */
  pageRefs(): readonly PdfRef[] {
    // A reader's file never changes: the walk (every page of a long document) is done once.
    if (this.pages) return this.pages;
    const out: PdfRef[] = [];
    const seen = new Set<number>();
    const walk = (ref: PdfObj | undefined, depth: number): void => {
      if (!(ref instanceof PdfRef) || depth > this.budget.limits.maxDepth || seen.has(ref.num)) throw malformed('broken page tree');
      seen.add(ref.num);
      const node = this.requireDict(ref, 'a page tree node');
      const kids = this.resolve(node.get('Kids'));
      if (Array.isArray(kids) && nameOf(node.get('Type')) !== 'Page') {
        for (const k of kids) walk(k, depth + 1);
      } else out.push(ref);
    };
    try {
      walk(this.catalog().get('Pages'), 0);
    } catch (e) {
      throw asSigningError(e);
    }
    this.pages = out;
    return out;
  }

  /** Decoded stream data, with decompression bounded by the budget. */
  decodeStream(s: PdfStream): Buffer {
    let filters = this.resolve(s.dict.get('Filter'));
    let parms = this.resolve(s.dict.get('DecodeParms'));
    if (filters instanceof PdfName) { filters = [filters]; parms = [parms ?? null]; }
    if (filters === undefined || filters === null) return s.raw;
    if (!Array.isArray(filters)) fail('bad /Filter');
    let data = s.raw;
    for (const [i, f] of filters.entries()) {
      const name = nameOf(f);
      if (name !== 'FlateDecode' && name !== 'Fl') fail(`unsupported filter ${name ?? '?'} on a structural stream`);
      const allowance = this.budget.inflateAllowance();
      try {
        data = inflateSync(data, {
          maxOutputLength: Math.max(1, allowance),
          ...(this.options.lenientFlate ? { finishFlush: zlib.Z_SYNC_FLUSH } : {}),
        });
      } catch (e) {
        if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new PdfSyntaxError('PDF_LIMIT_EXCEEDED', 'a stream decompresses beyond the size limit (decompression bomb)');
        }
        fail('corrupt compressed stream');
      }
      this.budget.addInflated(data.length);
      const p = Array.isArray(parms) ? parms[i] : parms;
      const pd = this.dictAt(p ?? undefined);
      if (pd) data = undoPredictor(data, pd);
    }
    return data;
  }
}

function undoPredictor(data: Buffer, parms: PdfDict): Buffer {
  const predictor = parms.get('Predictor');
  if (predictor === undefined || predictor === 1) return data;
  if (typeof predictor !== 'number' || predictor < 10) fail('unsupported predictor');
  const colors = typeof parms.get('Colors') === 'number' ? (parms.get('Colors') as number) : 1;
  const bpc = typeof parms.get('BitsPerComponent') === 'number' ? (parms.get('BitsPerComponent') as number) : 8;
  const columns = typeof parms.get('Columns') === 'number' ? (parms.get('Columns') as number) : 1;
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (rowLen <= 0 || rowLen > 1 << 20) fail('bad predictor columns');
  return applyPngPredictor(data, columns, colors, bpc);
}

/** Undoes PNG row predictors (Predictor >= 10). */
function applyPngPredictor(data: Buffer, columns: number, colors: number, bpc: number): Buffer {
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((columns * colors * bpc) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLen + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLen + i - bpp]! : 0;
      let v: number;
      switch (type) {
        case 0: v = raw; break;
        case 1: v = raw + left; break;
        case 2: v = raw + up; break;
        case 3: v = raw + ((left + up) >> 1); break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
          v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default: fail(`unknown PNG predictor ${type}`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

const malformed = (why: string): SigningError => new SigningError('PDF_MALFORMED', `The PDF is malformed: ${why}.`);

/** The writer's view of a reader error: the file cannot be signed. */
export function asSigningError(e: unknown): unknown {
  if (e instanceof PdfSyntaxError) {
    if (e.code === 'PDF_ENCRYPTED') return new SigningError('PDF_ENCRYPTED', 'The PDF is encrypted; remove the password protection before signing.');
    return malformed(e.message);
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) return malformed('its structure is too deep to read');
  return e;
}

/** Random access to a PDF's bytes without holding the file in memory. */
export interface PdfSource {
  readonly size: number;
  read(offset: number, length: number): Buffer;
  close(): void;
}

export class BufferSource implements PdfSource {
  constructor(readonly bytes: Buffer) {}
  get size(): number {
    return this.bytes.length;
  }
  read(offset: number, length: number): Buffer {
    return this.bytes.subarray(offset, Math.min(offset + length, this.bytes.length));
  }
  close(): void {}
}

export class FileSource implements PdfSource {
  private readonly fd: number;
  readonly size: number;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }
  read(offset: number, length: number): Buffer {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const buf = Buffer.allocUnsafe(n);
    let done = 0;
    while (done < n) {
      const got = readSync(this.fd, buf, done, n - done, offset + done);
      if (got === 0) break;
      done += got;
    }
    return buf.subarray(0, done);
  }
  close(): void {
    closeSync(this.fd);
  }
}

// The incremental writer (pyHanko's IncrementalPdfFileWriter): a revision of
// new and changed objects with its xref section and trailer, and the growing
// file it is appended to, in memory or on disk, never loaded whole.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants as fsConstants, copyFileSync, fsync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { BufferSource, FileSource, type PdfDocument, type PdfSource } from './document.js';
import { PdfDict, PdfName, PdfRef, PdfStream, serialize, type PdfObj } from './objects.js';

/** Where a placeholder ended up in the revision bytes (offsets relative to the revision start). */
interface Marker {
  start: number;
  end: number;
}

export interface BuiltRevision {
  bytes: Buffer;
  /** Offsets of every `markerText` occurrence registered through `mark`. */
  markers: Map<string, Marker>;
}

/**
 * One appended revision: new and changed objects, an xref section of the same
 * kind as the previous one, and a trailer with /Prev. The caller writes these
 * bytes after the untouched original.
 */
export class IncrementalRevision {
  private readonly objects = new Map<number, { gen: number; value: PdfObj }>();
  private nextNum: number;
  private readonly markTexts = new Map<string, string>();

  constructor(
    private readonly doc: PdfDocument,
    /** Offset at which these bytes will start (the current end of file). */
    private readonly baseOffset: number,
  ) {
    this.nextNum = doc.size;
  }

  allocate(): PdfRef {
    return new PdfRef(this.nextNum++, 0);
  }

  /** Adds a new object and returns its reference. */
  add(value: PdfObj): PdfRef {
    const ref = this.allocate();
    this.objects.set(ref.num, { gen: 0, value });
    return ref;
  }

  /** Sets (or replaces) the object behind `ref`. */
  set(ref: PdfRef, value: PdfObj): void {
    this.objects.set(ref.num, { gen: ref.gen, value });
  }

  /** Registers a unique text to locate in the output (e.g. the /Contents placeholder). */
  mark(id: string, text: string): void {
    this.markTexts.set(id, text);
  }

  build(): BuiltRevision {
    const parts: Buffer[] = [];
    let length = 0;
    const markers = new Map<string, Marker>();
    const push = (b: Buffer): void => {
      parts.push(b);
      length += b.length;
    };
    const pushText = (s: string): void => {
      for (const [id, t] of this.markTexts) {
        const i = s.indexOf(t);
        if (i >= 0) markers.set(id, { start: length + i, end: length + i + t.length });
      }
      push(Buffer.from(s, 'latin1'));
    };
    if (!this.doc.endsWithNewline()) push(Buffer.from('\n'));
    const offsets = new Map<number, number>();
    const writeObject = (num: number, gen: number, value: PdfObj): void => {
      offsets.set(num, this.baseOffset + length);
      if (value instanceof PdfStream) {
        const d = value.dict.clone().set('Length', value.raw.length);
        pushText(`${num} ${gen} obj\n${serialize(d)}\nstream\n`);
        push(value.raw);
        pushText('\nendstream\nendobj\n');
      } else {
        pushText(`${num} ${gen} obj\n${serialize(value)}\nendobj\n`);
      }
    };
    for (const [num, o] of [...this.objects].sort((a, b) => a[0] - b[0])) writeObject(num, o.gen, o.value);

    const prev = this.doc.startxref;
    const old = this.doc.trailer;
    const trailer = new PdfDict();
    for (const k of ['Root', 'Info', 'ID']) {
      const v = old.get(k);
      if (v !== undefined) trailer.set(k, v);
    }
    trailer.set('Prev', prev);

    if (this.doc.xrefKind === 'table') {
      const size = Math.max(this.doc.size, this.nextNum);
      trailer.set('Size', size);
      let xref = 'xref\n';
      for (const [start, run] of runs([...offsets.keys()])) {
        xref += `${start} ${run.length}\n`;
        for (const num of run) {
          xref += `${String(offsets.get(num)).padStart(10, '0')} ${String(this.objects.get(num)!.gen).padStart(5, '0')} n\r\n`;
        }
      }
      const xrefAt = this.baseOffset + length;
      pushText(`${xref}trailer\n${serialize(trailer)}\nstartxref\n${xrefAt}\n%%EOF\n`);
    } else {
      const self = this.allocate();
      const xrefAt = this.baseOffset + length;
      offsets.set(self.num, xrefAt);
      const gens = new Map<number, number>([...this.objects].map(([n, o]) => [n, o.gen]));
      gens.set(self.num, 0);
      const nums = [...offsets.keys()].sort((a, b) => a - b);
      const maxOffset = Math.max(...offsets.values());
      const w1 = maxOffset > 0xffffffff ? 6 : 4;
      const row = 1 + w1 + 2;
      const data = Buffer.alloc(nums.length * row);
      const index: number[] = [];
      let p = 0;
      for (const [start, run] of runs(nums)) {
        index.push(start, run.length);
        for (const num of run) {
          data[p] = 1;
          data.writeUIntBE(offsets.get(num)!, p + 1, w1);
          data.writeUInt16BE(gens.get(num)!, p + 1 + w1);
          p += row;
        }
      }
      const d = trailer
        .clone()
        .set('Type', new PdfName('XRef'))
        .set('Size', Math.max(this.doc.size, this.nextNum))
        .set('W', [1, w1, 2])
        .set('Index', index);
      writeObject(self.num, 0, new PdfStream(d, data));
      pushText(`startxref\n${xrefAt}\n%%EOF\n`);
    }
    return { bytes: Buffer.concat(parts, length), markers };
  }
}

function runs(nums: number[]): [number, number[]][] {
  const sorted = [...nums].sort((a, b) => a - b);
  const out: [number, number[]][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[1][last[1].length - 1] === n - 1) last[1].push(n);
    else out.push([n, [n]]);
  }
  return out;
}

/**
 * The document being extended: the original bytes plus each appended
 * revision. It keeps a running SHA-256 over everything written, so a later
 * byte range (a document timestamp) needs no second pass over the file.
 */
export interface GrowingPdf {
  readonly size: number;
  /** SHA-256 state over all bytes so far; copy it, never finalise it. */
  readonly runningHash: Hash;
  source(): PdfSource;
  append(bytes: Buffer): void;
}

export class InMemoryPdf implements GrowingPdf {
  private parts: Buffer[];
  size: number;
  readonly runningHash: Hash;
  private cached?: Buffer;
  constructor(original: Buffer) {
    this.parts = [original];
    this.size = original.length;
    this.runningHash = createHash('sha256').update(original);
  }
  source(): PdfSource {
    if (!this.cached) this.cached = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [this.cached];
    return new BufferSource(this.cached);
  }
  append(bytes: Buffer): void {
    this.parts.push(bytes);
    this.size += bytes.length;
    this.runningHash.update(bytes);
    this.cached = undefined;
  }
  bytes(): Buffer {
    return this.source().read(0, this.size);
  }
}

/**
 * Writes to `<out>.partial-<pid>` and renames on commit, so a failure never
 * leaves a partial output file.
 */
export class FilePdf implements GrowingPdf {
  readonly tempPath: string;
  private fd = -1;
  size = 0;
  readonly runningHash = createHash('sha256');
  /** The copied original's flush to disk, started at once and awaited by `commit`. */
  private flushing: Promise<void> = Promise.resolve();
  private constructor(readonly outPath: string) {
    this.tempPath = `${outPath}.partial-${process.pid}-${Date.now()}`;
  }

  /**
   * The kernel copies the original (copy_file_range: no pass through this
   * process) and its flush to disk starts in the background, while this thread
   * hashes the copy as it will be signed: read back from the page cache, so the
   * hash covers the output's own bytes even if the input changes meanwhile. The
   * copy's write-back then overlaps the hashing and signing instead of
   * following them in `commit`.
   */
  static copyOf(inPath: string, outPath: string): FilePdf {
    const f = new FilePdf(outPath);
    copyFileSync(inPath, f.tempPath, fsConstants.COPYFILE_EXCL);
    try {
      f.fd = openSync(f.tempPath, 'r+');
      const fd = f.fd;
      f.flushing = new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
      // A failed flush is reported by commit; until then nobody is waiting for it.
      f.flushing.catch(() => undefined);
      const chunk = Buffer.allocUnsafe(1 << 20);
      for (let n = readSync(fd, chunk, 0, chunk.length, 0); n > 0; n = readSync(fd, chunk, 0, chunk.length, f.size)) {
        f.runningHash.update(chunk.subarray(0, n));
        f.size += n;
      }
    } catch (e) {
      f.abort();
      throw e;
    }
    return f;
  }

  source(): PdfSource {
    return new FileSource(this.tempPath);
  }

  append(bytes: Buffer): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    this.size += bytes.length;
    this.runningHash.update(bytes);
  }

  async commit(): Promise<void> {
    await this.flushing;
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.tempPath, this.outPath);
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    rmSync(this.tempPath, { force: true });
  }
}

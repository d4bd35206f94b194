import { createHash, type Hash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { BufferSource, FileSource, type PdfSource } from './source.js';

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
 * leaves a partial output file. The original is copied by streaming while it is
 * hashed (one read pass).
 */
export class FilePdf implements GrowingPdf {
  readonly tempPath: string;
  private fd: number;
  size = 0;
  readonly runningHash = createHash('sha256');
  private constructor(readonly outPath: string) {
    this.tempPath = `${outPath}.partial-${process.pid}-${Date.now()}`;
    this.fd = openSync(this.tempPath, 'w+', 0o644);
  }

  static copyOf(inPath: string, outPath: string): FilePdf {
    // Synchronous reads into one reused buffer: no per-chunk allocation or event-loop
    // hops, so the copy costs little more than the hash it carries.
    const input = openSync(inPath, 'r');
    let f: FilePdf | undefined;
    try {
      f = new FilePdf(outPath);
      const chunk = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const n = readSync(input, chunk, 0, chunk.length, null);
        if (n === 0) break;
        f.append(chunk.subarray(0, n));
      }
    } catch (e) {
      f?.abort();
      throw e;
    } finally {
      closeSync(input);
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

  commit(): void {
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

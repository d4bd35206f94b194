import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

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

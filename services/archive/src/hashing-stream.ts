import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { ArchiveError } from './errors.js';

/**
 * Passes bytes through while hashing them. With `expectedSha256` it holds the
 * last chunk back until the end: a mismatch errors the stream before the
 * final byte reaches storage, so the upload is aborted instead of a wrong
 * object landing in a bucket where it could never be deleted.
 */
export class Sha256Stream extends Transform {
  size = 0;
  private readonly hash: Hash = createHash('sha256');
  private held: Buffer | undefined;
  private digestHex: string | undefined;

  constructor(private readonly expectedSha256?: string) { super(); }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.expectedSha256 === undefined) { done(null, chunk); return; }
    const previous = this.held;
    this.held = chunk;
    done(null, previous);
  }

  override _flush(done: TransformCallback): void {
    this.digestHex = this.hash.digest('hex');
    if (this.expectedSha256 !== undefined && this.digestHex !== this.expectedSha256) {
      done(new ArchiveError('ARCHIVE_HASH_MISMATCH', `Content hashes to ${this.digestHex}, expected ${this.expectedSha256}.`, 'sha256'));
      return;
    }
    done(null, this.held);
  }

  /** Hex SHA-256 of everything that passed; only after the stream ended. */
  get sha256(): string {
    if (this.digestHex === undefined) throw new Error('Sha256Stream: read sha256 after the stream ended');
    return this.digestHex;
  }
}

export function asReadable(body: Readable | Buffer | Uint8Array): Readable {
  return body instanceof Readable ? body : Readable.from([Buffer.from(body)]);
}

/** Pipes `source` into a hashing stream, forwarding a source failure so the consumer sees it. */
export function hashing(source: Readable, expectedSha256?: string): Sha256Stream {
  const gate = new Sha256Stream(expectedSha256);
  source.on('error', (error) => gate.destroy(error));
  source.pipe(gate);
  return gate;
}

/** Reads a whole stream only to hash it (integrity scan, raw-read baseline). */
export async function sha256OfStream(source: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

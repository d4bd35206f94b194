import type { Request } from 'express';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { EvidenceMediaType } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

/**
 * The uploaded PDF as a stream: the raw body for `application/pdf` (or
 * octet-stream), or the first file part of `multipart/form-data` (what a
 * browser form sends). Content is judged later by the PDF gate, not here.
 */
export async function fileBody(req: Request): Promise<Readable> {
  return (await namedFileBody(req, ['application/pdf'])).stream;
}

/** Refuses an upload whose declared Content-Length is already over the limit, before a byte is read. */
export function assertDeclaredSize(req: Request, limitBytes: number): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limitBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', 413, `The file is larger than ${Math.round(limitBytes / 1048576)} MB.`, { field: 'file' });
  }
}

/**
 * An uploaded file with the name its sender gave it: the raw body (any of the
 * `rawTypes`, or octet-stream; the name from `?name=`) or the first file part
 * of `multipart/form-data` (its filename). The content is judged by the caller.
 */
export function namedFileBody(req: Request, rawTypes: readonly string[]): Promise<{ stream: Readable; filename: string | null }> {
  const type = (req.headers['content-type'] ?? '').toLowerCase().split(';')[0]!.trim();
  if (type === 'application/octet-stream' || rawTypes.includes(type)) return Promise.resolve({ stream: req, filename: null });
  if (type !== 'multipart/form-data') {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 415, `Send the file as ${rawTypes.join(', ')} or multipart/form-data (field "file").`, { field: 'file' }));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1 } });
    } catch {
      reject(new AppError('VALIDATION_FAILED', 400, 'Malformed multipart body.', { field: 'file' }));
      return;
    }
    let found = false;
    parser.on('file', (_name, stream, info) => { found = true; resolve({ stream, filename: info.filename || null }); });
    parser.on('error', () => reject(new AppError('VALIDATION_FAILED', 400, 'Malformed multipart body.', { field: 'file' })));
    parser.on('close', () => { if (!found) reject(new AppError('VALIDATION_FAILED', 400, 'No file part in the form.', { field: 'file' })); });
    req.pipe(parser);
  });
}

/**
 * The whole body, at most `limitBytes`; past the limit the rest is drained
 * (so the client can read the answer) and `tooLarge()` is thrown.
 */
export async function readLimited(body: Readable, limitBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      body.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * What an uploaded attachment is, by its first bytes, never by its name or
 * declared type. A PDF's header may follow up to 1 KB of leading bytes (ISO
 * 32000 readers accept that, and scanners write it).
 */
export function mediaTypeOf(bytes: Buffer): EvidenceMediaType | undefined {
  if (/%PDF-[12]\.\d/.test(bytes.subarray(0, 1024).toString('latin1'))) return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(pngSignature)) return 'image/png';
  return undefined;
}

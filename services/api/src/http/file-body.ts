import type { Request } from 'express';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError } from '../errors/problem.js';

/**
 * The uploaded file as a stream: the raw body for `application/pdf` (or
 * octet-stream), or the first file part of `multipart/form-data` (what a
 * browser form sends). Content is judged later by the PDF gate, not here.
 */
export function fileBody(req: Request): Promise<Readable> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/pdf') || type.startsWith('application/octet-stream')) return Promise.resolve(req);
  if (!type.startsWith('multipart/form-data')) {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the PDF as application/pdf or multipart/form-data (field "file").', { field: 'file' }));
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
    parser.on('file', (_name, stream) => { found = true; resolve(stream); });
    parser.on('error', () => reject(new AppError('VALIDATION_FAILED', 400, 'Malformed multipart body.', { field: 'file' })));
    parser.on('close', () => { if (!found) reject(new AppError('VALIDATION_FAILED', 400, 'No file part in the form.', { field: 'file' })); });
    req.pipe(parser);
  });
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

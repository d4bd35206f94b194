import type { Response } from 'express';
import type { Readable } from 'node:stream';

/**
 * Streams a stored PDF as the answer, with its recorded hash in
 * X-Content-SHA256 so a client can check what it received. Never kept by a
 * browser or proxy cache (no-store): the bytes may be classified.
 */
export async function sendPdf(res: Response, stream: Readable, file: { size: number | string; sha256: string; filename: string }): Promise<void> {
  res.status(200).setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('X-Content-SHA256', file.sha256);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Disposition', `inline; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`);
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    res.on('finish', resolve);
    res.on('close', resolve);
    stream.pipe(res);
  });
}

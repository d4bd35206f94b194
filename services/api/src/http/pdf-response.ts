import type { Response } from 'express';
import type { Readable } from 'node:stream';

/**
 * Streams a stored PDF as the answer, with its recorded hash in
 * X-Content-SHA256 so a client can check what it received. Never kept by a
 * browser or proxy cache (no-store): the bytes may be classified.
 */
export async function sendPdf(res: Response, stream: Readable, file: { size: number | string; sha256: string; filename: string }): Promise<void> {
  await sendFile(res, stream, { size: file.size, sha256: file.sha256, name: file.filename, contentType: 'application/pdf', disposition: 'inline' });
}

/**
 * Any stored file the same way (bukti dukung: PDF or image), offered under
 * its own name: an ASCII fallback and the UTF-8 name (RFC 6266).
 */
export async function sendFile(
  res: Response, stream: Readable, file: { size: number | string; sha256: string; name: string; contentType: string; disposition: 'inline' | 'attachment' },
): Promise<void> {
  res.status(200).setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('X-Content-SHA256', file.sha256);
  res.setHeader('Cache-Control', 'no-store');
  const ascii = file.name.replace(/[^\w.-]/g, '_');
  res.setHeader('Content-Disposition', `${file.disposition}; filename="${ascii}"${ascii === file.name ? '' : `; filename*=UTF-8''${encodeURIComponent(file.name)}`}`);
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    res.on('finish', resolve);
    res.on('close', resolve);
    stream.pipe(res);
  });
}

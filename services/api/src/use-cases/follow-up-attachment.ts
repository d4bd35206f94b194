// The attachment of a tindak lanjut (the result: a report, minutes, a photo of
// the event): a PDF or an image, uploaded by the branch's recipient before
// they close it, stored content-addressed in MinIO through the object store;
// the same kinds and size limit as bukti dukung (the rulebook's).
// The follow-up names it; the DispositionWorkflow records it on the branch.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  dispositionBranchOf, dispositionFollowUpAttachment, EVIDENCE_MAX_BYTES, evidenceMediaTypes,
  type DomainEntityManager as EntityManager, type EvidenceMediaType, type Viewer,
} from '@naskah/domain';
import { AppError, notFound } from '../errors/problem.js';
import { mediaTypeOf, readLimited } from '../http/file-body.js';
import type { ObjectStore } from '../storage/object-store.js';

/** The key's extension per kind (the key carries it, so a download names its type without a lookup). */
const extension: Record<EvidenceMediaType, 'pdf' | 'png' | 'jpg'> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' };

/** The object key pattern a follow-up may name: only what this upload stored. */
export const attachmentKeyPattern = /^disposition-attachments\/[0-9a-f]{64}\.(pdf|png|jpg)$/;

const mediaTypeOfKey = (key: string): string =>
  evidenceMediaTypes.find((type) => key.endsWith(`.${extension[type]}`)) ?? 'application/octet-stream';

/** The branch's recipient (or who acts for their position) stores the attachment; answered with the key the follow-up names. */
export async function attachFollowUpFile(
  em: EntityManager, store: ObjectStore, viewer: Viewer, dispositionId: number, body: Readable, limitBytes: number,
): Promise<{ attachment: string; sha256: string; size: number; mediaType: string }> {
  const row = await dispositionBranchOf(em, dispositionId);
  if (!row || !viewer.positionIds.includes(row.toPositionId)) {
    body.resume();
    throw row ? new AppError('FORBIDDEN', 403, 'Hanya penerima disposisi yang melampirkan hasil tindak lanjutnya.') : notFound();
  }
  const limit = Math.min(limitBytes, EVIDENCE_MAX_BYTES);
  const bytes = await readLimited(body, limit, () =>
    new AppError('PAYLOAD_TOO_LARGE', 413, `Lampiran tindak lanjut lebih dari ${Math.round(limit / 1048576)} MB.`, { field: 'file' }));
  const mediaType = mediaTypeOf(bytes);
  if (!mediaType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Lampiran tindak lanjut berupa PDF, PNG atau JPEG.', { field: 'file' });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Content-addressed: the same file twice is one object, and the key carries its hash.
  const attachment = `disposition-attachments/${sha256}.${extension[mediaType]}`;
  await store.put(attachment, bytes, mediaType);
  return { attachment, sha256, size: bytes.length, mediaType };
}

/** A follow-up names a stored attachment: it must be there (an unknown key is the caller's mistake, 422). */
export async function checkAttachmentStored(store: ObjectStore, key: string): Promise<string> {
  const stream = await store.get(key).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'NoSuchKey' || code === 'NotFound') return undefined;
    throw error;
  });
  if (!stream) throw new AppError('REFERENCE_NOT_FOUND', 422, 'Lampiran tindak lanjut belum diunggah.', { field: 'attachment' });
  stream.destroy();
  return key.slice(key.indexOf('/') + 1, key.indexOf('.'));
}

/** The attachment of a branch's tindak lanjut, for whoever may see the disposition (the route asked the access policy). */
export async function followUpAttachmentFor(em: EntityManager, store: ObjectStore, dispositionId: number): Promise<{ stream: Readable; mediaType: string; sha256: string; key: string }> {
  const key = await dispositionFollowUpAttachment(em, dispositionId);
  if (!key) throw new AppError('NOT_FOUND', 404, `Disposisi ${dispositionId} has no follow-up attachment.`, { field: 'attachment' });
  return { stream: await store.get(key), mediaType: mediaTypeOfKey(key), sha256: key.slice(key.indexOf('/') + 1, key.indexOf('.')), key };
}

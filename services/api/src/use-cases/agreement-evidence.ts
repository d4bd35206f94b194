// Bukti dukung as files: the official uploads the evidence of a quarter's
// realisation (a PDF, a photo, a screenshot) before reporting; the bytes go to
// MinIO under the agreement, addressed by their SHA-256, and the report then
// names the file by that hash. Only the reference (object key, sha256, name,
// media type, size) reaches the workflow and the database, never the bytes.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  agreementEvidenceFile, EVIDENCE_MAX_BYTES, evidenceMediaTypes, mayReportRealisation,
  type DomainEntityManager as EntityManager, type EvidenceFileRef, type EvidenceMediaType, type Viewer,
} from '@naskah/domain';
import { AppError, notFound } from '../errors/problem.js';
import { mediaTypeOf, readLimited } from '../http/file-body.js';
import type { ObjectStore } from '../storage/object-store.js';

/** Where an agreement's evidence file lives: one object per content, under its agreement. */
function evidenceKey(agreementId: number, sha256: string): string {
  return `bukti-dukung/agreement-${agreementId}/${sha256}`;
}

const extension: Record<EvidenceMediaType, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** The name shown and offered on download: no path, no control characters, at most 200 characters. */
function displayName(given: string | null | undefined, type: EvidenceMediaType): string {
  // eslint-disable-next-line no-control-regex
  const base = (given ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return base || `bukti-dukung.${extension[type]}`;
}

const tooLarge = () => new AppError('EVIDENCE_TOO_LARGE', 413, `Bukti dukung paling besar ${EVIDENCE_MAX_BYTES / 1048576} MB.`, { field: 'file' });

export interface UploadedEvidence { sha256: string; name: string; contentType: EvidenceMediaType; size: number }

/**
 * Stores one bukti dukung file of the agreement for whoever may report its
 * realisation. The same content twice is one object; nothing is recorded until
 * a report names it.
 */
export async function uploadEvidence(
  em: EntityManager, store: ObjectStore, viewer: Viewer, agreementId: number, body: Readable, declaredSize: number, name: string | null,
): Promise<UploadedEvidence> {
  if (!(await mayReportRealisation(em, viewer, agreementId))) {
    body.resume();
    throw new AppError('FORBIDDEN', 403, 'Bukti dukung diunggah oleh pihak perjanjian atau sekretariat instansinya.');
  }
  if (declaredSize > EVIDENCE_MAX_BYTES) {
    body.resume();
    throw tooLarge();
  }
  const bytes = await readLimited(body, EVIDENCE_MAX_BYTES, tooLarge);
  if (bytes.length === 0) throw new AppError('EVIDENCE_MISSING', 422, 'Berkas bukti dukung kosong atau tidak dikirim.', { field: 'file' });
  const contentType = mediaTypeOf(bytes);
  if (!contentType) {
    throw new AppError('EVIDENCE_TYPE_UNSUPPORTED', 415, `Bukti dukung berupa ${evidenceMediaTypes.join(', ')} (dinilai dari isinya).`, { field: 'file' });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = evidenceKey(agreementId, sha256);
  if (!(await store.stat(key))) await store.put(key, bytes, contentType);
  return { sha256, name: displayName(name, contentType), contentType, size: bytes.length };
}

/**
 * The reference a realisation carries for the file it names: the object must
 * have been uploaded to this agreement (its key is the hash); media type and
 * size are read from the store, not taken from the request.
 */
export async function evidenceReference(store: ObjectStore, agreementId: number, given: { sha256: string; name: string }, field: string): Promise<EvidenceFileRef> {
  const key = evidenceKey(agreementId, given.sha256);
  const stored = await store.stat(key);
  const contentType = evidenceMediaTypes.find((t) => t === stored?.contentType);
  if (!stored || !contentType) {
    throw new AppError('EVIDENCE_NOT_FOUND', 422, `Bukti dukung ${given.sha256} belum diunggah untuk perjanjian ini.`, { field });
  }
  return { objectKey: key, sha256: given.sha256, name: displayName(given.name, contentType), contentType, size: stored.size };
}

/** A file a report of the agreement carries; the route has asked the policy whether the viewer sees the agreement. */
export async function evidenceFileFor(em: EntityManager, agreementId: number, sha256: string): Promise<EvidenceFileRef> {
  const file = await agreementEvidenceFile(em, agreementId, sha256);
  if (!file) throw notFound();
  return file;
}

import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { documentOwnership, documentStatus, lockDocument, recordDocumentVersion, type Viewer } from '@naskah/domain';
import type { NaskahWorkflows } from '@naskah/workflows/client';
import { checkPdfStructure, isSigningError } from '@naskah/signing';
import { AppError, notFound } from '../errors/problem.js';
import type { ObjectStore } from '../storage/object-store.js';
import { assertStillEditable } from './editable-draft.js';

/**
 * Checks a PDF by content while it streams: `%PDF-1.x` within the first
 * 1024 bytes (the spec allows leading junk), `startxref` and `%%EOF` in the
 * last 2 KiB, and a size limit that aborts the stream as soon as it is passed.
 */
class PdfGate extends Transform {
  size = 0;
  /** The whole file (at most limitBytes), for the structure check at the end. */
  private readonly chunks: Buffer[] = [];
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  private headChecked = false;
  constructor(private readonly limitBytes: number) { super(); }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limitBytes) {
      done(new AppError('PAYLOAD_TOO_LARGE', 413, `The file is larger than ${Math.round(this.limitBytes / 1048576)} MB.`, { field: 'file' }));
      return;
    }
    if (!this.headChecked) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length >= 1024) {
        const error = this.checkHead();
        if (error) { done(error); return; }
      }
    }
    this.chunks.push(chunk);
    this.tail = Buffer.concat([this.tail, chunk]);
    if (this.tail.length > 4096) this.tail = this.tail.subarray(this.tail.length - 2048);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const headError = this.headChecked ? undefined : this.checkHead();
    if (headError) { done(headError); return; }
    const end = this.tail.subarray(Math.max(0, this.tail.length - 2048)).toString('latin1');
    if (!end.includes('%%EOF') || !end.includes('startxref')) {
      done(new AppError('PDF_MALFORMED', 422, 'The PDF is truncated or malformed: no startxref / %%EOF trailer.', { field: 'file' }));
      return;
    }
    done(structureError(Buffer.concat(this.chunks, this.size)));
  }

  private checkHead(): AppError | undefined {
    this.headChecked = true;
    if (!/%PDF-[12]\.\d/.test(this.head.subarray(0, 1024).toString('latin1'))) {
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Only PDF files are accepted (checked by content, not by name).', { field: 'file' });
    }
    return undefined;
  }
}

/**
 * Parses the whole file with the verifier's bounded reader (depth, object
 * count, sizes, time): a file that would break numbering, stamping or signing
 * later is refused now, while the uploader is there to fix it.
 */
function structureError(bytes: Buffer): Error | null {
  try {
    checkPdfStructure(bytes);
    return null;
  } catch (error) {
    if (isSigningError(error, 'PDF_MALFORMED') || isSigningError(error, 'PDF_ENCRYPTED')) {
      return new AppError(error.code, 422, error.message, { field: 'file', cause: error });
    }
    // Anything else is ours (a 500), handed to the stream rather than thrown out of _flush.
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The reasons a drafter may give an uploaded version; the server's own are in `documentVersionReasons`. */
export const versionReasons = ['draft', 'revision', 'attachment'] as const;

/**
 * Streams an upload through the PdfGate into the version store,
 * content-addressed (`sha256/<hash>.pdf`). When the gate (or the client)
 * fails, nothing is stored and the gate's error is thrown: the caller
 * records nothing. Same content twice is one object.
 */
export async function storeCheckedVersion(store: ObjectStore, body: Readable, limitBytes: number): Promise<{ key: string; size: number; sha256: string; versionId: string | null }> {
  const gate = new PdfGate(limitBytes);
  const rejected = new Promise<never>((_, reject) => {
    gate.once('error', reject);
    body.once('error', reject);
  });
  const putting = store.putVersion(body.pipe(gate));
  putting.catch(() => undefined);
  try {
    return await Promise.race([putting, rejected]);
  } catch (error) {
    body.unpipe(gate);
    // Let the client finish sending so it can read the answer.
    body.resume();
    throw error;
  }
}

/**
 * Stores a new immutable version of a draft's PDF. The bytes stream through
 * the PdfGate into the version store; the row (sha256, size, key) and its audit
 * event are written only when the whole file passed, in one transaction.
 */
export async function uploadDocumentVersion(
  em: EntityManager, workflows: NaskahWorkflows, store: ObjectStore, viewer: Viewer, documentId: number, body: Readable, limitBytes: number,
  reason: (typeof versionReasons)[number],
): Promise<{ no: number; sha256: string; size: number }> {
  const document = await documentOwnership(em, documentId);
  if (!document) throw notFound();
  if (document.drafter_id !== viewer.personId) throw new AppError('FORBIDDEN', 403, 'Only the drafter uploads konsep versions.');
  try {
    await assertStillEditable(workflows, documentId, document.status);
  } catch (error) {
    body.resume();
    throw error;
  }
  const stored = await storeCheckedVersion(store, body, limitBytes);
  return em.transactional(async (tx) => {
    // Submitted or withdrawn while the file streamed in: checked again under the lock submitting takes.
    await lockDocument(tx, documentId);
    await assertStillEditable(workflows, documentId, (await documentStatus(tx, documentId))!);
    const { no } = await recordDocumentVersion(tx, {
      documentId, agencyId: document.agency_id, objectKey: stored.key, sha256: stored.sha256, size: stored.size, reason,
      authorId: viewer.personId, actor: { id: viewer.personId, name: viewer.name },
    });
    return { no, sha256: stored.sha256, size: stored.size };
  });
}

import type { Readable } from 'node:stream';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { deleteLampiran, insertLampiran, lampiranCount, lampiranOf, lockDocument, recordAudit, type Viewer } from '@naskah/domain';
import type { NaskahWorkflows } from '@naskah/workflows/client';
import { AppError } from '../errors/problem.js';
import type { ObjectStore } from '../storage/object-store.js';
import { editableDraft } from './editable-draft.js';
import { storeCheckedVersion } from './upload-document-version.js';

/** More lampiran than this is a bundle, not a letter: it belongs in the archive, not appended to one PDF. */
const maxLampiranPerDocument = 20;

export interface LampiranRow { no: number; fileName: string; objectKey: string; sha256: string; size: number; createdAt: string }

export async function listLampiran(em: EntityManager, documentId: number): Promise<LampiranRow[]> {
  const rows = await lampiranOf(em, documentId);
  return rows.map((r) => ({ no: r.no, fileName: r.file_name, objectKey: r.object_key, sha256: r.sha256, size: Number(r.size), createdAt: new Date(r.created_at).toISOString() }));
}

/**
 * Adds a lampiran PDF: checked by content while it streams into the version
 * store (the same gate as version uploads), recorded only once it passed.
 */
export async function addLampiran(
  em: EntityManager, workflows: NaskahWorkflows, store: ObjectStore, viewer: Viewer, documentId: number, body: Readable, limitBytes: number, fileName: string | undefined,
): Promise<{ no: number; fileName: string; sha256: string; size: number }> {
  const document = await editableDraft(em, workflows, viewer, documentId, 'adds lampiran');
  if (await lampiranCount(em, documentId) >= maxLampiranPerDocument) {
    body.resume();
    throw new AppError('LAMPIRAN_LIMIT', 409, `A document carries at most ${maxLampiranPerDocument} lampiran.`, { field: 'file' });
  }
  // Content-addressed like versions: the same PDF attached twice is one object.
  const stored = await storeCheckedVersion(store, body, limitBytes);
  return em.transactional(async (tx) => {
    await lockDocument(tx, documentId);
    const { no, file_name: name } = await insertLampiran(tx, {
      documentId, fileName: fileName ?? null, objectKey: stored.key, sha256: stored.sha256, size: stored.size, authorId: viewer.personId,
    });
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'document.lampiran_added', subjectType: 'document', subjectId: documentId,
      agencyId: document.agency_id, data: { no, fileName: name, sha256: stored.sha256, size: stored.size },
    });
    return { no, fileName: name, sha256: stored.sha256, size: stored.size };
  });
}

/**
 * Takes a lampiran off the draft. The bytes stay in the bucket: a version
 * rendered earlier names them in its render input, and versions are records.
 */
export async function removeLampiran(em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, documentId: number, no: number): Promise<{ no: number }> {
  const document = await editableDraft(em, workflows, viewer, documentId, 'removes lampiran');
  return em.transactional(async (tx) => {
    const removed = await deleteLampiran(tx, documentId, no);
    if (!removed) throw new AppError('NOT_FOUND', 404, `Document ${documentId} has no lampiran ${no}.`, { field: 'no' });
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'document.lampiran_removed', subjectType: 'document', subjectId: documentId,
      agencyId: document.agency_id, data: { no, sha256: removed.sha256 },
    });
    return { no };
  });
}

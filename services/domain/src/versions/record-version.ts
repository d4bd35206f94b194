import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';
import type { DocumentVersionReason } from '../rulebook/vocabularies.js';


/**
 * What a server-rendered version was made from (`document_version.render_input`):
 * the template content (`@naskah/templates` DocumentContentInput, without
 * lampiran bytes) and the lampiran objects appended after it, in order.
 */
export interface DocumentRenderInput {
  content: Record<string, unknown>;
  lampiran: { no: number; objectKey: string; sha256: string }[];
}

/**
 * Where one signer's TTE stamp goes on a server-rendered version, as the template laid it out
 * (`@naskah/templates` Slot): `page` is the 0-based page index, `rect` in PDF points from the
 * page's lower-left corner. Stored with the version (`document_version.signature_slots`, one per
 * signer in the order of the signing steps) so signing reads it instead of laying the letter out again.
 */
export interface SignatureSlot {
  page: number;
  rect: { x: number; y: number; width: number; height: number };
}

export interface NewDocumentVersion {
  documentId: number;
  agencyId: number;
  objectKey: string;
  sha256: string;
  size: number;
  reason: DocumentVersionReason;
  authorId: number;
  actor: AuditActor;
  renderInput?: DocumentRenderInput | null;
  /** The signers' stamp places as rendered (server-rendered versions only). */
  signatureSlots?: SignatureSlot[] | null;
}

/**
 * Records bytes already in the versions bucket as the document's next
 * version, with its audit event. Runs in the caller's transaction; the
 * document row is locked first so concurrent writers number versions in turn.
 */
export async function recordDocumentVersion(em: EntityManager, version: NewDocumentVersion): Promise<{ no: number }> {
  if (!em.isInTransaction()) throw new Error('recordDocumentVersion must run inside a transaction');
  await em.execute('select id from document where id = ? for update', [version.documentId]);
  const [row] = await em.execute<{ no: number }[]>(
    `insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, render_input, signature_slots, created_at)
     select ?, coalesce(max(no), 0) + 1, ?, ?, ?, ?, ?, ?, ?, now() from document_version where document_id = ?
     returning no`,
    [version.documentId, version.objectKey, version.sha256, version.size, version.reason, version.authorId,
      version.renderInput ? JSON.stringify(version.renderInput) : null,
      version.signatureSlots ? JSON.stringify(version.signatureSlots) : null, version.documentId]);
  await recordAudit(em, {
    actor: version.actor, action: 'document.version_added', subjectType: 'document', subjectId: version.documentId,
    agencyId: version.agencyId, data: { no: row!.no, sha256: version.sha256, size: version.size, reason: version.reason },
  });
  return { no: row!.no };
}

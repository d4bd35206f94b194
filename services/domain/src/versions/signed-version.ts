// A signature's version of a document: the API signs while the request is
// open (the passphrase never leaves it) and stores the result here; the
// routing workflow then hears "signed, version N, sha256 H" and records the
// step. The newest version is the one signed on top of, checked under the
// document's row lock, so two signatures made at once never both land.
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';

/** Where the bytes of one version are (null: no such version). */
export async function versionObjectKey(em: EntityManager, documentId: number, no: number): Promise<string | null> {
  const [row] = await em.execute<{ object_key: string }[]>('select object_key from document_version where document_id = ? and no = ?', [documentId, no]);
  return row?.object_key ?? null;
}

/**
 * The newest version when it is this person's signature (as the workflow hears of it), else null;
 * `reason` 'paraf_signed': their electronic paraf.
 */
export async function ownSignatureOnTop(
  em: EntityManager, documentId: number, personId: number, reason: 'signed' | 'paraf_signed' = 'signed',
): Promise<{ version: number; sha256: string } | null> {
  const [row] = await em.execute<{ no: number; sha256: string; reason: string; author_id: number | null }[]>(
    'select no, sha256, reason, author_id from document_version where document_id = ? order by no desc limit 1', [documentId]);
  return row && row.reason === reason && row.author_id === personId ? { version: row.no, sha256: row.sha256 } : null;
}

export interface NewSignedVersion {
  documentId: number;
  /** The version the signature was made on; it must still be the newest. */
  baseVersion: number;
  objectKey: string;
  sha256: string;
  size: number;
  authorId: number;
  /** The public handle printed in the stamp's QR code. */
  verificationToken: string;
  actor: AuditActor;
  /** Who held the key: 'internal' or the gateway's name. */
  provider: string;
}

/** Stores the signed bytes (already in the versions bucket) as version baseVersion + 1, with its audit event, in one transaction. */
export async function recordSignedVersion(em: EntityManager, version: NewSignedVersion): Promise<{ no: number }> {
  return em.transactional(async (tx) => {
    await tx.execute('select id from document where id = ? for update', [version.documentId]);
    const [latest] = await tx.execute<{ no: number }[]>('select max(no) as no from document_version where document_id = ?', [version.documentId]);
    if (latest?.no !== version.baseVersion) {
      throw new DomainError('CONFLICT', `the document changed while it was being signed (version ${latest?.no ?? 0} is now the newest, signed on ${version.baseVersion}); nothing was recorded`);
    }
    const no = version.baseVersion + 1;
    await tx.execute(
      `insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, verification_token, created_at) values (?, ?, ?, ?, ?, 'signed', ?, ?, now())`,
      [version.documentId, no, version.objectKey, version.sha256, version.size, version.authorId, version.verificationToken]);
    await recordAudit(tx, {
      actor: version.actor, action: 'document.signature_added', subjectType: 'document', subjectId: version.documentId,
      data: { no, sha256: version.sha256, provider: version.provider },
    });
    return { no };
  });
}

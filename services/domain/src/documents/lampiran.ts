// A draft's lampiran (attached PDFs), numbered per document. The caller holds
// the document's row lock (lockDocument) while numbering a new one.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface LampiranRecord { no: number; file_name: string; object_key: string; sha256: string; size: string; created_at: Date }

export async function lampiranOf(em: EntityManager, documentId: number): Promise<LampiranRecord[]> {
  return em.execute<LampiranRecord[]>(
    'select no, file_name, object_key, sha256, size, created_at from document_lampiran where document_id = ? order by no', [documentId]);
}

export async function lampiranCount(em: EntityManager, documentId: number): Promise<number> {
  const [count] = await em.execute<{ n: number }[]>('select count(*)::int as n from document_lampiran where document_id = ?', [documentId]);
  return count!.n;
}

/** Records lampiran max(no) + 1; without a file name it is called lampiran-<no>.pdf. */
export async function insertLampiran(
  em: EntityManager, l: { documentId: number; fileName: string | null; objectKey: string; sha256: string; size: number; authorId: number },
): Promise<{ no: number; file_name: string }> {
  const [row] = await em.execute<{ no: number; file_name: string }[]>(
    `insert into document_lampiran (document_id, no, file_name, object_key, sha256, size, author_id, created_at)
     select ?, coalesce(max(no), 0) + 1, coalesce(?, 'lampiran-' || (coalesce(max(no), 0) + 1) || '.pdf'), ?, ?, ?, ?, now()
       from document_lampiran where document_id = ?
     returning no, file_name`, [l.documentId, l.fileName, l.objectKey, l.sha256, l.size, l.authorId, l.documentId]);
  return row!;
}

/** Deletes lampiran `no`; its sha256, or undefined when there was none. */
export async function deleteLampiran(em: EntityManager, documentId: number, no: number): Promise<{ sha256: string } | undefined> {
  const removed = await em.execute<{ sha256: string }[]>('delete from document_lampiran where document_id = ? and no = ? returning sha256', [documentId, no]);
  return removed[0];
}

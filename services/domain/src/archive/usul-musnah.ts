// Usul musnah (destruction proposals) and the records they list. Plain SQL:
// the decision is a guarded update (`status = 'diajukan'`) so two deciders
// cannot both decide; the reads join the document for the berita acara.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UsulMusnahStatus } from '../entities/archive.js';

export interface UsulMusnahRow {
  id: number; object_key: string; proposed_at: Date; status: UsulMusnahStatus; decided_by: string | null; decided_at: Date | null;
  decision_note: string | null; berita_acara_key: string | null;
}

export interface ProposedRecordRow {
  id: number; document_id: number; number: string | null; hal: string; archive_code: string; object_key: string; version_id: string | null;
  sha256: string; size: string | number; retention_until: string | Date; legal_hold: boolean; destroyed_at: Date | null; agency_id: number;
  usul_musnah_id: number;
}

/** One proposal (or every one, newest first) with the decider's name. */
export async function usulMusnahRows(em: EntityManager, id?: number): Promise<UsulMusnahRow[]> {
  return em.execute<UsulMusnahRow[]>(
    `select u.id, u.object_key, u.proposed_at, u.status, p.name as decided_by, u.decided_at, u.decision_note, u.berita_acara_key
       from usul_musnah u left join person p on p.id = u.decided_by_id ${id === undefined ? '' : 'where u.id = ?'} order by u.id desc`, id === undefined ? [] : [id]);
}

/** The archive records the proposals list, by id. */
export async function proposedRecordRows(em: EntityManager, proposalIds: number[]): Promise<ProposedRecordRow[]> {
  if (proposalIds.length === 0) return [];
  return em.execute<ProposedRecordRow[]>(
    `select ar.id, ar.document_id, d.number, d.hal, ar.archive_code, ar.object_key, ar.version_id, ar.sha256, ar.size, ar.retention_until, ar.legal_hold,
            ar.destroyed_at, d.agency_id, ar.usul_musnah_id
       from archive_record ar join document d on d.id = ar.document_id where ar.usul_musnah_id in (${proposalIds.map(() => '?').join(',')}) order by ar.id`, proposalIds);
}

/** The proposal's status, its row locked for the rest of the transaction. */
export async function lockUsulMusnah(em: EntityManager, id: number): Promise<{ status: UsulMusnahStatus } | undefined> {
  const [row] = await em.execute<{ status: UsulMusnahStatus }[]>('select status from usul_musnah where id = ? for update', [id]);
  return row;
}

/** Decides a proposal still awaiting one; false when it was decided meanwhile. */
export async function decideUsulMusnah(em: EntityManager, id: number, decision: 'disetujui' | 'ditolak', deciderId: number, at: Date, note: string): Promise<boolean> {
  const updated = await em.execute<{ id: number }[]>(
    `update usul_musnah set status = ?, decided_by_id = ?, decided_at = ?, decision_note = ? where id = ? and status = 'diajukan' returning id`,
    [decision, deciderId, at, note, id]);
  return updated.length > 0;
}

/** Every record is gone: the proposal is carried out, its berita acara kept under `key`. */
export async function recordBeritaAcara(em: EntityManager, id: number, key: string): Promise<void> {
  await em.execute(`update usul_musnah set status = 'dimusnahkan', berita_acara_key = ? where id = ?`, [key, id]);
}

/** A new proposal (its PDF at `key`) listing the records; returns its id. */
export async function proposeDestruction(em: EntityManager, key: string, at: Date, archiveIds: number[]): Promise<number> {
  const [proposal] = await em.execute<{ id: number }[]>(`insert into usul_musnah (object_key, proposed_at, status) values (?, ?, 'diajukan') returning id`, [key, at]);
  for (const archiveId of archiveIds) await em.execute('update archive_record set usul_musnah_id = ? where id = ?', [proposal!.id, archiveId]);
  return proposal!.id;
}

// The document aggregate: the document row, its versions, routing steps and
// lampiran, as the API's draft use cases read and write them. Plain SQL: short
// keyed statements, one of them the row lock the "still editable" checks rely on.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sifat } from '../rulebook/vocabularies.js';
import type { DocumentRenderInput, SignatureSlot } from '../versions/record-version.js';

/** Who drafted a document, where it is and in which agency (undefined: no such document). */
export async function documentOwnership(em: EntityManager, documentId: number): Promise<{ id: number; drafter_id: number; status: string; agency_id: number } | undefined> {
  const [row] = await em.execute<{ id: number; drafter_id: number; status: string; agency_id: number }[]>(
    'select id, drafter_id, status, agency_id from document where id = ?', [documentId]);
  return row;
}

/** Takes the document's row lock (FOR UPDATE) for the rest of the transaction. */
export async function lockDocument(em: EntityManager, documentId: number): Promise<void> {
  await em.execute('select id from document where id = ? for update', [documentId]);
}

/** The document's status now (undefined: no such document). */
export async function documentStatus(em: EntityManager, documentId: number): Promise<string | undefined> {
  const [row] = await em.execute<{ status: string }[]>('select status from document where id = ?', [documentId]);
  return row?.status;
}

export interface StoredDraftRow {
  type: string; hal: string; sifat: string; classification: string; archive_code: string; lampiran: number;
  kepada: unknown; tembusan: unknown; content: unknown; signer_position_id: number | null;
}

/** The draft's fields as stored, the payload a render is made from. */
export async function storedDraftRow(em: EntityManager, documentId: number): Promise<StoredDraftRow | undefined> {
  const [row] = await em.execute<StoredDraftRow[]>(
    'select type, hal, sifat, classification, archive_code, lampiran, kepada, tembusan, content, signer_position_id from document where id = ?', [documentId]);
  return row;
}

export interface RouteStep { kind: string; step_order: number; position_id: number }

/** The document's routing steps in route order; `waitingOnly`: only those not yet acted on. */
export async function documentRoute(em: EntityManager, documentId: number, options: { waitingOnly?: boolean } = {}): Promise<RouteStep[]> {
  return em.execute<RouteStep[]>(options.waitingOnly
    ? `select kind, step_order, position_id from routing_step where document_id = ? and state = 'waiting' order by step_order, id`
    : 'select kind, step_order, position_id from routing_step where document_id = ? order by step_order, id', [documentId]);
}

/** The versions as the document detail shows them, oldest first. */
export async function documentVersionRows(em: EntityManager, documentId: number): Promise<Record<string, unknown>[]> {
  return em.execute(`select v.no, v.sha256, v.size::float8 as size, v.reason, v.author_id as "authorId", p.name as "authorName", v.created_at as "createdAt"
      from document_version v left join person p on p.id = v.author_id where v.document_id = ? order by v.no`, [documentId]);
}

/** The routing steps as the document detail shows them, in route order. */
export async function documentStepRows(em: EntityManager, documentId: number): Promise<Record<string, unknown>[]> {
  return em.execute(`select id, kind, step_order as "order", parallel_group as "parallelGroup", position_id as "positionId", state, note,
      acted_by_id as "actedById", acted_at as "actedAt" from routing_step where document_id = ? order by step_order, id`, [documentId]);
}

/** Where one version's bytes are and what they hash to (undefined: no such version). */
export async function versionFile(em: EntityManager, documentId: number, no: number): Promise<{ object_key: string; sha256: string; size: string } | undefined> {
  const [row] = await em.execute<{ object_key: string; sha256: string; size: string }[]>(
    'select object_key, sha256, size from document_version where document_id = ? and no = ?', [documentId, no]);
  return row;
}

/** Replaces a draft's (undelivered) recipients with these [kind, positionId] rows. */
export async function replaceRecipients(em: EntityManager, documentId: number, rows: readonly (readonly ['kepada' | 'tembusan', number])[]): Promise<void> {
  await em.execute('delete from document_recipient where document_id = ?', [documentId]);
  if (rows.length === 0) return;
  // One statement for all of them (a memo has ten or more), inserted in the order given as one per row did.
  await em.execute(
    'insert into document_recipient (document_id, position_id, kind) select ?, r.position_id, r.kind from jsonb_to_recordset(?::jsonb) as r(n int, position_id int, kind text) order by r.n',
    [documentId, JSON.stringify(rows.map(([kind, positionId], n) => ({ n, position_id: positionId, kind })))]);
}

/**
 * Replaces a draft's waiting paraf/sign steps: paraf one per order, then one
 * order per signer group, its members sharing the order (they sign in
 * parallel); `parallel_group` numbers a group of several, a lone signer has none.
 */
export async function replaceWaitingSteps(em: EntityManager, documentId: number, reviewerPositionIds: number[], signerGroups: number[][]): Promise<void> {
  await em.execute(`delete from routing_step where document_id = ? and state = 'waiting'`, [documentId]);
  const steps: { kind: 'paraf' | 'sign'; order: number; group: number | null; positionId: number }[] = [];
  let order = 1;
  for (const positionId of reviewerPositionIds) steps.push({ kind: 'paraf', order: order++, group: null, positionId });
  for (const [g, group] of signerGroups.entries()) {
    for (const positionId of group) steps.push({ kind: 'sign', order, group: group.length > 1 ? g + 1 : null, positionId });
    order++;
  }
  if (steps.length === 0) return;
  // One statement for every step, inserted in the order built (ids follow it, as one insert per step gave).
  await em.execute(
    `insert into routing_step (document_id, kind, step_order, parallel_group, position_id, state)
     select ?, s.kind, s.step_order, s.parallel_group, s.position_id, 'waiting'
       from jsonb_to_recordset(?::jsonb) as s(n int, kind text, step_order int, parallel_group int, position_id int) order by s.n`,
    [documentId, JSON.stringify(steps.map((x, n) => ({ n, kind: x.kind, step_order: x.order, parallel_group: x.group, position_id: x.positionId })))]);
}

export interface RoutableDocument { id: number; drafter_id: number; status: string; sifat: Sifat; code: string; workflow_id: string | null }

/** The document with its agency's code, as a routing workflow is started from it. */
export async function routableDocument(em: EntityManager, documentId: number): Promise<RoutableDocument | undefined> {
  const [doc] = await em.execute<RoutableDocument[]>(
    'select d.id, d.drafter_id, d.status, d.sifat, a.code, d.workflow_id from document d join agency a on a.id = d.agency_id where d.id = ?', [documentId]);
  return doc;
}

/** The newest version's number and hash (undefined: none uploaded yet). */
export async function latestVersion(em: EntityManager, documentId: number): Promise<{ no: number; sha256: string } | undefined> {
  const [latest] = await em.execute<{ no: number; sha256: string }[]>('select no, sha256 from document_version where document_id = ? order by no desc limit 1', [documentId]);
  return latest;
}

/** The version a stamp is placed on: the newest that is not a signature (the one the letter was laid out for). */
export interface SignatureSourceVersion {
  reason: string;
  render_input: DocumentRenderInput | null;
  /** The signers' stamp places stored when it was rendered; null for uploaded PDFs and versions rendered before they were stored. */
  signature_slots: SignatureSlot[] | null;
}

/** The newest version that is not a signature: its reason, render input and stored signature slots. */
export async function signatureSourceVersion(em: EntityManager, documentId: number): Promise<SignatureSourceVersion | undefined> {
  const [source] = await em.execute<SignatureSourceVersion[]>(
    `select reason, render_input, signature_slots from document_version where document_id = ? and reason <> 'signed' order by no desc limit 1`, [documentId]);
  return source;
}

/** The signers' positions in the order of the signing steps. */
export async function signStepPositions(em: EntityManager, documentId: number): Promise<number[]> {
  const rows = await em.execute<{ position_id: number }[]>(
    `select position_id from routing_step where document_id = ? and kind = 'sign' order by step_order, id`, [documentId]);
  return rows.map((r) => r.position_id);
}

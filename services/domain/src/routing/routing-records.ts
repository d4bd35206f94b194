// The routing workflow's records of a document: its once-per-step markers,
// status, step rows, numbering subject and recipients, as the workflow
// activities (workflows/src/activities/postgres-ports.ts) write them. Plain SQL:
// short keyed statements inside the activity's one transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentStatus } from '../rulebook/vocabularies.js';
import type { DocumentRenderInput } from '../versions/record-version.js';

/**
 * Claims `key` inside the transaction (an `outbox` row under topic `workflow.step`, written already
 * processed); false when an earlier attempt already did this step.
 */
export async function claimWorkflowStep(em: EntityManager, key: string, payload: Record<string, unknown> = {}): Promise<boolean> {
  const rows = await em.execute<{ id: number }[]>(
    `insert into outbox (topic, key, payload, attempts, created_at, processed_at) values ('workflow.step', ?, ?, 0, now(), now())
     on conflict (key) do nothing returning id`,
    [key, JSON.stringify(payload)],
  );
  return rows.length > 0;
}

/**
 * The open steps of the lowest order are pending when they are of `kind` (the kind the workflow now
 * waits for), every other open step is waiting; recomputed from the rows, so a retry leaves the same result.
 */
export async function markPendingSteps(em: EntityManager, documentId: number, kind: 'paraf' | 'sign' | undefined): Promise<void> {
  await em.execute(
    `update routing_step s set state = case when s.kind = ? and s.step_order = o.first then 'pending' else 'waiting' end
       from (select min(step_order) as first from routing_step where document_id = ? and state in ('waiting', 'pending')) o
      where s.document_id = ? and s.state in ('waiting', 'pending')`,
    [kind ?? '', documentId, documentId],
  );
}

/** The status the routing's step leads to; the RoutingWorkflow's activities are its only writer once a konsep is submitted. */
export async function setDocumentStatus(em: EntityManager, documentId: number, status: DocumentStatus): Promise<void> {
  await em.execute('update document set status = ?, updated_at = now() where id = ?', [status, documentId]);
}

/**
 * The konsep is submitted under its workflow id `doc-<id>` (the routing's first step). submitted_at
 * starts the dashboard's submit → signature clock (a revision after a return keeps it running: it does not come here).
 */
export async function markSubmitted(em: EntityManager, documentId: number): Promise<void> {
  await em.execute('update document set workflow_id = ?, submitted_at = now() where id = ?', [`doc-${documentId}`, documentId]);
}

/** The lowest open step of this kind and position is done by `personId`. */
export async function completeRoutingStep(em: EntityManager, documentId: number, kind: 'paraf' | 'sign', positionId: number, personId: number, note: string | null): Promise<void> {
  await em.execute(
    `update routing_step set state = 'done', acted_by_id = ?, acted_at = now(), note = ?
      where id = (select id from routing_step where document_id = ? and kind = ? and position_id = ? and state in ('waiting', 'pending') order by step_order limit 1)`,
    [personId, note, documentId, kind, positionId],
  );
}

export async function markDocumentSigned(em: EntityManager, documentId: number): Promise<void> {
  await em.execute('update document set signed_at = now() where id = ?', [documentId]);
}

/** The reviewer's open paraf steps are returned (to the drafter) by `personId`. */
export async function returnParafSteps(em: EntityManager, documentId: number, positionId: number, personId: number, note: string | null): Promise<void> {
  await em.execute(
    `update routing_step set state = 'returned', acted_by_id = ?, acted_at = now(), note = ? where document_id = ? and kind = 'paraf' and position_id = ? and state in ('waiting', 'pending')`,
    [personId, note, documentId, positionId],
  );
}

/** A revision restarts the paraf chain: every paraf step waits again. */
export async function reopenParafSteps(em: EntityManager, documentId: number): Promise<void> {
  await em.execute(`update routing_step set state = 'waiting', acted_by_id = null, acted_at = null where document_id = ? and kind = 'paraf'`, [documentId]);
}

/** What a number is allocated from: the document's agency, archive code and the agency's unit code. */
export async function numberingSubject(em: EntityManager, documentId: number): Promise<{ agency_id: number; archive_code: string; code: string; created_at: Date } | undefined> {
  const [doc] = await em.execute<{ agency_id: number; archive_code: string; code: string; created_at: Date }[]>(
    'select d.agency_id, d.archive_code, a.code, d.created_at from document d join agency a on a.id = d.agency_id where d.id = ?', [documentId]);
  return doc;
}

export interface CurrentVersion { no: number; sha256: string; reason: string; render_input: DocumentRenderInput | null; drafter_id: number }

/** The newest version with its render input, and the document's drafter (its author when numbered). */
export async function currentVersionWithDrafter(
  em: EntityManager, documentId: number,
  /** `beforeSignatures`: the newest version that is not a signature (what numbering made or kept, even once signed). */
  { beforeSignatures = false }: { beforeSignatures?: boolean } = {},
): Promise<CurrentVersion | undefined> {
  const [current] = await em.execute<CurrentVersion[]>(
    `select v.no, v.sha256, v.reason, v.render_input, d.drafter_id from document_version v join document d on d.id = v.document_id
      where v.document_id = ?${beforeSignatures ? ` and v.reason not in ('signed', 'sealed')` : ''} order by v.no desc limit 1`, [documentId]);
  return current;
}

/** What sealing a signed document needs: its type and agency, and its newest version. */
export interface SealSubject {
  agencyId: number; agencyCode: string; type: string; drafterId: number;
  version: { no: number; objectKey: string; sha256: string; reason: string };
}

export async function sealSubject(em: EntityManager, documentId: number): Promise<SealSubject | undefined> {
  const [row] = await em.execute<{ agency_id: number; agency_code: string; type: string; drafter_id: number; no: number; object_key: string; sha256: string; reason: string }[]>(
    `select d.agency_id, a.code as agency_code, d.type, d.drafter_id, v.no, v.object_key, v.sha256, v.reason
       from document d join agency a on a.id = d.agency_id join document_version v on v.document_id = d.id
      where d.id = ? order by v.no desc limit 1`, [documentId]);
  return row && {
    agencyId: row.agency_id, agencyCode: row.agency_code, type: row.type, drafterId: row.drafter_id,
    version: { no: row.no, objectKey: row.object_key, sha256: row.sha256, reason: row.reason },
  };
}

/** The recipients (kepada/tembusan) with the person now holding each position (null: vacant). */
export async function documentRecipients(em: EntityManager, documentId: number): Promise<{ id: number; person_id: number | null; kind: string }[]> {
  return em.execute<{ id: number; person_id: number | null; kind: string }[]>(
    `select r.id, per.id as person_id, r.kind from document_recipient r left join person per on per.position_id = r.position_id where r.document_id = ?`, [documentId]);
}

export async function markRecipientsDelivered(em: EntityManager, documentId: number): Promise<void> {
  await em.execute('update document_recipient set delivered_at = now() where document_id = ? and delivered_at is null', [documentId]);
}

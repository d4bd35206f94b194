// What the workflows record about correspondence: notifications with their
// e-mail rows, a distributed letter registered as surat masuk at the receiving
// agency, and the disposition tree's branch rows. Plain SQL inside the
// activity's transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import { dispositionStates, type DispositionState } from '../rulebook/vocabularies.js';
import { rollUpDispositionChange } from '../dashboard/dashboard-days.js';

/** One notification of a batch: claimed once by `claimKey` (the workflow step's outbox row), its e-mail once by `mailKey`. */
export interface ClaimedNotification {
  claimKey: string; claimPayload: unknown;
  recipientId: number; kind: string; subjectType: string; subjectId: number; title: string;
  mailKey: string; mailPayload: unknown;
}

/**
 * Many notifications in one statement: each claimed by its key, and only the newly claimed
 * ones get their notification and e-mail rows: the rows a claim, a notification insert and an
 * e-mail insert per item would write, in one round trip (a distribution notifies ten or more
 * people: thirty statements became one).
 */
export async function recordClaimedNotifications(em: EntityManager, items: readonly ClaimedNotification[]): Promise<number> {
  if (items.length === 0) return 0;
  const rows = items.map((i) => ({
    claim_key: i.claimKey, claim_payload: i.claimPayload, recipient_id: i.recipientId, kind: i.kind, subject_type: i.subjectType,
    subject_id: i.subjectId, title: i.title, mail_key: i.mailKey, mail_payload: i.mailPayload,
  }));
  const [{ n }] = await em.execute<[{ n: number }]>(
    `with item as (
       select distinct on (claim_key) * from jsonb_to_recordset(?::jsonb) as x(claim_key text, claim_payload jsonb, recipient_id int, kind text,
         subject_type text, subject_id int, title text, mail_key text, mail_payload jsonb) order by claim_key
     ), claimed as (
       insert into outbox (topic, key, payload, attempts, created_at, processed_at)
       select 'workflow.step', claim_key, claim_payload, 0, now(), now() from item
       on conflict (key) do nothing returning key
     ), noted as (
       insert into notification (recipient_id, kind, subject_type, subject_id, title, body, created_at)
       select i.recipient_id, i.kind, i.subject_type, i.subject_id, i.title, '', now() from item i join claimed c on c.key = i.claim_key
       returning 1
     ), mailed as (
       insert into outbox (topic, key, payload, attempts, created_at)
       select 'mail.notification', i.mail_key, i.mail_payload, 0, now() from item i join claimed c on c.key = i.claim_key
       on conflict (key) do nothing
     )
     select count(*)::int as n from noted`,
    [JSON.stringify(rows)],
  );
  return n;
}

export interface DistributedDocument { agency_id: number; sender: string; number: string | null; hal: string; sifat: string; classification: string; signed_at: Date | null }

/** The signed letter as the receiving agency registers it (sender = the sending agency's name). */
export async function distributedDocument(em: EntityManager, documentId: number): Promise<DistributedDocument | undefined> {
  const [doc] = await em.execute<DistributedDocument[]>(
    `select d.agency_id, a.name as sender, d.number, d.hal, d.sifat, d.classification, d.signed_at from document d join agency a on a.id = d.agency_id where d.id = ?`, [documentId]);
  return doc;
}

/** The newest version's bytes (undefined: none). */
export async function newestVersionFile(em: EntityManager, documentId: number): Promise<{ object_key: string; sha256: string; size: string } | undefined> {
  const [pdf] = await em.execute<{ object_key: string; sha256: string; size: string }[]>(
    'select object_key, sha256, size from document_version where document_id = ? order by no desc limit 1', [documentId]);
  return pdf;
}

/** The first kepada position in each agency other than the sender's. */
export async function kepadaInOtherAgencies(em: EntityManager, documentId: number, senderAgencyId: number): Promise<{ agency_id: number; position_id: number }[]> {
  return em.execute<{ agency_id: number; position_id: number }[]>(
    `select distinct on (pos.agency_id) pos.agency_id, r.position_id from document_recipient r join position pos on pos.id = r.position_id
      where r.document_id = ? and r.kind = 'kepada' and pos.agency_id <> ? order by pos.agency_id, r.id`, [documentId, senderAgencyId]);
}

/** Who registers surat masuk in an agency: an active secretariat user, else the addressee's holder (undefined: neither). */
export async function letterRegistrar(em: EntityManager, agencyId: number, addressedToId: number): Promise<{ id: number } | undefined> {
  const [registrar] = await em.execute<{ id: number }[]>(
    `select id from (select per.id, 0 as preference from person per join app_user u on u.person_id = per.id where per.agency_id = ? and 'secretariat' = any(u.roles) and u.active
       union all select per.id, 1 from person per where per.position_id = ?) p order by preference, id limit 1`, [agencyId, addressedToId]);
  return registrar;
}

export interface DistributedLetter {
  agencyId: number; agendaNumber: string; senderName: string; senderNumber: string; senderDate: Date; receivedAt: Date; sifat: string; classification: string;
  hal: string; addressedToId: number; scanObjectKey: string | null; scanSha256: string | null; scanSize: number | null; registeredById: number;
}

export async function insertDistributedLetter(em: EntityManager, l: DistributedLetter): Promise<{ id: number }> {
  const [letter] = await em.execute<{ id: number }[]>(
    `insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, sifat, classification, hal, addressed_to_id,
       scan_object_key, scan_sha256, scan_size, registered_by_id, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) returning id`,
    [l.agencyId, l.agendaNumber, l.senderName, l.senderNumber, l.senderDate, l.receivedAt, l.sifat, l.classification, l.hal, l.addressedToId,
      l.scanObjectKey, l.scanSha256, l.scanSize, l.registeredById]);
  return letter!;
}

export async function incomingLetterAgency(em: EntityManager, letterId: number): Promise<number | undefined> {
  const [letter] = await em.execute<{ agency_id: number }[]>('select agency_id from incoming_letter where id = ?', [letterId]);
  return letter?.agency_id;
}

/** The disposition row of a workflow's branch (null: not recorded). */
export async function dispositionIdOfBranch(em: EntityManager, workflowId: string, branchId: string): Promise<number | null> {
  const [row] = await em.execute<{ id: number }[]>('select id from disposition where workflow_id = ? and branch_id = ?', [workflowId, branchId]);
  return row?.id ?? null;
}

export interface DispositionBranchRow {
  incomingLetterId: number; parentId: number | null; fromPositionId: number; fromPersonId: number; toPositionId: number; instruction: string; note: string | null;
  deadline: string | null; state: string; workflowId: string; branchId: string; readAt: string | null; followUp: string | null; followUpAt: string | null;
  followUpStatus: string | null; followUpObjectKey: string | null;
}

/**
 * A branch's state in its lifecycle order (the rulebook's dispositionStates: sent, read, forwarded, then done or
 * withdrawn, both final). The workflow's handlers run side by side: a 'read' written by an activity retried after a
 * worker crash may arrive after the 'followed_up' of the same branch, and must not take the row back.
 */
const stateRank = (state: string) => Math.min(dispositionStates.indexOf(state as DispositionState) + 1, dispositionStates.indexOf('done') + 1);

/** One row per branch: inserted once, then brought forward to the state the workflow reports (a retry, even a late one, never takes it back). */
export async function upsertDispositionBranch(em: EntityManager, b: DispositionBranchRow): Promise<{ id: number }> {
  if (!em.isInTransaction()) return em.transactional((tx) => upsertDispositionBranch(tx, b));
  let id = 0;
  // The leaders' dashboard counts open branches per day: the change goes into its rollup in this transaction.
  await rollUpDispositionChange(em, { workflowId: b.workflowId, branchId: b.branchId }, async (lockedBefore) => {
    const inserted = await em.execute<{ id: number }[]>(
      `insert into disposition (incoming_letter_id, parent_id, from_position_id, from_person_id, to_position_id, instruction, note, deadline, state, workflow_id, branch_id, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (workflow_id, branch_id) do nothing returning id`,
      [b.incomingLetterId, b.parentId, b.fromPositionId, b.fromPersonId, b.toPositionId, b.instruction, b.note, b.deadline, b.state, b.workflowId, b.branchId]);
    await lockedBefore();
    const [row] = await em.execute<{ id: number }[]>(
      `update disposition set
         state = case when ?::int >= least(array_position(?::text[], state::text), ?::int) then ? else state end,
         read_at = coalesce(read_at, ?), follow_up = coalesce(?, follow_up), follow_up_at = coalesce(?, follow_up_at),
         follow_up_status = coalesce(?, follow_up_status), follow_up_object_key = coalesce(?, follow_up_object_key)
       where workflow_id = ? and branch_id = ? returning id`,
      [stateRank(b.state), `{${dispositionStates.join(',')}}`, stateRank('done'), b.state,
        b.readAt, b.followUp, b.followUpAt, b.followUpStatus, b.followUpObjectKey, b.workflowId, b.branchId]);
    id = row!.id;
    return { inserted: inserted.length > 0 };
  });
  return { id };
}

// The incoming letter (surat masuk) aggregate: incoming_letter and its
// disposition tree. The workflow's activities write the dispositions; the API
// registers and corrects letters and reads what the workflow needs to be told.
// Plain SQL: keyed statements and row locks (a correction reads then writes).
import type { EntityManager } from '@mikro-orm/postgresql';
import { INSTRUCTION_SEPARATOR, type SecurityClassification, type Sifat } from '../rulebook/vocabularies.js';
import type { ListSource } from '../list-source.js';

export const incomingLetterListSource = {
  from: 'incoming_letter l',
  columns: { id: 'l.id', agencyId: 'l.agency_id', agendaNumber: 'l.agenda_number', senderName: 'l.sender_name', senderNumber: 'l.sender_number',
    senderDate: 'l.sender_date', receivedAt: 'l.received_at', sifat: 'l.sifat', classification: 'l.classification', hal: 'l.hal',
    addressedToId: 'l.addressed_to_id', registeredById: 'l.registered_by_id', createdAt: 'l.created_at' },
} as const satisfies ListSource;

export const dispositionListSource = {
  from: 'disposition x join incoming_letter il on il.id = x.incoming_letter_id',
  columns: { id: 'x.id', incomingLetterId: 'x.incoming_letter_id', parentId: 'x.parent_id', fromPositionId: 'x.from_position_id', fromPersonId: 'x.from_person_id',
    toPositionId: 'x.to_position_id', instruction: 'x.instruction', instructions: `string_to_array(x.instruction, '${INSTRUCTION_SEPARATOR}')`, note: 'x.note', deadline: 'x.deadline', readAt: 'x.read_at', state: 'x.state',
    followUp: 'x.follow_up', followUpAt: 'x.follow_up_at', followUpStatus: 'x.follow_up_status', followUpAttachment: 'x.follow_up_object_key is not null', hal: 'il.hal', createdAt: 'x.created_at',
    // The letter's agency, and "overdue" as the leader's dashboard counts it (dashboard/follow-ups.ts): a branch still
    // open (no follow-up, not withdrawn) past its deadline. The dashboard's counts link to the list filtered on these.
    agencyId: 'il.agency_id', overdue: `(x.state in ('sent', 'read', 'forwarded') and coalesce(x.deadline < now(), false))` },
} as const satisfies ListSource;

export interface IncomingLetterFields {
  senderName: string; senderNumber: string; senderDate: string; receivedAt: Date; sifat: Sifat; classification: SecurityClassification; hal: string;
  addressedToId: number | null; agendaNumber: string;
}
const letterColumn: Record<keyof IncomingLetterFields, string> = {
  senderName: 'sender_name', senderNumber: 'sender_number', senderDate: 'sender_date', receivedAt: 'received_at', sifat: 'sifat',
  classification: 'classification', hal: 'hal', addressedToId: 'addressed_to_id', agendaNumber: 'agenda_number',
};

export async function insertIncomingLetter(em: EntityManager, l: IncomingLetterFields & { agencyId: number; registeredById: number }): Promise<{ id: number }> {
  const [row] = await em.execute<{ id: number }[]>(
    `insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, sifat, classification, hal, addressed_to_id, registered_by_id, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) returning id`,
    [l.agencyId, l.agendaNumber, l.senderName, l.senderNumber, l.senderDate, l.receivedAt, l.sifat, l.classification, l.hal, l.addressedToId, l.registeredById]);
  return row!;
}

export interface IncomingLetterScan { agency_id: number; agenda_number: string; scan_object_key: string | null; scan_sha256: string | null; scan_size: string | null }

/** The letter's agency and scan; with `lock`, its row is held for the rest of the transaction. */
export async function incomingLetterScan(em: EntityManager, id: number, lock = false): Promise<IncomingLetterScan | undefined> {
  const [letter] = await em.execute<IncomingLetterScan[]>(
    `select agency_id, agenda_number, scan_object_key, scan_sha256, scan_size from incoming_letter where id = ?${lock ? ' for update' : ''}`, [id]);
  return letter;
}

/** Changes the given fields of a letter. */
export async function updateIncomingLetter(em: EntityManager, id: number, change: Partial<IncomingLetterFields>): Promise<void> {
  const entries = (Object.entries(change) as [keyof IncomingLetterFields, unknown][]).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return;
  await em.execute(`update incoming_letter set ${entries.map(([k]) => `${letterColumn[k]} = ?`).join(', ')} where id = ?`, [...entries.map(([, v]) => v), id]);
}

export async function setIncomingLetterScan(em: EntityManager, id: number, scan: { objectKey: string; sha256: string; size: number }): Promise<void> {
  await em.execute('update incoming_letter set scan_object_key = ?, scan_sha256 = ?, scan_size = ? where id = ?', [scan.objectKey, scan.sha256, scan.size, id]);
}

/** The letter as a disposition starts from it: addressee, sifat, and its agency's code (the workflow's id). */
export async function letterToDispose(em: EntityManager, id: number): Promise<{ id: number; addressed_to_id: number | null; sifat: Sifat; code: string } | undefined> {
  const [letter] = await em.execute<{ id: number; addressed_to_id: number | null; sifat: Sifat; code: string }[]>(
    'select l.id, l.addressed_to_id, l.sifat, a.code from incoming_letter l join agency a on a.id = l.agency_id where l.id = ?', [id]);
  return letter;
}

export interface DispositionBranchRef {
  incomingLetterId: number;
  toPositionId: number;
  /** Null for a row written before dispositions ran through the workflow (nothing owns it to act on). */
  branchId: string | null;
}

/** Which workflow branch a `disposition` row belongs to: the API names a row by its id, the letter's DispositionWorkflow by branch id. */
/** Where a branch's tindak lanjut attachment is stored (null: none, or no such disposition). */
export async function dispositionFollowUpAttachment(em: EntityManager, dispositionId: number): Promise<string | null> {
  const [row] = await em.execute<{ follow_up_object_key: string | null }[]>('select follow_up_object_key from disposition where id = ?', [dispositionId]);
  return row?.follow_up_object_key ?? null;
}

export async function dispositionBranchOf(em: EntityManager, dispositionId: number): Promise<DispositionBranchRef | null> {
  const [row] = await em.execute<{ incoming_letter_id: number; to_position_id: number; branch_id: string | null }[]>(
    'select incoming_letter_id, to_position_id, branch_id from disposition where id = ?', [dispositionId]);
  return row ? { incomingLetterId: row.incoming_letter_id, toPositionId: row.to_position_id, branchId: row.branch_id } : null;
}

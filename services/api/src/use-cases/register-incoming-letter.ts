import { trimmed, z } from '../openapi/zod.js';
import { dbId, saneDate, saneIsoDate } from '../schemas/common.js';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { nextAgendaNumber, recordAudit, securityClassifications, sifatLevels, type Viewer } from '@naskah/domain';
import { AppError, notFound } from '../errors/problem.js';
import { uniqueViolation } from './unique-violation.js';

export const incomingLetterBody = z.object({
  senderName: trimmed(2, 255),
  senderNumber: trimmed(1, 255),
  senderDate: saneIsoDate(),
  receivedAt: saneDate().default(() => new Date()),
  sifat: z.enum(sifatLevels).default('biasa'),
  classification: z.enum(securityClassifications).default('biasa'),
  hal: trimmed(3, 1000),
  addressedToId: dbId().nullable().default(null),
  /** Left empty, the next agenda number of the year is given. */
  agendaNumber: trimmed(1, 64).optional(),
}).strict().openapi('IncomingLetterInput');

/** TU registers a surat masuk in its own agency; the agenda number counts per agency and year. */
export async function registerIncomingLetter(em: EntityManager, viewer: Viewer, input: z.infer<typeof incomingLetterBody>): Promise<{ id: number; agendaNumber: string }> {
  return em.transactional(async (tx) => {
    if (input.addressedToId) {
      const [pos] = await tx.execute('select 1 from position where id = ? and agency_id = ?', [input.addressedToId, viewer.agencyId]);
      if (!pos) throw new AppError('REFERENCE_NOT_FOUND', 422, 'addressedToId must be a position in your agency', { field: 'addressedToId' });
    }
    const agendaNumber = input.agendaNumber ?? await nextAgendaNumber(tx, viewer.agencyId, input.receivedAt);
    const [row] = await tx.execute<{ id: number }[]>(
      `insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, sifat, classification, hal, addressed_to_id, registered_by_id, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) returning id`,
      [viewer.agencyId, agendaNumber, input.senderName, input.senderNumber, input.senderDate, input.receivedAt, input.sifat, input.classification, input.hal, input.addressedToId, viewer.personId],
    ).catch(uniqueViolation('agendaNumber', 'This agenda number is already used in your agency.'));
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'incoming_letter.registered', subjectType: 'incoming_letter', subjectId: row!.id,
      agencyId: viewer.agencyId, data: { agendaNumber, senderName: input.senderName, senderNumber: input.senderNumber, hal: input.hal },
    });
    return { id: row!.id, agendaNumber };
  });
}

const columns: Record<string, string> = {
  senderName: 'sender_name', senderNumber: 'sender_number', senderDate: 'sender_date', receivedAt: 'received_at', sifat: 'sifat',
  classification: 'classification', hal: 'hal', addressedToId: 'addressed_to_id', agendaNumber: 'agenda_number',
};

export async function updateIncomingLetter(em: EntityManager, viewer: Viewer, id: number, input: Partial<z.infer<typeof incomingLetterBody>>): Promise<{ id: number }> {
  return em.transactional(async (tx) => {
    const [letter] = await tx.execute<{ agency_id: number }[]>('select agency_id from incoming_letter where id = ? for update', [id]);
    if (!letter) throw notFound();
    if (letter.agency_id !== viewer.agencyId) throw new AppError('FORBIDDEN', 403, 'Hanya Tata Usaha instansi penerima yang mengubah surat masuk ini.');
    const entries = Object.entries(input).filter(([, v]) => v !== undefined);
    if (entries.length > 0) {
      await tx.execute(`update incoming_letter set ${entries.map(([k]) => `${columns[k]} = ?`).join(', ')} where id = ?`, [...entries.map(([, v]) => v), id])
        .catch(uniqueViolation('agendaNumber', 'This agenda number is already used in your agency.'));
    }
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'incoming_letter.updated', subjectType: 'incoming_letter', subjectId: id,
      agencyId: viewer.agencyId, data: { fields: entries.map(([k]) => k).sort() },
    });
    return { id };
  });
}

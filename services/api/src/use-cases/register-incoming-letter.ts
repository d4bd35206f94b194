import { trimmed, z } from '../openapi/zod.js';
import { dbId, saneDate, saneIsoDate } from '../schemas/common.js';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import {
  incomingLetterScan, insertIncomingLetter, nextAgendaNumber, positionInAgency, recordAudit, securityClassifications, sifatLevels,
  updateIncomingLetter as updateLetterRow, type Viewer,
} from '@naskah/domain';
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
      if (!(await positionInAgency(tx, input.addressedToId, viewer.agencyId))) throw new AppError('REFERENCE_NOT_FOUND', 422, 'addressedToId must be a position in your agency', { field: 'addressedToId' });
    }
    const agendaNumber = input.agendaNumber ?? await nextAgendaNumber(tx, viewer.agencyId, input.receivedAt);
    const row = await insertIncomingLetter(tx, { ...input, agendaNumber, agencyId: viewer.agencyId, registeredById: viewer.personId }).catch(uniqueViolation('agendaNumber', 'This agenda number is already used in your agency.'));
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'incoming_letter.registered', subjectType: 'incoming_letter', subjectId: row.id,
      agencyId: viewer.agencyId, data: { agendaNumber, senderName: input.senderName, senderNumber: input.senderNumber, hal: input.hal },
    });
    return { id: row.id, agendaNumber };
  });
}

export async function updateIncomingLetter(em: EntityManager, viewer: Viewer, id: number, input: Partial<z.infer<typeof incomingLetterBody>>): Promise<{ id: number }> {
  return em.transactional(async (tx) => {
    const letter = await incomingLetterScan(tx, id, true);
    if (!letter) throw notFound();
    if (letter.agency_id !== viewer.agencyId) throw new AppError('FORBIDDEN', 403, 'Hanya Tata Usaha instansi penerima yang mengubah surat masuk ini.');
    const entries = Object.entries(input).filter(([, v]) => v !== undefined);
    await updateLetterRow(tx, id, input).catch(uniqueViolation('agendaNumber', 'This agenda number is already used in your agency.'));
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'incoming_letter.updated', subjectType: 'incoming_letter', subjectId: id,
      agencyId: viewer.agencyId, data: { fields: entries.map(([k]) => k).sort() },
    });
    return { id };
  });
}

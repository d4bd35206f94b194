import type { EntityManager } from '@mikro-orm/postgresql';
import { formatAgendaNumber } from '../rulebook/numbering.js';

/** Advisory lock key of the agenda series (with the agency id as the second key). */
const agendaLock = 7_404_252;

/**
 * The next nomor agenda for a surat masuk received at `receivedAt`: one series
 * per agency and year of receipt (the year as the database session reads the
 * timestamp, the same reading as the count). Must run inside the transaction
 * that inserts the letter: the advisory lock holds other registrations of the
 * agency until it commits, so two never get the same number. Registration by
 * hand (the API) and on distribution (the workflow's activity) both take it.
 */
export async function nextAgendaNumber(em: EntityManager, agencyId: number, receivedAt: Date): Promise<string> {
  if (!em.isInTransaction()) throw new Error('nextAgendaNumber must run inside a transaction');
  await em.execute('select pg_advisory_xact_lock(?, ?)', [agendaLock, agencyId]);
  const [row] = await em.execute<{ n: number; year: number }[]>(
    `select count(*)::int + 1 as n, extract(year from ?::timestamptz)::int as year from incoming_letter
      where agency_id = ? and extract(year from received_at) = extract(year from ?::timestamptz)`,
    [receivedAt, agencyId, receivedAt]);
  return formatAgendaNumber(row!.n, row!.year);
}

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { migratedTestDatabase } from '@naskah/domain/testing';
import type { DomainOrm } from '../orm.js';
import { seedDemo, type SeedResult } from '../seed/seed.js';
import { nextAgendaNumber } from './agenda-number.js';

describe('nomor agenda surat masuk', () => {
  let orm: DomainOrm;
  let done: () => Promise<void>;
  let seed: SeedResult;
  beforeAll(async () => {
    ({ orm, done } = await migratedTestDatabase());
    seed = await seedDemo(orm.em.fork());
  });
  afterAll(async () => done());

  /** Registers a letter the way both callers do: the number and the insert in one transaction. */
  const register = (agency: string, receivedAt: string) => orm.em.fork().transactional(async (tx) => {
    const agencyId = seed.agencyIds[agency]!;
    const agendaNumber = await nextAgendaNumber(tx, agencyId, new Date(receivedAt));
    const [registrar] = await tx.execute<{ id: number }[]>('select id from person where agency_id = ? order by id limit 1', [agencyId]);
    await tx.execute(
      `insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, hal, registered_by_id, created_at)
       values (?, ?, 'Kementerian Dalam Negeri', ?, '2026-03-01', ?, 'Undangan rapat', ?, now())`,
      [agencyId, agendaNumber, `B-${agendaNumber}`, receivedAt, registrar!.id]);
    return agendaNumber;
  });

  test('counts per agency and year of receipt, NNNN/SM/YYYY', async () => {
    expect(await register('Diskominfosp', '2026-03-02T09:00:00+08:00')).toBe('0001/SM/2026');
    expect(await register('Diskominfosp', '2026-03-03T09:00:00+08:00')).toBe('0002/SM/2026');
    expect(await register('Bappeda', '2026-03-03T09:00:00+08:00')).toBe('0001/SM/2026');
    expect(await register('Diskominfosp', '2027-01-04T09:00:00+08:00')).toBe('0001/SM/2027');
  });

  test('concurrent registrations in one agency get distinct, consecutive numbers', async () => {
    const numbers = await Promise.all(Array.from({ length: 10 }, () => register('Diskominfosp', '2026-06-01T09:00:00+08:00')));
    expect(numbers.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${String(i + 3).padStart(4, '0')}/SM/2026`));
  });

  test('refuses to run outside a transaction', async () => {
    await expect(nextAgendaNumber(orm.em.fork(), seed.agencyIds['Diskominfosp']!, new Date())).rejects.toThrow(/inside a transaction/);
  });
});

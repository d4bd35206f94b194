import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { migratedTestDatabase } from '../test-database.js';
import type { DomainOrm } from '../orm.js';
import { seedDemo, type SeedResult } from '../seed/seed.js';
import { actingPositionIds, mayActFor, positionsAtOrBelow, resolveActor } from './resolve-actor.js';
import { actionableSteps, advanceSteps, checkStepActor, routingComplete, type StepView } from '../routing/step-rules.js';
import { DomainError } from '../errors.js';

describe('delegation and routing checks', () => {
  let orm: DomainOrm;
  let done: () => Promise<void>;
  let seed: SeedResult;
  let personOf: Record<string, number>;
  beforeAll(async () => {
    ({ orm, done } = await migratedTestDatabase());
    seed = await seedDemo(orm.em.fork());
    const rows = await orm.em.fork().execute<{ username: string; person_id: number }[]>('select username, person_id from app_user');
    personOf = Object.fromEntries(rows.map((r) => [r.username, r.person_id]));
  });
  afterAll(async () => done());

  const day = 24 * 3600 * 1000;
  const now = new Date('2025-03-10T09:00:00+08:00');

  test('without a delegation the holder acts', async () => {
    const actor = await resolveActor(orm.em.fork(), seed.positionIds['kadis.kominfo']!, now);
    expect(actor).toMatchObject({ personId: personOf['kadis.kominfo'], via: 'holder', prefix: '' });
  });

  test('an active Plh acts for the position during its period only', async () => {
    await orm.em.fork().execute(
      `insert into delegation (kind, position_id, delegate_id, valid_from, valid_to, reason, created_at) values ('plh', ?, ?, ?, ?, 'Dinas luar ke Jakarta', now())`,
      [seed.positionIds['kadis.kominfo'], personOf['sekdis.kominfo'], new Date(now.getTime() - day), new Date(now.getTime() + 2 * day)]);
    const during = await resolveActor(orm.em.fork(), seed.positionIds['kadis.kominfo']!, now);
    expect(during).toMatchObject({ personId: personOf['sekdis.kominfo'], via: 'plh', prefix: 'Plh.' });
    const after = await resolveActor(orm.em.fork(), seed.positionIds['kadis.kominfo']!, new Date(now.getTime() + 3 * day));
    expect(after).toMatchObject({ via: 'holder' });
    expect(await actingPositionIds(orm.em.fork(), personOf['sekdis.kominfo']!, now)).toEqual(
      expect.arrayContaining([seed.positionIds['sekdis.kominfo'], seed.positionIds['kadis.kominfo']]));
    expect(await mayActFor(orm.em.fork(), personOf['staf.kominfo']!, seed.positionIds['kadis.kominfo']!, now)).toBeNull();
  });

  test('subordinates of a position are found at any depth', async () => {
    const below = await positionsAtOrBelow(orm.em.fork(), [seed.positionIds['kadis.kominfo']!]);
    expect(below).toEqual(expect.arrayContaining([seed.positionIds['kabid.aptika'], seed.positionIds['staf.kominfo'], seed.positionIds['tu.kominfo']]));
    expect(below).not.toContain(seed.positionIds['kadis.bappeda']);
  });

  const steps: StepView[] = [
    { id: 1, kind: 'paraf', order: 1, parallelGroup: null, positionId: 10, state: 'done' },
    { id: 2, kind: 'paraf', order: 2, parallelGroup: null, positionId: 11, state: 'pending' },
    { id: 3, kind: 'sign', order: 3, parallelGroup: 1, positionId: 12, state: 'waiting' },
    { id: 4, kind: 'sign', order: 3, parallelGroup: 1, positionId: 13, state: 'waiting' },
  ];

  test('only the lowest open order is actionable; parallel signers open together', () => {
    expect(actionableSteps(steps).map((s) => s.id)).toEqual([2]);
    const afterParaf = steps.map((s) => (s.id === 2 ? { ...s, state: 'done' as const } : s));
    expect(advanceSteps(afterParaf).map((s) => [s.id, s.state])).toEqual([[3, 'pending'], [4, 'pending']]);
    expect(routingComplete(afterParaf)).toBe(false);
    expect(routingComplete(afterParaf.map((s) => ({ ...s, state: 'done' as const })))).toBe(true);
  });

  test('checkStepActor accepts the holder in turn and rejects out-of-turn or wrong people', async () => {
    const em = orm.em.fork();
    const [doc] = await em.execute<{ id: number }[]>(
      `insert into document (agency_id, type, hal, sifat, classification, archive_code, lampiran, kepada, tembusan, content, drafter_id, status, created_at, updated_at)
       values (?, 'nota_dinas', 'Uji giliran', 'biasa', 'biasa', '000.1', 0, '[]', '[]', '{}', ?, 'in_review', now(), now()) returning id`,
      [seed.agencyIds['Diskominfosp'], personOf['staf.kominfo']]);
    const ins = (kind: string, order: number, key: string, state: string) => em.execute<{ id: number }[]>(
      `insert into routing_step (document_id, kind, step_order, position_id, state) values (?, ?, ?, ?, ?) returning id`,
      [doc!.id, kind, order, seed.positionIds[key], state]);
    const [paraf] = await ins('paraf', 1, 'kabid.aptika', 'pending');
    const [sign] = await ins('sign', 2, 'kadis.kominfo', 'waiting');
    const ok = await checkStepActor(em, doc!.id, paraf!.id, personOf['kabid.aptika']!, 'paraf', now);
    expect(ok.actor.via).toBe('holder');
    await expect(checkStepActor(em, doc!.id, sign!.id, personOf['kadis.kominfo']!, 'sign', now)).rejects.toMatchObject({ code: 'STEP_NOT_PENDING' });
    await expect(checkStepActor(em, doc!.id, paraf!.id, personOf['staf.kominfo']!, 'paraf', now)).rejects.toMatchObject({ code: 'SIGNER_OUT_OF_TURN' });
    await expect(checkStepActor(em, doc!.id, paraf!.id, personOf['kabid.aptika']!, 'sign', now)).rejects.toBeInstanceOf(DomainError);
    await em.execute(`update routing_step set state = 'done' where id = ?`, [paraf!.id]);
    // The Plh from the previous test signs for the Kepala Dinas during the period.
    const plh = await checkStepActor(em, doc!.id, sign!.id, personOf['sekdis.kominfo']!, 'sign', now);
    expect(plh.actor).toMatchObject({ via: 'plh', prefix: 'Plh.' });
  });
});

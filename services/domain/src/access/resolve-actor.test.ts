import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { migratedTestDatabase } from '@naskah/domain/testing';
import type { DomainOrm } from '../orm.js';
import { seedDemo, type SeedResult } from '../seed/seed.js';
import { actingPositionIds, mayActFor, positionsAtOrBelow, resolveActor } from './resolve-actor.js';

describe('delegation checks', () => {
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
});

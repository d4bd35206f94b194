import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@naskah/infra/testing';
import { migrateUp, openOrm, type DomainOrm } from '../src/orm.js';
import { seedDemo, type SeedResult } from '../src/seed/seed.js';

/** For tests: a fresh database on the test stack, migrated. Close with `done()`. */
export async function migratedTestDatabase(): Promise<{ db: TestDatabase; orm: DomainOrm; done: () => Promise<void> }> {
  const db = await createTestDatabase();
  const orm = await openOrm({ databaseUrl: db.url, poolMax: 30 });
  await migrateUp(orm);
  return { db, orm, done: async () => { await orm.close(true); await db.drop(); } };
}

/**
 * For tests that write rows with plain SQL: the migrated database with the demo seed and a
 * connected pg client beside the ORM. `done()` closes both and drops the database.
 */
export async function seededTestDatabase(): Promise<{ db: TestDatabase; orm: DomainOrm; seed: SeedResult; client: pg.Client; done: () => Promise<void> }> {
  const { db, orm, done } = await migratedTestDatabase();
  const seed = await seedDemo(orm.em.fork());
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return { db, orm, seed, client, done: async () => { await client.end(); await done(); } };
}

import { createTestDatabase, type TestDatabase } from '@naskah/infra/testing';
import { migrateUp, openOrm, type DomainOrm } from '../src/orm.js';

/** For tests: a fresh database on the test stack, migrated. Close with `done()`. */
export async function migratedTestDatabase(): Promise<{ db: TestDatabase; orm: DomainOrm; done: () => Promise<void> }> {
  const db = await createTestDatabase();
  const orm = await openOrm({ databaseUrl: db.url, poolMax: 30 });
  await migrateUp(orm);
  return { db, orm, done: async () => { await orm.close(true); await db.drop(); } };
}

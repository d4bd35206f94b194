import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@naskah/infra/testing';
import { migrateUp, openOrm, type DomainOrm } from './orm.js';
import { seedDemo } from './seed/seed.js';
import { people } from './seed/tanah-bumbu.js';
import { verifyAuditChain } from './audit/verify-audit-chain.js';

describe('migrations and seed', () => {
  let db: TestDatabase;
  let orm: DomainOrm;
  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await openOrm({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  test('committed migrations build the schema from an empty database and match the entities', async () => {
    // A table of someone else's in the database (as the bench databases hold) must not reach the committed snapshot.
    const snapshot = fileURLToPath(new URL('./migrations/.snapshot-naskah.json', import.meta.url));
    const before = readFileSync(snapshot, 'utf8');
    await orm.em.fork().execute('create table not_naskahs (id int)');
    const applied = await migrateUp(orm);
    expect(readFileSync(snapshot, 'utf8')).toBe(before);
    expect(before).not.toContain('not_naskahs');
    await orm.em.fork().execute('drop table not_naskahs');
    expect(applied.length).toBeGreaterThan(0);
    expect(await migrateUp(orm)).toEqual([]);
    // Entities and migrated schema agree: nothing left for a schema update to do.
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  test('the seed runs twice cleanly and the second run changes nothing', async () => {
    const first = await seedDemo(orm.em.fork());
    expect(first.created).toBeGreaterThan(30);
    const counts = async () => orm.em.fork().execute<{ t: string; n: number }[]>(
      `select 'person' as t, count(*)::int as n from person union all select 'app_user', count(*)::int from app_user
       union all select 'position', count(*)::int from position union all select 'certificate', count(*)::int from certificate
       union all select 'audit_event', count(*)::int from audit_event`);
    const before = await counts();
    const second = await seedDemo(orm.em.fork());
    expect(second.created).toBe(0);
    expect(await counts()).toEqual(before);
    expect(Object.keys(second.userIds).sort()).toEqual([
      'admin', 'auditor.inspektorat', 'auditor.rahasia', 'bupati', 'inspektur', 'kabid.aptika', 'kabid.bappeda', 'kadis.bappeda', 'kadis.kominfo',
      'sekda', 'sekdis.kominfo', 'staf.bappeda', 'staf.kominfo', 'tu.bappeda', 'tu.kominfo',
    ]);
    expect((await verifyAuditChain(orm.em.fork())).ok).toBe(true);
  });

  test('seeded people have valid NIP (18 digits) and NIK (16 digits) shapes, unique', () => {
    for (const p of people) {
      expect(p.nik).toMatch(/^63\d{14}$/);
      if (p.nip !== null) expect(p.nip).toMatch(/^(19|20)\d{6}(19|20)\d{4}[12]\d{3}$/);
    }
    expect(new Set(people.map((p) => p.nik)).size).toBe(people.length);
  });
});

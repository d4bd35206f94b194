// The auth-hardening migration on a database that already holds signed
// versions: each signed version gets its own unguessable token, others none.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@naskah/infra/testing';
import { openOrm, type DomainOrm } from '../orm.js';

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

test('existing signed versions get distinct base64url tokens of 32 bytes; other versions stay without', async () => {
  await orm.migrator.up({ to: 'Migration20261123184207_signing_lockout' });
  // Just the rows a document needs, written against the schema of that time.
  const em = orm.em.fork();
  const [region] = await em.execute<{ id: number }[]>(`insert into region (code, kind, name, capital) values ('63.10', 'kabupaten', 'Tanah Bumbu', 'Batulicin') returning id`);
  const [agency] = await em.execute<{ id: number }[]>(`insert into agency (region_id, code, name) values (?, 'Diskominfosp', 'Dinas Kominfo') returning id`, [region!.id]);
  const [person] = await em.execute<{ id: number; agency_id: number }[]>(
    `insert into person (name, nik, agency_id) values ('Andi', '6310010101900001', ?) returning id, agency_id`, [agency!.id]);
  const [doc] = await em.execute<{ id: number }[]>(
    `insert into document (agency_id, type, hal, classification, archive_code, kepada, tembusan, content, drafter_id, status, created_at, updated_at)
     values (?, 'nota_dinas', 'Sebelum migrasi', 'biasa', '000.1.2', '[]', '[]', '{}', ?, 'signed', now(), now()) returning id`, [person!.agency_id, person!.id]);
  for (const [no, reason] of [[1, 'rendered'], [2, 'signed'], [3, 'signed']] as const) {
    await em.execute(`insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, created_at) values (?, ?, ?, ?, 1, ?, ?, now())`,
      [doc!.id, no, `k${no}`, String(no).repeat(64), reason, person!.id]);
  }
  // Migrations committed in between (position_single_holder) run on the way; this one runs last.
  expect((await orm.migrator.up({ to: 'Migration20261206173100_auth_hardening' })).map((m) => m.name).at(-1)).toBe('Migration20261206173100_auth_hardening');
  const rows = await orm.em.fork().execute<{ reason: string; verification_token: string | null }[]>(
    'select reason, verification_token from document_version where document_id = ? order by no', [doc!.id]);
  expect(rows[0]!.verification_token).toBeNull();
  expect(rows[1]!.verification_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(rows[2]!.verification_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(rows[1]!.verification_token).not.toBe(rows[2]!.verification_token);
});

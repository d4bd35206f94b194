// The migration that recomputes stored capaian by the rulebook's rule: rows
// written with the old API formula (target / realisation when lower is better,
// no cap) get the values the rule gives, worked out here by hand.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@naskah/infra/testing';
import { openOrm, type DomainOrm } from '../orm.js';
import { Migration20261206203040_capaian_rulebook as CapaianRulebook } from './Migration20261206203040_capaian_rulebook.js';

let db: TestDatabase;
let orm: DomainOrm;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openOrm({ databaseUrl: db.url });
  await orm.migrator.up({ to: 'Migration20261206173856_indicator_amounts' });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await orm?.close(true);
  await db?.drop();
});

async function runMigration(): Promise<void> {
  const migration = new CapaianRulebook(orm.em.getDriver(), orm.config);
  await migration.up();
  await client.query('begin');
  for (const q of migration.getQueries()) await client.query(typeof q === 'string' ? q : String(q));
  await client.query('commit');
}

describe('Migration20261206203040_capaian_rulebook', () => {
  test('old values become the rule’s, quarter by quarter', async () => {
    // Rows written against the schema as it was before the migration (not today's seed).
    const region = (await client.query<{ id: number }>(
      `insert into region (code, kind, name, capital) values ('63.10', 'kabupaten', 'Kabupaten Tanah Bumbu', 'Batulicin') returning id`)).rows[0]!.id;
    const agencyId = (await client.query<{ id: number }>(
      `insert into agency (region_id, code, name) values ($1, 'Diskominfosp', 'Diskominfosp') returning id`, [region])).rows[0]!.id;
    const reporter = (await client.query<{ id: number }>(
      `insert into person (name, nik, agency_id) values ('Pelapor', '6310000000000001', $1) returning id`, [agencyId])).rows[0]!.id;
    const agreement = (await client.query<{ id: number }>(
      `insert into agreement (kind, agency_id, title, year, version, parties, parallel, status, created_at)
       values ('kinerja', $1, 'Perjanjian Kinerja 2026', 2026, 1, '[]', false, 'active', now()) returning id`, [agencyId])).rows[0]!.id;
    const indicator = async (code: string, direction: string, targets: number[]) => (await client.query<{ id: number }>(
      `insert into indicator (agreement_id, code, name, unit, direction, target_year, target_q1, target_q2, target_q3, target_q4)
       values ($1, $2, 'indikator', 'hari', $3, $4, $4, $5, $6, $7) returning id`, [agreement, code, direction, ...targets])).rows[0]!.id;
    const lower = await indicator('L', 'lower', [10, 4, 0, 10]);
    const higher = await indicator('H', 'higher', [10, 3, 0, 8]);
    // [indicator, quarter, realisation, what the old API stored, what the rule gives]
    const rows: [number, number, number, number, number][] = [
      [lower, 1, 20, 50, 0], // (2 − 20/10) × 100
      [lower, 2, 5, 80, 75], // (2 − 5/4) × 100
      [lower, 3, 1, 0, 0], // zero target missed
      [lower, 4, 0, 100, 120], // (2 − 0) × 100 = 200, capped
      [higher, 1, 15, 150, 120], // 150 capped
      [higher, 2, 2, 66.67, 66.67], // 2/3 = 66.666… → 66.67
      [higher, 3, 0, 0, 100], // zero target, nothing realised: met
      [higher, 4, 6, 75, 75], // 6/8
    ];
    for (const [id, quarter, realisation, old] of rows) {
      await client.query(`insert into progress_report (indicator_id, quarter, realisation, evidence, achievement, reported_by_id, reported_at) values ($1, $2, $3, '', $4, $5, now())`,
        [id, quarter, realisation, old, reporter]);
    }
    await runMigration();
    const stored = await client.query<{ indicator_id: number; quarter: number; achievement: string }>('select indicator_id, quarter, achievement from progress_report order by indicator_id, quarter');
    expect(stored.rows.map((r) => [r.indicator_id, r.quarter, Number(r.achievement)])).toEqual(rows.map(([id, q, , , rule]) => [id, q, rule]));
  });
});

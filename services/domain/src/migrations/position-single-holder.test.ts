// The migration that makes a position's definitive holder unique: it reports
// existing conflicts (RAISE NOTICE), takes only other-agency duplicates off a
// position, and refuses (changing nothing) when two holders of one agency
// need a person's decision.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@naskah/infra/testing';
import { openOrm, type DomainOrm } from '../orm.js';
import { Migration20261206173043_position_single_holder as PositionSingleHolder } from './Migration20261206173043_position_single_holder.js';

let db: TestDatabase;
let orm: DomainOrm;
let client: pg.Client;
let seed: Organisation;
let notices: string[];

beforeEach(async () => {
  db = await createTestDatabase();
  orm = await openOrm({ databaseUrl: db.url });
  // The schema as it was just before this migration, with rows written against that schema (not
  // today's seed, which follows the current schema): three agencies, each position held once.
  await orm.migrator.up({ to: 'Migration20261123184207_signing_lockout' });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  seed = await organisation();
  notices = [];
  client.on('notice', (n) => notices.push(n.message ?? ''));
});
afterEach(async () => {
  await client.end();
  await orm.close(true);
  await db.drop();
});

interface Organisation { agencyIds: Record<string, number>; positionIds: Record<string, number> }

/** Setda (Sekda), Diskominfosp (Kadis) and Bappeda (Kepala), each position with one holder of its own agency. */
async function organisation(): Promise<Organisation> {
  const region = (await client.query<{ id: number }>(
    `insert into region (code, kind, name, capital) values ('63.10', 'kabupaten', 'Kabupaten Tanah Bumbu', 'Batulicin') returning id`)).rows[0]!.id;
  const agencyIds: Record<string, number> = {};
  const positionIds: Record<string, number> = {};
  for (const [agency, position, title] of [['Setda', 'sekda', 'Sekretaris Daerah'], ['Diskominfosp', 'kadis.kominfo', 'Kepala Dinas'], ['Bappeda', 'kaban.bappeda', 'Kepala Badan']] as const) {
    agencyIds[agency] = (await client.query<{ id: number }>(
      `insert into agency (region_id, code, name) values ($1, $2, $2) returning id`, [region, agency])).rows[0]!.id;
    positionIds[position] = (await client.query<{ id: number }>(
      `insert into position (agency_id, title) values ($1, $2) returning id`, [agencyIds[agency], title])).rows[0]!.id;
  }
  const seeded = { agencyIds, positionIds };
  for (const [agency, position] of [['Setda', 'sekda'], ['Diskominfosp', 'kadis.kominfo'], ['Bappeda', 'kaban.bappeda']] as const) {
    await client.query(`insert into person (name, nik, agency_id, position_id) values ($1, $2, $3, $4)`,
      [`Pejabat ${agency}`, `6310${String(Object.keys(agencyIds).indexOf(agency)).padStart(12, '0')}`, agencyIds[agency], positionIds[position]]);
  }
  return seeded;
}

/** Runs the migration's statements in one transaction, as the migrator does. */
async function runMigration(): Promise<void> {
  const migration = new PositionSingleHolder(orm.em.getDriver(), orm.config);
  await migration.up();
  await client.query('begin');
  try {
    for (const q of migration.getQueries()) await client.query(typeof q === 'string' ? q : String(q));
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

const personIn = async (agency: string, name: string, positionId: number | null): Promise<number> => (await client.query<{ id: number }>(
  `insert into person (name, nik, agency_id, position_id) values ($1, $2, $3, $4) returning id`,
  [name, `63109${String(Math.floor(Math.random() * 1e11)).padStart(11, '0')}`, seed.agencyIds[agency], positionId])).rows[0]!.id;
const positionOf = async (personId: number): Promise<number | null> => (await client.query<{ position_id: number | null }>('select position_id from person where id = $1', [personId])).rows[0]!.position_id;
const indexExists = async (): Promise<boolean> => (await client.query(`select 1 from pg_indexes where indexname = 'person_position_held_unique'`)).rowCount === 1;

describe('Migration20261206173043_position_single_holder', () => {
  test('the demo data has no conflict: no notice, the index is created', async () => {
    await runMigration();
    expect(notices).toEqual([]);
    expect(await indexExists()).toBe(true);
  });

  test('an other-agency second holder is taken off (reported); a lone other-agency holder is only reported', async () => {
    const kadis = seed.positionIds['kadis.kominfo']!;
    const intruder = await personIn('Bappeda', 'Pegawai Bappeda', kadis);
    const [{ id: vacant }] = (await client.query<{ id: number }>(`insert into position (agency_id, title) values ($1, 'Analis Data') returning id`, [seed.agencyIds['Bappeda']])).rows as [{ id: number }];
    const lone = await personIn('Setda', 'Pegawai Setda', vacant);
    await runMigration();
    expect(await positionOf(intruder)).toBeNull();
    expect(await client.query('select 1 from person where position_id = $1', [kadis])).toMatchObject({ rowCount: 1 });
    expect(await positionOf(lone)).toBe(vacant);
    expect(notices).toEqual([
      expect.stringMatching(new RegExp(`^position ${kadis} .*several definitive holders: .*person ${intruder} \\(Pegawai Bappeda`)),
      expect.stringMatching(new RegExp(`position ${kadis}: keeping the holder of agency`)),
      expect.stringMatching(new RegExp(`^person ${lone} \\(Pegawai Setda, agency ${seed.agencyIds['Setda']}\\) holds position ${vacant} of agency ${seed.agencyIds['Bappeda']}`)),
    ]);
    expect(await indexExists()).toBe(true);
  });

  test('two holders of the own agency need a decision: the migration fails listing them and changes nothing', async () => {
    const sekda = seed.positionIds['sekda']!;
    const second = await personIn('Setda', 'Sekda Kedua', sekda);
    const intruder = await personIn('Bappeda', 'Pegawai Bappeda', seed.positionIds['kadis.kominfo']!);
    await expect(runMigration()).rejects.toThrow(new RegExp(`need a decision[\\s\\S]*position ${sekda}: .*Sekda Kedua`));
    expect(await positionOf(second)).toBe(sekda);
    expect(await positionOf(intruder)).toBe(seed.positionIds['kadis.kominfo']);
    expect(await indexExists()).toBe(false);
  });
});

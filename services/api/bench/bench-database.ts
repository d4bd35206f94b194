// The generated databases the API benches run on (naskah_bench_api,
// naskah_bench_dashboard): built once on the test stack and reused while they
// hold the same generator's data; `--fresh` rebuilds.
import pg from 'pg';
import { migrateUp, openOrm, seedDemo, type SeedResult } from '@naskah/domain';

/** One statement on a connection of its own. */
export async function query(url: URL, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** How many documents the generators write: BENCH_DOCUMENTS (default a million); a smaller set for quick iterations. */
export const benchDocuments = Number(process.env['BENCH_DOCUMENTS'] ?? 1_000_000);

export interface BenchDatabase {
  /** The test stack's DATABASE_URL; the bench database sits beside it. */
  adminUrl: URL;
  name: string;
  /** Stored in `bench_marker`: a different version means different data, so the database is rebuilt. */
  generatorVersion: string;
  fresh: boolean;
  /** Fills the migrated, seeded database; the marker is written after it succeeds. */
  generate(url: URL, seed: SeedResult): Promise<void>;
}

/** The URL of the bench database, built first unless it already holds this generator's data. */
export async function prepareBenchDatabase(spec: BenchDatabase): Promise<URL> {
  // The size is part of the data's identity: another BENCH_DOCUMENTS rebuilds.
  const version = `${spec.generatorVersion}-${benchDocuments}`;
  const benchUrl = new URL(spec.adminUrl);
  benchUrl.pathname = `/${spec.name}`;
  const adminDb = new URL(spec.adminUrl);
  adminDb.pathname = '/postgres';
  const exists = (await query(adminDb, 'select 1 from pg_database where datname = $1', [spec.name])).length > 0;
  if (exists && !spec.fresh
    && (await query(benchUrl, `select to_regclass('bench_marker') is not null as ok`))[0]?.['ok']
    && (await query(benchUrl, 'select version from bench_marker'))[0]?.['version'] === version) {
    console.log(`reusing ${spec.name} (run with --fresh to rebuild)`);
    // The data stays; the schema follows the code, as a deployment's would (a migration added since the build).
    const orm = await openOrm({ databaseUrl: benchUrl.toString() });
    try {
      const applied = await migrateUp(orm);
      if (applied.length) console.log(`  migrated: ${applied.join(', ')}`);
    } finally {
      await orm.close(true);
    }
    return benchUrl;
  }
  console.log(`building ${spec.name}: migrations, demo seed, ${benchDocuments.toLocaleString('en')} documents (a minute or two per million)`);
  await query(adminDb, `drop database if exists ${spec.name} with (force)`);
  await query(adminDb, `create database ${spec.name}`);
  const orm = await openOrm({ databaseUrl: benchUrl.toString() });
  let seed: SeedResult;
  try {
    await migrateUp(orm);
    seed = await seedDemo(orm.em.fork());
  } finally {
    await orm.close(true);
  }
  const started = Date.now();
  await spec.generate(benchUrl, seed);
  await query(benchUrl, `create table bench_marker as select '${version}'::text as version`);
  console.log(`generated in ${Math.round((Date.now() - started) / 1000)} s`);
  return benchUrl;
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MikroORM, defineConfig, type EntityManager, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities/index.js';
import { migrationsList } from './migrations/index.js';

export type DomainOrm = MikroORM;
export type DomainEntityManager = EntityManager;

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OrmOptions {
  /** postgres://user:pass@host:port/db */
  databaseUrl: string;
  /** Pool size; the API sizes it to its expected concurrency. */
  poolMax?: number;
  debug?: boolean;
  /**
   * Read and write the committed migration snapshot: only `migration:create` does. MikroORM's
   * `up` rewrites it from the live database after applying a migration, so a run against a
   * database holding other tables (the bench databases) wrote them into the committed file.
   */
  migrationSnapshot?: boolean;
}

/**
 * Session settings for the application's connections. PostgreSQL's JIT
 * compiles plans with big estimated costs; for short OLTP queries over large
 * tables it costs far more than it saves (seconds on the 1M-document bench).
 * random_page_cost 1.1 is the usual SSD / in-memory value: it lets the planner
 * walk from a few thousand inbox or routing rows to documents by key instead
 * of scanning the document table.
 */
export const postgresSessionOptions = '-c jit=off -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0';
// Deep-merged into knex's connection settings (host, user… come from clientUrl).
const sessionOptions = { connection: { options: postgresSessionOptions } };

export function ormConfig(options: OrmOptions): Options {
  return defineConfig({
    clientUrl: options.databaseUrl,
    driverOptions: sessionOptions,
    entities,
    extensions: [Migrator],
    debug: options.debug ?? false,
    pool: { min: 0, max: options.poolMax ?? 10 },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: migrationsDir,
      pathTs: migrationsDir,
      // Listed explicitly so migrations run the same under tsx, jest and a bundler.
      migrationsList,
      snapshot: options.migrationSnapshot ?? false,
      snapshotName: '.snapshot-naskah',
      silent: true,
    },
  });
}

export async function openOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}

/** Applies every pending committed migration; returns their names. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

/** Synchronous construction (defineEntity needs no async discovery); the pool connects on first query. */
export function createOrm(options: OrmOptions): MikroORM {
  return MikroORM.initSync(ormConfig(options));
}

// Hot reads as named prepared statements. MikroORM's `execute` formats the
// parameters into the SQL text, so PostgreSQL parses and plans every call as
// a new statement; here the text is fixed per shape ($1, $2… placeholders)
// and named after its hash, so each pooled connection parses it once and
// PostgreSQL can keep its plan (a generic plan once it proves as good).
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The part of a pg pool (or client) the reads need: a named, parameterised statement. */
interface PreparedQueryable {
  query<T>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
  connect?(): Promise<PreparedClient>;
}
interface PreparedClient {
  query<T>(config: { name: string; text: string; values: unknown[] } | string): Promise<{ rows: T[] }>;
  release(): void;
}

/** `?` placeholders (MikroORM's style, outside quoted literals and identifiers) as `$1`, `$2`… */
function numberedPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

const names = new Map<string, { name: string; text: string }>();

function statement(sql: string): { name: string; text: string } {
  let s = names.get(sql);
  if (!s) {
    const text = numberedPlaceholders(sql);
    s = { name: `nk_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
    // The shapes are few (queues × roles, filter combinations); the bound only guards against a bug making them unbounded.
    if (names.size > 5000) names.clear();
    names.set(sql, s);
  }
  return s;
}

/** Knex's pool of pg clients behind the EntityManager's connection (MikroORM 6). */
interface KnexClientPool {
  acquireConnection(): Promise<PreparedClient>;
  releaseConnection(connection: PreparedClient): Promise<void>;
}

/** The pool behind the EntityManager's connection (no transaction: these are single-statement reads). */
async function readPool(em: EntityManager): Promise<PreparedQueryable> {
  const pool = em.getConnection().getKnex().client as unknown as KnexClientPool;
  const lease = async (): Promise<PreparedClient> => {
    const connection = await pool.acquireConnection();
    return { query: (config) => connection.query(config), release: () => void pool.releaseConnection(connection) };
  };
  return {
    async query<T>(config: { name: string; text: string; values: unknown[] }) {
      const client = await lease();
      try {
        return await client.query<T>(config);
      } finally {
        client.release();
      }
    },
    connect: lease,
  };
}

/**
 * Runs `sql` (with `?` placeholders) as a named prepared statement on the
 * EntityManager's pool. `workMem` (e.g. '32MB') raises the sort memory for
 * this statement alone, in a transaction of its own.
 */
export async function preparedRows<T>(em: EntityManager, sql: string, params: readonly unknown[], options: { workMem?: string } = {}): Promise<T[]> {
  const pool = await readPool(em);
  const { name, text } = statement(sql);
  if (!options.workMem || !pool.connect) return (await pool.query<T>({ name, text, values: [...params] })).rows;
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query({ name: 'nk_work_mem', text: `select set_config('work_mem', $1, true)`, values: [options.workMem] });
    const { rows } = await client.query<T>({ name, text, values: [...params] });
    await client.query('commit');
    return rows;
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

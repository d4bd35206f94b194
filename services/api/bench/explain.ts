// Runs EXPLAIN (ANALYZE, BUFFERS) for statements recorded as JSON ({text, values}[]) on a database.
//   tsx services/api/bench/explain.ts URL file.json [index…] [--generic]
import { readFileSync } from 'node:fs';
import pg from 'pg';

const [url, file, ...rest] = process.argv.slice(2);
const statements = JSON.parse(readFileSync(file!, 'utf8')) as Array<{ text: string; values: unknown[] }>;
const which = rest.filter((a) => !a.startsWith('--')).map(Number);
const client = new pg.Client({ connectionString: url, options: '-c jit=off -c max_parallel_workers_per_gather=0' });
await client.connect();
if (rest.includes('--generic')) await client.query('set plan_cache_mode = force_generic_plan');
for (const [i, s] of statements.entries()) {
  if (which.length && !which.includes(i)) continue;
  const { rows } = await client.query(`explain (analyze, buffers) ${s.text}`, s.values);
  console.log(`--- statement ${i}`);
  for (const r of rows) console.log(r['QUERY PLAN']);
}
await client.end();

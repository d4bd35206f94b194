// Profiles recorded statements ({text, values}[] as JSON, e.g. from show-sql.ts) on a database:
//   tsx services/api/bench/explain.ts URL file.json [index…] [--generic]       EXPLAIN (ANALYZE, BUFFERS) of each
//   tsx services/api/bench/explain.ts URL file.json [index…] --repeat N        each run N times, alternated, on one
//     connection: median and max execution time (EXPLAIN ANALYZE, timing off), so old and new SQL meet the same load.
import { readFileSync } from 'node:fs';
import pg from 'pg';

const [url, file, ...rest] = process.argv.slice(2);
const statements = JSON.parse(readFileSync(file!, 'utf8')) as Array<{ text: string; values: unknown[] }>;
const repeatAt = rest.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(rest[repeatAt + 1]) : 0;
const which = rest.filter((a, i) => !a.startsWith('--') && (repeatAt < 0 || i !== repeatAt + 1)).map(Number);
const chosen = [...statements.entries()].filter(([i]) => !which.length || which.includes(i));
// The API's session settings (no JIT, no parallel workers per query).
const client = new pg.Client({ connectionString: url, options: '-c jit=off -c max_parallel_workers_per_gather=0' });
await client.connect();
if (rest.includes('--generic')) await client.query('set plan_cache_mode = force_generic_plan');
if (repeat > 0) {
  const times = new Map<number, number[]>(chosen.map(([i]) => [i, []]));
  for (let r = 0; r < repeat; r++) {
    for (const [i, s] of chosen) {
      const { rows } = await client.query(`explain (analyze, timing off, format json) ${s.text}`, s.values);
      times.get(i)!.push((rows[0]['QUERY PLAN'] as Array<{ 'Execution Time': number }>)[0]!['Execution Time']);
    }
  }
  for (const [i, t] of times) {
    t.sort((a, b) => a - b);
    console.log(`statement ${i}: median ${t[Math.floor(t.length / 2)]!.toFixed(2)} ms, min ${t[0]!.toFixed(2)} ms, max ${t[t.length - 1]!.toFixed(2)} ms over ${t.length}`);
  }
} else {
  for (const [i, s] of chosen) {
    const { rows } = await client.query(`explain (analyze, buffers) ${s.text}`, s.values);
    console.log(`--- statement ${i}`);
    for (const r of rows) console.log(r['QUERY PLAN']);
  }
}
await client.end();

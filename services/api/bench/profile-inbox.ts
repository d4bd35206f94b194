// `npx tsx services/api/bench/profile-inbox.ts <bench database url>`: where the inbox's time goes, on the
// bench:api database (naskah_bench_api) as kadis.kominfo. Each statement the to-sign and incoming queues send
// (named, with values, recorded through the domain's prepared reads), timed on a connection of its own with the
// API's session options: the first execution (parse and plan) and 30 prepared ones, then its EXPLAIN ANALYZE.
import pg from 'pg';
import { loadViewer, openOrm, postgresSessionOptions, readInbox, type DomainEntityManager } from '@naskah/domain';

const url = process.argv[2]!;
const orm = await openOrm({ databaseUrl: url });
const statements: { name: string; text: string; values: unknown[] }[] = [];
const em = orm.em.fork();
const [{ id }] = await em.execute<{ id: number }[]>(`select id from app_user where username = 'kadis.kominfo'`) as [{ id: number }];
const viewer = (await loadViewer(em, id))!;
const knexPool = em.getConnection().getKnex().client as unknown as { acquireConnection(): Promise<{ query: (c: unknown) => Promise<unknown> }>; releaseConnection(c: unknown): Promise<void> };
const recorder = {
  getConnection: () => ({ getKnex: () => ({ client: { acquireConnection: async () => ({ query: async (c: { name: string; text: string; values: unknown[] }) => {
    statements.push(c); const conn = await knexPool.acquireConnection(); try { return await conn.query(c); } finally { await knexPool.releaseConnection(conn); } } }), releaseConnection: async () => undefined } }) }),
  fork: () => recorder,
} as unknown as DomainEntityManager;
for (const queue of ['to-sign', 'incoming'] as const) {
  statements.length = 0;
  await readInbox(recorder, viewer, queue, 0, 25);
  for (const s of statements) {
    const client = new pg.Client({ connectionString: url, options: postgresSessionOptions });
    await client.connect();
    const t0 = performance.now(); await client.query(s); const first = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < 30; i++) { const t = performance.now(); await client.query(s); times.push(performance.now() - t); }
    times.sort((a, b) => a - b);
    const plan = await client.query(`explain (analyze, buffers, summary) ${s.text.replace(/\$(\d+)/g, (_m, n) => client.escapeLiteral(String(s.values[Number(n) - 1])))}`);
    console.log(`\n=== ${queue}: ${s.text.slice(0, 60).replace(/\s+/g, ' ')}… first ${first.toFixed(1)} ms, prepared p50 ${times[15]!.toFixed(1)} ms, max ${times[29]!.toFixed(1)} ms`);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    await client.end();
  }
}
await orm.close(true);

// `npm run bench:dashboard`: the leaders' dashboard use case on 1,000,000
// documents, 150,000 dispositions and 50 agencies, as a leader (every agency)
// and as staff (their own), over a year, two years and a month.
//
// Builds `naskah_bench_dashboard` on the test stack (migrations, demo seed,
// dashboard.sql) unless it already holds this generator's data (`--fresh`
// rebuilds it), then times getDashboard on a pool with the API's session
// settings, one request at a time: a leader opening the screen.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv, stackProfile, startStack } from '@naskah/infra/stack';
import { loadViewer, openOrm, refreshDashboardDays } from '@naskah/domain';
import { benchDocuments, prepareBenchDatabase, query } from './bench-database.js';
import { getDashboard, type DashboardPeriod } from '../src/use-cases/get-dashboard.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const generatorVersion = 'bench-dashboard-v1';
const databaseName = 'naskah_bench_dashboard';
const runs = Number(process.env['BENCH_RUNS'] ?? 9);

const profile = stackProfile('test');
console.log('bench:dashboard — starting the test stack if needed');
await startStack(profile);
const benchUrl = await prepareBenchDatabase({
  adminUrl: new URL(stackEnv(profile)['DATABASE_URL']!), name: databaseName, generatorVersion, fresh: process.argv.includes('--fresh'),
  async generate(url) {
    await query(url, readFileSync(path.join(here, 'dashboard.sql'), 'utf8').replaceAll(':documents', String(benchDocuments)));
    await query(url, 'vacuum analyze');
  },
});

// openOrm uses the API's session options (no JIT, no parallel workers per query).
const orm = await openOrm({ databaseUrl: benchUrl.toString() });
// What the dashboard-rollup schedule does every night: complete days into dashboard_day (the first time all of them).
const rollupStarted = performance.now();
const rolled = await refreshDashboardDays(orm.em.fork());
console.log(`dashboard rollup refreshed (${rolled.from ?? 'every day'} .. ${rolled.until}) in ${Math.round(performance.now() - rollupStarted)} ms`);
const periods: Array<[string, DashboardPeriod]> = [
  ['year 2026', { from: '2026-01-01', to: '2026-12-31' }],
  ['2025-2026', { from: '2025-01-01', to: '2026-12-31' }],
  ['March 2026', { from: '2026-03-01', to: '2026-03-31' }],
];
const rows: string[][] = [];
const metrics: Record<string, { p50: number; max: number; signed: number; agencies: number }> = {};
const round = (x: number) => Math.round(x * 10) / 10;
try {
  for (const [user, label] of [['bupati', 'leader (every agency)'], ['staf.kominfo', 'staff (own agency)']] as const) {
    const em = orm.em.fork();
    const [row] = await em.execute<{ id: number }[]>('select id from app_user where username = ?', [user]);
    const viewer = (await loadViewer(em, row!.id))!;
    for (const [name, period] of periods) {
      await getDashboard(orm.em.fork(), viewer, period); // warm the cache of the index pages
      const times: number[] = [];
      let last: Awaited<ReturnType<typeof getDashboard>> | undefined;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        last = await getDashboard(orm.em.fork(), viewer, period);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const p50 = times[Math.floor(times.length / 2)]!;
      const max = times.at(-1)!;
      metrics[`${user === 'bupati' ? 'leader' : 'staff'}_${name.replace(/\W+/g, '_')}`] = { p50: round(p50), max: round(max), signed: last!.totals.documentsSigned, agencies: last!.agencies.length };
      rows.push([label, name, String(last!.agencies.length), last!.totals.documentsSigned.toLocaleString('en'), String(round(p50)), String(round(max))]);
    }
  }
} finally {
  await orm.close(true);
}

const load = loadavg().map((x) => Math.round(x * 10) / 10);
const header = ['viewer', 'period', 'agencies', 'signed in period', 'p50 ms', 'max ms'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
console.log(`\nmachine: ${cpus().length} cores, load average ${load.join(' / ')} (1/5/15 min); ${runs} runs each, one at a time`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
const resultsDir = path.join(repoRoot, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'dashboard.json'), `${JSON.stringify({
  name: 'dashboard', at: new Date().toISOString(), metrics,
  context: { documents: benchDocuments, dispositions: 150_000, agencies: 50, runs, cores: cpus().length, loadAverage: load, sessions: 'API session options (jit off, no parallel workers)' },
}, null, 2)}\n`);
console.log('wrote bench/results/dashboard.json');

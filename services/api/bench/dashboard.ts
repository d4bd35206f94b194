// `npm run bench:dashboard`: the leaders' dashboard use case on 1,000,000
// documents, 150,000 dispositions and 50 agencies, as a leader (every agency)
// and as staff (their own), over a year, two years and a month: the per-day
// rollup (what the API runs) side by side with the direct query over the
// documents and dispositions it replaced (dashboard-direct.ts), in the same
// run, checking that both give the same figures.
//
// Builds `naskah_bench_dashboard` on the test stack (migrations, demo seed,
// dashboard.sql, then the rollup's backfill) unless it already holds this
// generator's data (`--fresh` rebuilds it), then times both on a pool with the
// API's session settings, one request at a time: a leader opening the screen.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv, stackProfile, startStack } from '@naskah/infra/stack';
import { loadViewer, openOrm, pemdaTimeZone, rebuildDashboardDays } from '@naskah/domain';
import { directDashboard, type DirectFigures } from './dashboard-direct.js';
import { benchDocuments, prepareBenchDatabase, query } from './bench-database.js';
import { getDashboard, type DashboardPeriod } from '../src/use-cases/get-dashboard.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const generatorVersion = 'bench-dashboard-v2';
const databaseName = 'naskah_bench_dashboard';
const runs = Number(process.env['BENCH_RUNS'] ?? 9);

const profile = stackProfile('test');
console.log('bench:dashboard — starting the test stack if needed');
await startStack(profile);
const benchUrl = await prepareBenchDatabase({
  adminUrl: new URL(stackEnv(profile)['DATABASE_URL']!), name: databaseName, generatorVersion, fresh: process.argv.includes('--fresh'),
  async generate(url) {
    await query(url, readFileSync(path.join(here, 'dashboard.sql'), 'utf8').replaceAll(':documents', String(benchDocuments)));
    // The rollup's backfill, as the migration does for an installation's existing records.
    const orm = await openOrm({ databaseUrl: url.toString() });
    try {
      const started = performance.now();
      await orm.em.fork().transactional((tx) => rebuildDashboardDays(tx));
      console.log(`dashboard_day backfilled from every document and disposition in ${Math.round(performance.now() - started)} ms`);
    } finally {
      await orm.close(true);
    }
    await query(url, 'vacuum analyze');
  },
});

// openOrm uses the API's session options (no JIT, no parallel workers per query).
const orm = await openOrm({ databaseUrl: benchUrl.toString() });
const periods: Array<[string, DashboardPeriod]> = [
  ['year 2026', { from: '2026-01-01', to: '2026-12-31' }],
  ['2025-2026', { from: '2025-01-01', to: '2026-12-31' }],
  ['March 2026', { from: '2026-03-01', to: '2026-03-31' }],
];
const rows: string[][] = [];
const metrics: Record<string, { rollupP50: number; rollupMax: number; directP50: number; directMax: number; ratio: number; same: boolean; signed: number; agencies: number }> = {};
const round = (x: number) => Math.round(x * 10) / 10;
/** p50 and max of `runs` timed calls after one warm-up call. */
async function timed<T>(call: () => Promise<T>): Promise<{ p50: number; max: number; last: T }> {
  let last = await call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, max: times.at(-1)!, last };
}
let allSame = true;
try {
  const zone = await pemdaTimeZone(orm.em.fork());
  const now = new Date();
  for (const [user, label] of [['bupati', 'leader (every agency)'], ['staf.kominfo', 'staff (own agency)']] as const) {
    const em = orm.em.fork();
    const [row] = await em.execute<{ id: number }[]>('select id from app_user where username = ?', [user]);
    const viewer = (await loadViewer(em, row!.id))!;
    for (const [name, period] of periods) {
      // Alternating per period, so a burst of load on the shared machine hits both alike.
      const rollup = await timed(() => getDashboard(orm.em.fork(), viewer, period, now));
      const ids = rollup.last.agencies.map((a) => a.agencyId);
      const direct = await timed(() => directDashboard(orm.em.fork(), ids, period, zone, now));
      const figures = (f: Awaited<ReturnType<typeof getDashboard>>['totals']): DirectFigures => ({
        created: f.documentsCreated, signed: f.documentsSigned, cancelled: f.documentsCancelled, timed: f.signaturesTimed,
        median: f.medianSubmitToSignHours, p90: f.p90SubmitToSignHours, open: f.openDispositions, overdue: f.overdueDispositions,
      });
      const fromRollup = new Map<number, DirectFigures>([[0, figures(rollup.last.totals)], ...rollup.last.agencies.map((a) => [a.agencyId, figures(a)] as [number, DirectFigures])]);
      // Staff see their own agency: its totals are that agency's, whatever the direct query's region row says.
      const keys = rollup.last.scope === 'region' ? [0, ...ids] : ids;
      const same = keys.every((k) => JSON.stringify(fromRollup.get(k)) === JSON.stringify(direct.last.get(k)));
      if (!same) {
        allSame = false;
        for (const k of keys) if (JSON.stringify(fromRollup.get(k)) !== JSON.stringify(direct.last.get(k))) console.log(`DIFFERENT ${user} ${name} agency ${k}: rollup ${JSON.stringify(fromRollup.get(k))} direct ${JSON.stringify(direct.last.get(k))}`);
      }
      const ratio = direct.p50 / rollup.p50;
      metrics[`${user === 'bupati' ? 'leader' : 'staff'}_${name.replace(/\W+/g, '_')}`] = {
        rollupP50: round(rollup.p50), rollupMax: round(rollup.max), directP50: round(direct.p50), directMax: round(direct.max), ratio: round(ratio), same,
        signed: rollup.last.totals.documentsSigned, agencies: ids.length,
      };
      rows.push([label, name, String(ids.length), rollup.last.totals.documentsSigned.toLocaleString('en'), String(round(rollup.p50)), String(round(rollup.max)),
        String(round(direct.p50)), String(round(direct.max)), `${round(ratio)}×`, same ? 'yes' : 'NO', '< 100 (p99)']);
    }
  }
} finally {
  await orm.close(true);
}

const load = loadavg().map((x) => Math.round(x * 10) / 10);
const header = ['viewer', 'period', 'agencies', 'signed in period', 'rollup p50 ms', 'rollup max ms', 'direct p50 ms', 'direct max ms', 'direct/rollup', 'same figures', 'goal ms'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
console.log(`\nmachine: ${cpus().length} cores, load average ${load.join(' / ')} (1/5/15 min); ${runs} runs each, one at a time`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
if (!allSame) {
  console.log('the rollup and the direct query gave different figures (above)');
  process.exitCode = 1;
}
const resultsDir = path.join(repoRoot, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'dashboard.json'), `${JSON.stringify({
  name: 'dashboard', at: new Date().toISOString(), metrics,
  context: { documents: benchDocuments, dispositions: 150_000, agencies: 50, runs, cores: cpus().length, loadAverage: load, sessions: 'API session options (jit off, no parallel workers)', direct: 'the pre-rollup query over documents and dispositions, same run' },
}, null, 2)}\n`);
console.log('wrote bench/results/dashboard.json');

// `npm run bench:sign`: Naskah's signing throughput and large-file cost, each
// next to a baseline measured in the same run, on one core (taskset -c 0).
import { execFileSync, spawnSync } from 'node:child_process';
import { sign as rsaSign, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import signpdfModule from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { openPkcs12 } from '../src/keys/index.js';
import { inProcessTimestampClient } from '../src/pki/index.js';
import { signPdf } from '../src/sign.js';
import { buildFixture, buildLargePdf } from '../test/fixtures.js';
import { makeTestPki, PASSPHRASE } from '../test/pki-setup.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../../..');
const signpdf = ((signpdfModule as unknown as { default?: unknown }).default ?? signpdfModule) as {
  sign(pdf: Buffer, signer: unknown): Promise<Buffer>;
};

/** Runs `fn` repeatedly for about `ms` and returns operations per second. */
async function rate(ms: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    await fn();
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

interface Metric {
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
}
const metrics: Record<string, Metric> = {};
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
function record(key: string, value: number, unit: string, baseline: number | null): void {
  metrics[key] = { value: round(value), unit, baseline: baseline === null ? null : round(baseline), ratio: baseline ? round(value / baseline, 3) : null };
}

const work = mkdtempSync(join(tmpdir(), 'naskah-bench-sign-'));
try {
  const tp = await makeTestPki(work);
  const memoPath = await buildFixture('classic', { dir: work, otherToolP12: tp.p12.dewi, passphraseFile: tp.passphraseFile });
  const memo = readFileSync(memoPath);
  const holder = openPkcs12(readFileSync(tp.p12.andi), PASSPHRASE);
  const tsa = inProcessTimestampClient(tp.pki);
  const p12 = readFileSync(tp.p12.andi);

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.alloc(100, 7);
  const rsa = await rate(1500, () => rsaSign('sha256', data, privateKey));
  record('rsa2048_sign_per_s', rsa, 'op/s', null);

  const theirs = await rate(3000, () =>
    signpdf.sign(
      plainAddPlaceholder({ pdfBuffer: memo, reason: 'Menyetujui', contactInfo: '', name: 'Andi', location: 'Makassar' }),
      new P12Signer(p12, { passphrase: PASSPHRASE }),
    ),
  );
  record('signpdf_memo_per_s', theirs, 'signatures/s', null);
  const bb = await rate(3000, () => signPdf(memo, { holder, level: 'B-B', verificationUrl: 'https://naskah.go.id/verifikasi/bench' }));
  record('naskah_memo_bb_per_s', bb, 'signatures/s', theirs);
  const bt = await rate(3000, () => signPdf(memo, { holder, level: 'B-T', timestamp: tsa, verificationUrl: 'https://naskah.go.id/verifikasi/bench' }));
  record('naskah_memo_bt_per_s', bt, 'signatures/s', theirs);
  record('naskah_memo_bb_vs_rsa', bb, 'signatures/s', rsa);

  const large = join(work, 'large.pdf');
  await buildLargePdf(large, 40, 300);
  const size = statSync(large).size;
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'sign-large.ts'), large, join(work, 'large-signed.pdf'), tp.p12.andi, tp.passphraseFile],
    { encoding: 'utf8', cwd: repoRoot },
  );
  if (child.status !== 0) throw new Error(`large-file child failed: ${child.stderr}`);
  const largeResult = JSON.parse(child.stdout.trim().split('\n').pop()!) as { shaMs: number; signMs: number; maxRssKb: number };
  record('large_file_mb', size / 1048576, 'MB', null);
  record('large_sign_ms', largeResult.signMs, 'ms', largeResult.shaMs);
  const rssMb = largeResult.maxRssKb / 1024;
  record('large_peak_rss_mb', rssMb, 'MB', size / 1048576 + 150);
  execFileSync('qpdf', ['--check', join(work, 'large-signed.pdf')], { stdio: 'ignore' });

  const rows: [string, string, string, string][] = [
    ['raw crypto.sign RSA-2048', `${round(rsa, 0)} op/s`, '', ''],
    ['@signpdf memo (invisible)', `${round(theirs, 1)} sig/s`, '', ''],
    ['Naskah memo B-B (visible stamp)', `${round(bb, 1)} sig/s`, `${round(bb / theirs, 1)}x @signpdf`, 'target >= 500/s, ~20x'],
    ['Naskah memo B-T (in-process TSA)', `${round(bt, 1)} sig/s`, `${round(bt / theirs, 1)}x @signpdf`, ''],
    [`${round(size / 1048576, 1)} MB PDF: one SHA-256 pass`, `${round(largeResult.shaMs, 0)} ms`, '', ''],
    [`${round(size / 1048576, 1)} MB PDF: Naskah B-B`, `${round(largeResult.signMs, 0)} ms`, `${round(largeResult.signMs / largeResult.shaMs, 2)}x SHA-256`, 'target <= 3x'],
    ['peak RSS signing it', `${round(rssMb, 0)} MB`, `limit ${round(size / 1048576 + 150, 0)} MB`, 'target < size + 150 MB'],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), 8));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(['measure', 'value', 'ratio', 'target']));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));

  const outDir = join(repoRoot, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'sign.json'), `${JSON.stringify({ name: 'sign', at: new Date().toISOString(), metrics }, null, 2)}\n`);
  console.log(`\nwrote bench/results/sign.json`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

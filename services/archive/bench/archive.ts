// bench:archive — archive N documents (~300 KB each) into the locked bucket, then
// scan them; baselines measured side by side in the same run on the same MinIO:
//  - archive: documents/s against a raw putObject of the same bytes (same concurrency);
//  - scan: MB/s against a raw getObject + SHA-256 of the same objects (same concurrency),
//    alternated with it (best of each of BENCH_ROUNDS=3 rounds), with the goal (scan <= 1.5x the raw read) beside it.
// Runs on a MinIO process of its own (temp data dir, deleted at the end): the
// archived objects are locked for years and must not pile up in the test stack.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { stackEnv, stackProfile, startStack } from '@naskah/infra/stack';
import { migrateUp, openOrm, seedDemo } from '@naskah/domain';
import { ownMinio } from '../test/own-minio.js';
import { archiveLatestVersion, type ArchiveContext } from '../src/archive-document.js';
import { ensureBuckets } from '../src/buckets.js';
import { putVersion } from '../src/version-store.js';
import { scanArchiveBatch } from '../src/scan/integrity-scan.js';
import { sha256OfStream } from '../src/hashing-stream.js';

const n = Number(process.env['BENCH_DOCUMENTS'] ?? 1000);
const averageBytes = 300 * 1024;
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const repo = fileURLToPath(new URL('../../../', import.meta.url));

async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

function pdfOfSize(size: number): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\nstartxref\n0\n%%EOF\n')]);
}

const profile = stackProfile('test');
console.log(`bench:archive — ${n} documents of ~${averageBytes / 1024} KB, concurrency ${concurrency}`);
await startStack(profile);
const adminUrl = new URL(stackEnv(profile)['DATABASE_URL']!);
const dbName = `naskah_bench_archive_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`create database "${dbName}"`);
const benchUrl = new URL(adminUrl);
benchUrl.pathname = `/${dbName}`;
const minio = await ownMinio(9020);
const orm = await openOrm({ databaseUrl: benchUrl.toString(), poolMax: concurrency + 2 });
try {
  await migrateUp(orm);
  await seedDemo(orm.em.fork());
  const ctx: ArchiveContext = { orm, storage: { client: minio.client, buckets: { versions: 'naskah-versions', arsip: 'naskah-arsip' } } };
  await ensureBuckets(ctx.storage);
  await minio.client.makeBucket('raw-baseline');

  // Preparation (not timed): N documents, each with its final version stored content-addressed.
  const em = orm.em.fork();
  const [agency] = await em.execute<{ id: number }[]>('select id from agency order by id limit 1');
  const [person] = await em.execute<{ id: number }[]>('select id from person where agency_id = ? order by id limit 1', [agency!.id]);
  const codes = ['000.1.2', '000.5.3', '000.7', '900.1', '400.14'];
  const docs: { id: number; pdf: Buffer }[] = [];
  const ids = Array.from({ length: n }, (_, i) => i);
  await inParallel(ids, async (i) => {
    // 150-450 KB, averaging 300 KB.
    const pdf = pdfOfSize(Math.round(averageBytes * (0.5 + ((i * 7919) % 1000) / 1000)));
    const stored = await putVersion(ctx.storage, pdf);
    const [doc] = await orm.em.fork().execute<{ id: number }[]>(
      `insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, status, number, created_at, updated_at)
       values (?, 'surat_dinas', ?, ?, '[]', '[]', '{}', ?, 'distributed', ?, now(), now()) returning id`,
      [agency!.id, `Dokumen uji arsip ${i}`, codes[i % codes.length], person!.id, `BENCH/${i}/2026`]);
    await orm.em.fork().execute(
      `insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, created_at) values (?, 1, ?, ?, ?, 'final', ?, now())`,
      [doc!.id, stored.key, stored.sha256, stored.size, person!.id]);
    docs.push({ id: doc!.id, pdf });
  });
  const totalBytes = docs.reduce((s, d) => s + d.pdf.length, 0);

  let t = performance.now();
  await inParallel(docs, (d) => minio.client.putObject('raw-baseline', `raw/${d.id}.pdf`, d.pdf, d.pdf.length));
  const rawPutSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  await inParallel(docs, (d) => archiveLatestVersion(ctx, d.id));
  const archiveSeconds = (performance.now() - t) / 1000;

  // Raw read of the very objects the scan reads (the archived PDFs), hashed the same way.
  // Run before and after the scan; the faster one is the baseline, so a warmer cache never flatters the scan.
  const archived = await orm.em.fork().execute<{ object_key: string; version_id: string | null }[]>('select object_key, version_id from archive_record order by id');
  let rawBytes = 0;
  const rawRead = async (): Promise<number> => {
    const started = performance.now();
    rawBytes = 0;
    await inParallel(archived, async (r) => {
      const { size } = await sha256OfStream(await minio.client.getObject('naskah-arsip', r.object_key, r.version_id ? { versionId: r.version_id } : {}));
      rawBytes += size;
    });
    return (performance.now() - started) / 1000;
  };
  // Raw read and scan alternate (raw, scan, raw, ..., raw), three rounds by default: the machine is shared, a
  // neighbour's burst can land on either side, and the best of each is compared.
  const rounds = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
  let scanSeconds = Infinity;
  let rawReadSeconds = await rawRead();
  let pdfBytes = 0;
  for (let round = 0; round < rounds; round++) {
    t = performance.now();
    let cursor = 0;
    let scanned = 0;
    let problems = 0;
    pdfBytes = 0;
    for (;;) {
      const batch = await scanArchiveBatch(ctx, { cursor, batchSize: 200, concurrency });
      cursor = batch.cursor;
      scanned += batch.checked;
      problems += batch.problems.length;
      pdfBytes += batch.bytes;
      if (batch.done) break;
    }
    scanSeconds = Math.min(scanSeconds, (performance.now() - t) / 1000);
    if (scanned !== n || problems !== 0) throw new Error(`scan checked ${scanned}/${n} with ${problems} problems`);
    rawReadSeconds = Math.min(rawReadSeconds, await rawRead());
  }

  const mb = totalBytes / 1e6;
  const round = (x: number, d = 2) => Number(x.toFixed(d));
  // Scan MB/s counts the PDF bytes it proves (manifests are overhead it must pay, not extra credit).
  const metrics = {
    archive_documents_per_s: { value: round(n / archiveSeconds), unit: 'documents/s', baseline: round(n / rawPutSeconds), ratio: round(rawPutSeconds / archiveSeconds, 3), goal: null },
    scan_mb_per_s: { value: round(mb / scanSeconds), unit: 'MB/s', baseline: round(rawBytes / 1e6 / rawReadSeconds), ratio: round(rawReadSeconds / scanSeconds, 3), goal: null },
    scan_time_vs_raw_read: { value: round(scanSeconds, 2), unit: 's', baseline: round(rawReadSeconds, 2), ratio: round(scanSeconds / rawReadSeconds, 3), goal: '<= 1.5x' },
  };
  console.log('');
  console.log('| metric | value | baseline (raw MinIO client, same run) | ratio | goal |');
  console.log('|---|---|---|---|---|');
  for (const [name, m] of Object.entries(metrics)) console.log(`| ${name} | ${m.value} ${m.unit} | ${m.baseline} ${m.unit} | ${m.ratio} | ${m.goal ?? '—'} |`);
  console.log(`\n${n} documents, ${round(mb, 1)} MB of PDF; scan hashed ${round(pdfBytes / 1e6, 1)} MB (PDFs, and manifests only where the listing showed a problem). Goal: scan time within 1.5x of the raw read (${metrics.scan_time_vs_raw_read.ratio <= 1.5 ? 'met' : 'NOT met'}).`);
  const out = path.join(repo, 'bench/results/archive.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ name: 'archive', at: new Date().toISOString(), metrics }, null, 2)}\n`);
  console.log(`wrote ${path.relative(repo, out)}`);
} finally {
  await orm.close(true);
  await minio.destroy();
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
}

// A database (migrated + demo seed) and the two buckets, for one test file.
import { createHash, randomBytes } from 'node:crypto';
import { createTestBucket, createTestDatabase, type TestBucket, type TestDatabase } from '@naskah/infra/testing';
import { migrateUp, openOrm, seedDemo, type DomainOrm } from '@naskah/domain';
import type { ArchiveContext } from '../src/archive-document.js';
import type { ArchiveStorage } from '../src/storage.js';

export interface ArchiveTestBed {
  ctx: ArchiveContext;
  orm: DomainOrm;
  storage: ArchiveStorage;
  /** A document with one stored final version; returns its id and the PDF's hash. */
  makeDocument(options?: { archiveCode?: string; classification?: string; hal?: string; pdf?: Buffer }): Promise<{ documentId: number; pdf: Buffer; sha256: string; versionKey: string }>;
  close(): Promise<void>;
}

/** A small byte string shaped like a PDF (tests that do not verify signatures). */
export function fakePdf(size = 4096): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\nstartxref\n0\n%%EOF\n')]);
}

export async function archiveTestBed(): Promise<ArchiveTestBed> {
  const db: TestDatabase = await createTestDatabase();
  const orm = await openOrm({ databaseUrl: db.url, poolMax: 8 });
  await migrateUp(orm);
  await seedDemo(orm.em.fork());
  const versions: TestBucket = await createTestBucket();
  await versions.client.setBucketVersioning(versions.name, { Status: 'Enabled' });
  // Locked objects cannot be removed until their retention ends, so this bucket is left behind (tiny objects).
  const arsip: TestBucket = await createTestBucket({ objectLocking: true });
  const storage: ArchiveStorage = { client: versions.client, buckets: { versions: versions.name, arsip: arsip.name } };
  const ctx: ArchiveContext = { storage, orm };
  const em = orm.em.fork();
  const [agency] = await em.execute<{ id: number }[]>('select id from agency order by id limit 1');
  const [person] = await em.execute<{ id: number }[]>('select id from person where agency_id = ? order by id limit 1', [agency!.id]);
  let seq = 0;
  return {
    ctx, orm, storage,
    async makeDocument(options = {}) {
      const n = (seq += 1);
      const pdf = options.pdf ?? fakePdf();
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      const key = `sha256/${sha256}.pdf`;
      await storage.client.putObject(storage.buckets.versions, key, pdf, pdf.length, { 'Content-Type': 'application/pdf' });
      const [doc] = await em.execute<{ id: number }[]>(
        `insert into document (agency_id, type, hal, classification, archive_code, kepada, tembusan, content, drafter_id, status, number, created_at, updated_at, signed_at)
         values (?, 'surat_dinas', ?, ?, ?, '[]', '[]', '{}', ?, 'distributed', ?, now(), now(), now()) returning id`,
        [agency!.id, options.hal ?? `Undangan rapat koordinasi ${n}`, options.classification ?? 'biasa', options.archiveCode ?? '000.1.2', person!.id, `000.1.2/${n}/TEST/2026`]);
      await em.execute(
        `insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, created_at) values (?, 1, ?, ?, ?, 'final', ?, now())`,
        [doc!.id, key, sha256, pdf.length, person!.id]);
      return { documentId: doc!.id, pdf, sha256, versionKey: key };
    },
    async close() {
      await versions.drop().catch(() => undefined);
      await orm.close(true);
      await db.drop();
    },
  };
}

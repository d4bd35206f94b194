import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { testConfig, testMinioDrives } from '@naskah/infra/testing';
import { archiveTestBed, fakePdf, type ArchiveTestBed } from '../test/archive-fixtures.js';
import { archiveDocument, archiveLatestVersion, manifestKey } from './archive-document.js';
import { permanentRetainUntil } from './retention.js';
import { objectLock } from './storage.js';
import { scanArchiveBatch } from './scan/integrity-scan.js';
import { putVersion } from './version-store.js';
import { setLegalHold } from './legal-hold.js';

let bed: ArchiveTestBed;
beforeAll(async () => { bed = await archiveTestBed(); }, 120_000);
afterAll(async () => { await bed?.close(); });

describe('the MinIO the archive tests run on', () => {
  test('is erasure-coded over four drives (EC:2, production\'s mode): write quorum 3, and a locked, versioned object lands on every drive', async () => {
    // One drive would answer write quorum 1; four drives with two parity shards need three to write.
    const { endPoint, port } = testConfig().minio;
    const health = await fetch(`http://${endPoint}:${port}/minio/health/cluster`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-minio-write-quorum')).toBe('3');
    const doc = await bed.makeDocument();
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
    expect(archived.versionId).toBeTruthy();
    const drives = testMinioDrives();
    expect(drives).toHaveLength(4);
    // Each drive of the set keeps the object's metadata (xl.meta) beside its shard: the server the test talks to stores on these four.
    expect(drives.map((drive) => existsSync(join(drive, bed.storage.buckets.arsip, archived.objectKey, 'xl.meta')))).toEqual([true, true, true, true]);
  });
});

describe('archiving into the locked bucket', () => {
  test('retention comes from the JRA: routine correspondence 1+1 years, COMPLIANCE mode', async () => {
    const doc = await bed.makeDocument({ archiveCode: '000.1.2.3' });
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
    expect(archived.created).toBe(true);
    const retention = await bed.storage.client.getObjectRetention(bed.storage.buckets.arsip, archived.objectKey, { versionId: archived.versionId! });
    expect(retention).toMatchObject({ mode: 'COMPLIANCE' });
    const years = (new Date(String(retention?.retainUntilDate)).getTime() - Date.now()) / (365.25 * 86_400_000);
    expect(years).toBeGreaterThan(1.9);
    expect(years).toBeLessThan(2.1);
  });

  test('a permanent record (LKjIP 000.5.3) is locked until the latest date S3 accepts', async () => {
    const doc = await bed.makeDocument({ archiveCode: '000.5.3' });
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
    expect(archived.retainUntil.toISOString()).toBe(permanentRetainUntil.toISOString());
    const [row] = await bed.orm.em.fork().execute<{ fate: string }[]>('select fate from archive_record where id = ?', [archived.archiveId]);
    expect(row?.fate).toBe('permanen');
  });

  test('deleting the locked version fails, and an overwrite cannot replace what was archived', async () => {
    const doc = await bed.makeDocument();
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
    const { client, buckets } = bed.storage;
    await expect(client.removeObject(buckets.arsip, archived.objectKey, { versionId: archived.versionId! }))
      .rejects.toThrow(/WORM protected/);
    // COMPLIANCE ignores the governance bypass that an admin could use.
    await expect(client.removeObject(buckets.arsip, archived.objectKey, { versionId: archived.versionId!, governanceBypass: true })).rejects.toBeDefined();
    await expect(client.statObject(buckets.arsip, archived.objectKey, { versionId: archived.versionId! })).resolves.toMatchObject({ size: doc.pdf.length });
    // Shortening COMPLIANCE retention is refused too.
    await expect(objectLock(client).putObjectRetention(buckets.arsip, archived.objectKey,
      { mode: 'COMPLIANCE', retainUntilDate: new Date(Date.now() + 60_000).toISOString(), versionId: archived.versionId! })).rejects.toBeDefined();
    // The archive's own writes refuse to overwrite (If-None-Match) ...
    await expect(client.putObject(buckets.arsip, archived.objectKey, fakePdf(10), undefined, { 'If-None-Match': '*' }))
      .rejects.toMatchObject({ code: 'PreconditionFailed' });
    // ... and a raw overwrite only adds a version: the archived one still reads back byte for byte.
    await client.putObject(buckets.arsip, archived.objectKey, Buffer.from('%PDF-1.7 forged'));
    const chunks: Buffer[] = [];
    for await (const c of await client.getObject(buckets.arsip, archived.objectKey, { versionId: archived.versionId! })) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(doc.pdf)).toBe(true);
  });

  test('archiving the same document again (a retry) writes nothing new', async () => {
    const doc = await bed.makeDocument();
    const first = await archiveDocument(bed.ctx, { documentId: doc.documentId, pdf: doc.pdf, sha256: doc.sha256 });
    const second = await archiveDocument(bed.ctx, { documentId: doc.documentId, pdf: doc.pdf, sha256: doc.sha256 });
    expect(second).toMatchObject({ archiveId: first.archiveId, versionId: first.versionId, created: false });
    const versions: unknown[] = [];
    for await (const v of bed.storage.client.listObjects(bed.storage.buckets.arsip, `arsip/${doc.documentId}/`, true, { IncludeVersion: true })) versions.push(v);
    expect(versions).toHaveLength(2); // the PDF and its manifest, once each
    const [events] = await bed.orm.em.fork().execute<{ n: string }[]>(
      "select count(*) as n from audit_event where action = 'archive.archived' and subject_id = ?", [String(doc.documentId)]);
    expect(Number(events?.n)).toBe(1);
  });

  test('bytes that do not match the recorded sha256 are refused before anything lands in the bucket', async () => {
    const doc = await bed.makeDocument();
    await expect(archiveDocument(bed.ctx, { documentId: doc.documentId, pdf: fakePdf(), sha256: doc.sha256 }))
      .rejects.toMatchObject({ code: 'ARCHIVE_HASH_MISMATCH' });
    const found: unknown[] = [];
    for await (const v of bed.storage.client.listObjects(bed.storage.buckets.arsip, `arsip/${doc.documentId}/`, true, { IncludeVersion: true })) found.push(v);
    expect(found).toHaveLength(0);
  });

  test('a kode klasifikasi with no JRA rule is a typed error naming the field', async () => {
    const doc = await bed.makeDocument({ archiveCode: '777.9' });
    await expect(archiveLatestVersion(bed.ctx, doc.documentId)).rejects.toMatchObject({ code: 'RETENTION_RULE_MISSING', field: 'archiveCode' });
  });

  test('legal hold on and off is set on the object and audited', async () => {
    const doc = await bed.makeDocument();
    const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
    const admin = { id: null, name: 'Admin uji' };
    await setLegalHold(bed.ctx, archived.archiveId, true, admin, 'Pemeriksaan Inspektorat 2026');
    const hold = await bed.storage.client.getObjectLegalHold(bed.storage.buckets.arsip, archived.objectKey, { versionId: archived.versionId! });
    expect(hold).toMatchObject({ Status: 'ON' });
    await setLegalHold(bed.ctx, archived.archiveId, false, admin, 'Pemeriksaan selesai');
    await expect(bed.storage.client.getObjectLegalHold(bed.storage.buckets.arsip, archived.objectKey, { versionId: archived.versionId! })).resolves.toMatchObject({ Status: 'OFF' });
    const actions = await bed.orm.em.fork().execute<{ action: string }[]>(
      "select action from audit_event where subject_type = 'archive_record' and subject_id = ? order by seq", [String(archived.archiveId)]);
    expect(actions.map((a) => a.action)).toEqual(['archive.legal_hold_on', 'archive.legal_hold_off']);
    await expect(setLegalHold(bed.ctx, archived.archiveId, true, admin, '')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
  });
});

describe('content-addressed versions', () => {
  test('a version streams in under sha256/<hash>.pdf; the same bytes twice keep one object', async () => {
    const pdf = fakePdf(200_000);
    const a = await putVersion(bed.storage, pdf);
    const b = await putVersion(bed.storage, pdf);
    expect(a.key).toMatch(/^sha256\/[0-9a-f]{64}\.pdf$/);
    expect(b).toEqual(a);
    expect(a.size).toBe(pdf.length);
    const staging: unknown[] = [];
    for await (const o of bed.storage.client.listObjects(bed.storage.buckets.versions, 'staging/', true, { IncludeVersion: true })) staging.push(o);
    expect(staging).toHaveLength(0);
  });
});

describe('integrity scan', () => {
  test('a new version put directly behind the database is caught; clean records pass', async () => {
    const scanFrom = Number((await bed.orm.em.fork().execute<{ m: number | null }[]>('select max(id) as m from archive_record'))[0]?.m ?? 0);
    const clean = await bed.makeDocument();
    const tampered = await bed.makeDocument();
    const manifestGone = await bed.makeDocument();
    const resized = await bed.makeDocument();
    const c = await archiveLatestVersion(bed.ctx, clean.documentId);
    expect(c.size).toBe(clean.pdf.length);
    const t = await archiveLatestVersion(bed.ctx, tampered.documentId);
    const m = await archiveLatestVersion(bed.ctx, manifestGone.documentId);
    await bed.storage.client.putObject(bed.storage.buckets.arsip, t.objectKey, Buffer.from('%PDF-1.7 replaced'));
    // A manifest can't be deleted either: simulate its loss by pointing the record at a hash whose manifest never existed.
    await bed.orm.em.fork().execute('update archive_record set sha256 = ? where id = ?', ['0'.repeat(64), m.archiveId]);
    // The size column is checked too: a row whose size was edited behind the archive's back.
    const r = await archiveLatestVersion(bed.ctx, resized.documentId);
    const [stored] = await bed.orm.em.fork().execute<{ size: string }[]>('select size from archive_record where id = ?', [r.archiveId]);
    expect(Number(stored?.size)).toBe(resized.pdf.length);
    await bed.orm.em.fork().execute('update archive_record set size = size + 1 where id = ?', [r.archiveId]);

    const progress = await scanArchiveBatch(bed.ctx, { cursor: scanFrom, batchSize: 2 });
    expect(progress).toMatchObject({ checked: 2, done: false });
    const rest = await scanArchiveBatch(bed.ctx, { cursor: progress.cursor, batchSize: 100 });
    expect(rest.done).toBe(true);
    const problems = [...progress.problems, ...rest.problems];
    expect(problems.filter((p) => p.documentId === clean.documentId)).toEqual([]);
    expect(problems.filter((p) => p.documentId === tampered.documentId).map((p) => p.kind)).toEqual(['unexpected_version']);
    expect(problems.filter((p) => p.documentId === manifestGone.documentId).map((p) => p.kind).sort()).toEqual(['hash_mismatch', 'missing_manifest']);
    expect(problems.filter((p) => p.documentId === resized.documentId).map((p) => p.kind)).toEqual(['size_mismatch']);
    expect(manifestKey(manifestGone.documentId, '0'.repeat(64))).toContain('000000');
  });
});

// The integrity scan costs one request per record on the real MinIO (issue 20 item 6), and still
// catches a PDF or a manifest that was replaced behind the archive's back.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { archiveTestBed, fakePdf, type ArchiveTestBed } from '../../test/archive-fixtures.js';
import { archiveLatestVersion, manifestKey } from '../archive-document.js';
import { parseVersionListing, scanArchiveBatch } from './integrity-scan.js';

let bed: ArchiveTestBed;
beforeAll(async () => { bed = await archiveTestBed(); }, 120_000);
afterAll(async () => { await bed?.close(); });

/** Runs `fn` with the storage client's HTTP trace on, counting requests by method. */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; get: number; list: number; total: number }> {
  let text = '';
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
  bed.storage.client.traceOn(sink);
  try {
    const result = await fn();
    const requests = [...text.matchAll(/^REQUEST: (\w+) (\S+)$/gm)].map((m) => ({ method: m[1]!, path: m[2]! }));
    const list = requests.filter((r) => r.method === 'GET' && /[?&]versions(&|$)/.test(r.path)).length;
    return { result, list, get: requests.filter((r) => r.method === 'GET').length - list, total: requests.length };
  } finally {
    bed.storage.client.traceOff();
  }
}

describe('integrity scan, one request per record', () => {
  test('clean records: one GET each, and the whole batch listed in a request or two', async () => {
    const scanFrom = Number((await bed.orm.em.fork().execute<{ m: number | null }[]>('select max(id) as m from archive_record'))[0]?.m ?? 0);
    for (let i = 0; i < 12; i++) await archiveLatestVersion(bed.ctx, (await bed.makeDocument()).documentId);
    const { result, get, list, total } = await counted(() => scanArchiveBatch(bed.ctx, { cursor: scanFrom, batchSize: 100 }));
    expect(result).toMatchObject({ checked: 12, done: true, problems: [] });
    expect(get).toBe(12);
    expect(list).toBeGreaterThanOrEqual(1);
    expect(list).toBeLessThanOrEqual(2);
    expect(total).toBe(get + list);
  });

  test('a PDF and a manifest replaced by a new version are both caught, the clean ones still at one GET each', async () => {
    const scanFrom = Number((await bed.orm.em.fork().execute<{ m: number | null }[]>('select max(id) as m from archive_record'))[0]?.m ?? 0);
    const docs = [];
    for (let i = 0; i < 6; i++) docs.push(await bed.makeDocument());
    const archived = [];
    for (const d of docs) archived.push(await archiveLatestVersion(bed.ctx, d.documentId));
    const pdfVictim = archived[1]!;
    const manifestVictim = archived[3]!;
    await bed.storage.client.putObject(bed.storage.buckets.arsip, pdfVictim.objectKey, fakePdf(100));
    const mKey = manifestKey(docs[3]!.documentId, docs[3]!.sha256);
    // A forged manifest that even carries a matching sha256 in its metadata: only the extra version gives it away.
    const forged = Buffer.from(JSON.stringify({ format: 'naskah-arsip-manifest/1', documentId: docs[3]!.documentId, final: { sha256: docs[3]!.sha256, versionId: manifestVictim.versionId } }));
    await bed.storage.client.putObject(bed.storage.buckets.arsip, mKey, forged, forged.length, { sha256: createHash('sha256').update(forged).digest('hex') });

    const { result, get, list } = await counted(() => scanArchiveBatch(bed.ctx, { cursor: scanFrom, batchSize: 100 }));
    expect(result.checked).toBe(6);
    const kinds = (documentId: number) => result.problems.filter((p) => p.documentId === documentId).map((p) => p.kind);
    expect(kinds(docs[1]!.documentId)).toEqual(['unexpected_version']);
    expect(kinds(docs[3]!.documentId)).toEqual(['unexpected_version']);
    for (const i of [0, 2, 4, 5]) expect(kinds(docs[i]!.documentId)).toEqual([]);
    // Six PDFs, plus the tampered manifest read once to report what a reader would get.
    expect(get).toBe(7);
    expect(list).toBeLessThanOrEqual(2);
  });
});

describe('version listing, read in the order the server sent it', () => {
  test('a delete marker between versions stays in its place, and keys are decoded (URL, then XML)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>naskah-arsip</Name><Prefix></Prefix><KeyMarker>arsip/1</KeyMarker>
<NextKeyMarker>arsip/2/b.pdf</NextKeyMarker><MaxKeys>3</MaxKeys><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
<Version><Key>arsip/1/a+b%26c.pdf</Key><VersionId>v2</VersionId><IsLatest>false</IsLatest><Size>3</Size></Version>
<DeleteMarker><Key>arsip/1/a+b%26c.pdf</Key><VersionId>dm</VersionId><IsLatest>true</IsLatest></DeleteMarker>
<Version><Key>arsip/2/b.pdf</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><Size>3</Size></Version></ListVersionsResult>`;
    expect(parseVersionListing(xml)).toEqual({
      isTruncated: true,
      entries: [
        { name: 'arsip/1/a b&c.pdf', versionId: 'v2', isLatest: false, isDeleteMarker: false },
        { name: 'arsip/1/a b&c.pdf', versionId: 'dm', isLatest: true, isDeleteMarker: true },
        { name: 'arsip/2/b.pdf', versionId: 'null', isLatest: true, isDeleteMarker: false },
      ],
    });
    expect(parseVersionListing(xml.replace('<IsTruncated>true', '<IsTruncated>false')).isTruncated).toBe(false);
    expect(() => parseVersionListing('<Error><Code>AccessDenied</Code></Error>')).toThrow();
  });
});

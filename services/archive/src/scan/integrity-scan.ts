import { createHash } from 'node:crypto';
import { archiveRecordsAfter, notifyActiveAdmins, recordAudit, type DomainEntityManager, type ScannedRecord } from '@naskah/domain';
import type { ArchiveContext, ArchiveManifest } from '../archive-document.js';
import { manifestKey } from '../archive-document.js';
import { sha256OfStream } from '../hashing-stream.js';

export type IntegrityProblemKind = 'missing_object' | 'hash_mismatch' | 'size_mismatch' | 'unexpected_version' | 'missing_manifest' | 'manifest_mismatch';

export interface IntegrityProblem {
  archiveId: number;
  documentId: number;
  kind: IntegrityProblemKind;
  detail: string;
}

export interface ScanProgress {
  /** Last archive_record id checked; the next batch starts after it. */
  cursor: number;
  checked: number;
  bytes: number;
  problems: IntegrityProblem[];
  /** No records after the cursor. */
  done: boolean;
}

export interface ScanBatchOptions {
  cursor: number;
  batchSize?: number;
  /** Objects hashed at once. */
  concurrency?: number;
  /** Called after each record (heartbeat from an activity). */
  onRecord?: (cursor: number) => void;
}

type RecordRow = ScannedRecord;

/**
 * Re-hashes one batch of archived objects against the database and the
 * manifest stored beside them. Problems are returned, not thrown: a broken
 * record must not stop the rest of the scan.
 *
 * One request per record: the batch's keys are first read from a version
 * listing (a few requests for the whole batch, see `versionsOf`), which says
 * for every PDF and manifest how many versions it has and which is the latest;
 * then each record costs one GET, of the archived PDF version, hashed. The
 * manifest is proved by the listing: the archive writes it once
 * (If-None-Match) into the object-locked bucket, so while it has exactly that
 * one version its bytes are the ones written, and its key names the document
 * and the sha256 the row claims. A record whose listing shows anything else (a
 * version put on top, a delete marker, no manifest) gets the full checks: the
 * manifest's latest version read and compared, the prefix's versions listed.
 */
export async function scanArchiveBatch(ctx: ArchiveContext, options: ScanBatchOptions): Promise<ScanProgress> {
  const batchSize = options.batchSize ?? 200;
  const rows = await archiveRecordsAfter(ctx.orm.em.fork(), options.cursor, batchSize);
  // The listing runs beside the GETs: each record waits for it only after its PDF is hashed.
  const versions = versionsOf(ctx, rows.flatMap((r) => [r.object_key, manifestKey(r.document_id, r.sha256)]));
  versions.catch(() => undefined);
  const problems: IntegrityProblem[] = [];
  let bytes = 0;
  let next = 0;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const checkNext = async (): Promise<void> => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const result = await checkRecord(ctx, row, versions);
      bytes += result.bytes;
      problems.push(...result.problems);
      options.onRecord?.(row.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, checkNext));
  problems.sort((a, b) => a.archiveId - b.archiveId);
  return { cursor: rows.at(-1)?.id ?? options.cursor, checked: rows.length, bytes, problems, done: rows.length < batchSize };
}

interface ListedVersion { versionId: string | null; isLatest: boolean; isDeleteMarker: boolean }

/** More versions of one key than this in a listing page: reported as a put behind the archive's back. */
const MANY = 1000;

/**
 * Every version of each of `keys`, from version listings (ListObjectVersions)
 * that seek to the next key still wanted (key-marker) and read up to 1,000
 * entries from there (about as many as keys are still wanted): keys that sort together (a batch of records archived
 * one after another) share a request. Keys with no versions are absent.
 */
async function versionsOf(ctx: ArchiveContext, keys: readonly string[]): Promise<Map<string, ListedVersion[]>> {
  const wanted = [...new Set(keys)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const found = new Map<string, ListedVersion[]>();
  const want = new Set(wanted);
  let i = 0;
  while (i < wanted.length) {
    const first = wanted[i]!;
    // key-marker lists the keys after it: the wanted key without its last character sorts just before it.
    // About as many entries as keys still wanted (one version each when all is well): a short page just seeks again.
    const page = await listVersionsPage(ctx, first.slice(0, -1), Math.min(1000, wanted.length - i + 16));
    const entries = page.entries;
    const last = entries.at(-1)?.name;
    // A truncated page may have cut the last key's versions short: that key is read again from its start (the next seek),
    // unless it filled the whole page, which is reported as many versions.
    const complete = (name: string): boolean => !page.isTruncated || name !== last || entries.every((e) => e.name === last);
    for (const e of entries) {
      if (!e.name || !want.has(e.name) || !complete(e.name)) continue;
      const list = found.get(e.name) ?? [];
      list.push({ versionId: e.versionId ?? null, isLatest: e.isLatest === true, isDeleteMarker: e.isDeleteMarker === true });
      found.set(e.name, list);
    }
    if (!page.isTruncated || last === undefined) {
      // The listing ran to the bucket's end: every wanted key from here on was either in it or does not exist.
      break;
    }
    const lastBytes = Buffer.from(last);
    const lastDone = complete(last);
    while (i < wanted.length && Buffer.compare(Buffer.from(wanted[i]!), lastBytes) < (lastDone ? 1 : 0)) i++;
    if (wanted[i] === first) i++; // never seek to the same place twice
  }
  return found;
}

interface ListedEntry { name: string; versionId: string | null; isLatest: boolean; isDeleteMarker: boolean }

/**
 * One ListObjectVersions page, its entries in the order the server sent them.
 * Read here rather than with the client's listObjectsQuery: its generic XML
 * parse was most of the scan's own CPU beyond hashing (about 0.1 ms per entry),
 * and it returns a page's delete markers after all its versions, so the
 * page's last entry was not always its last key.
 */
async function listVersionsPage(ctx: ArchiveContext, keyMarker: string, maxKeys: number): Promise<{ entries: ListedEntry[]; isTruncated: boolean }> {
  const { client, buckets } = ctx.storage;
  // The client signs the query as given: its parameters sorted and escaped, as listObjectsQuery builds them.
  const query = ['delimiter=', 'encoding-type=url', `key-marker=${encodeURIComponent(keyMarker)}`, `max-keys=${maxKeys}`, 'prefix=', 'versions'].join('&');
  const res = await client.makeRequestAsync({ method: 'GET', bucketName: buckets.arsip, query });
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return parseVersionListing(Buffer.concat(chunks).toString('utf8'));
}

const xmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return xmlEntities[e] ?? whole;
  });
}

/** Exported for its test: a ListVersionsResult body (encoding-type=url) as entries in document order. */
export function parseVersionListing(xml: string): { entries: ListedEntry[]; isTruncated: boolean } {
  if (!/<ListVersionsResult[\s>]/.test(xml)) throw new Error('Version listing without ListVersionsResult');
  const entries: ListedEntry[] = [];
  // Versions and delete markers hold no nested element of their own name, so the first closing tag ends each.
  const entry = /<(Version|DeleteMarker)>([\s\S]*?)<\/\1>/g;
  let m: RegExpExecArray | null;
  while ((m = entry.exec(xml))) {
    const body = m[2]!;
    const key = /<Key>([^<]*)<\/Key>/.exec(body);
    if (!key) throw new Error('Version listing entry without a Key');
    const versionId = /<VersionId>([^<]*)<\/VersionId>/.exec(body);
    // encoding-type=url: the key comes URL-encoded (a space as +), inside XML text.
    entries.push({
      name: decodeURIComponent(xmlText(key[1]!).replace(/\+/g, ' ')), versionId: versionId ? xmlText(versionId[1]!) : null,
      isLatest: /<IsLatest>true<\/IsLatest>/.test(body), isDeleteMarker: m[1] === 'DeleteMarker',
    });
  }
  // Keys are escaped inside entries (< as &lt;): the only IsTruncated element is the result's own.
  return { entries, isTruncated: /<IsTruncated>true<\/IsTruncated>/.test(xml) };
}

async function checkRecord(ctx: ArchiveContext, row: RecordRow, listing: Promise<Map<string, ListedVersion[]>>): Promise<{ bytes: number; problems: IntegrityProblem[] }> {
  const { client, buckets } = ctx.storage;
  const problems: IntegrityProblem[] = [];
  const problem = (kind: IntegrityProblemKind, detail: string) => problems.push({ archiveId: row.id, documentId: row.document_id, kind, detail });
  const mKey = manifestKey(row.document_id, row.sha256);
  let bytes = 0;
  const onlyVersion = (v: ListedVersion[]): boolean => v.length === 1 && v[0]!.isLatest && !v[0]!.isDeleteMarker;
  // The one request of the normal case: the archived version itself, hashed.
  const pdf = await client.getObject(buckets.arsip, row.object_key, row.version_id ? { versionId: row.version_id } : {}).then(sha256OfStream, (error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  const listed = await listing;
  const pdfListed = listed.get(row.object_key) ?? [];
  const manifestListed = listed.get(mKey) ?? [];
  if (!pdf) {
    problem('missing_object', `${row.object_key} version ${row.version_id ?? '-'} is not in ${buckets.arsip}`);
  } else {
    bytes += pdf.size;
    if (pdf.sha256 !== row.sha256) problem('hash_mismatch', `${row.object_key} hashes to ${pdf.sha256}, the database says ${row.sha256}`);
    if (pdf.size !== Number(row.size)) problem('size_mismatch', `${row.object_key} has ${pdf.size} bytes, the database says ${Number(row.size)}`);
    const pdfVersions = pdfListed.length >= MANY ? MANY : pdfListed.length;
    if (pdfVersions > 1) problem('unexpected_version', `${row.object_key} has ${pdfVersions} versions; only ${row.version_id ?? '-'} was archived`);
  }
  if (onlyVersion(manifestListed)) return { bytes, problems };
  // The manifest is gone, or something was put over it: read what a reader would get, and check it as it stands.
  const manifestText = await readSmall(ctx, mKey);
  if (!manifestText) {
    problem('missing_manifest', `${mKey} is not in ${buckets.arsip}`);
  } else {
    if (manifestText.foreign || manifestListed.length > 1) problem('unexpected_version', `${mKey}: its latest version was not written by the archive`);
    bytes += manifestText.text.length;
    let manifest: ArchiveManifest | undefined;
    try { manifest = JSON.parse(manifestText.text.toString('utf8')) as ArchiveManifest; } catch { manifest = undefined; }
    if (!manifest || manifest.final?.sha256 !== row.sha256 || manifest.final.versionId !== row.version_id || manifest.documentId !== row.document_id) {
      problem('manifest_mismatch', `${mKey} does not name ${row.object_key} version ${row.version_id ?? '-'} with sha256 ${row.sha256}`);
    }
  }
  return { bytes, problems };
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchVersion';
}

/**
 * The manifest's latest version. The archive writes it once with its own
 * sha256 in the object metadata; a latest version without that (or whose
 * bytes do not match it) was put by someone else. A byte-identical re-put
 * is not caught here, and changes nothing a reader relies on.
 */
async function readSmall(ctx: ArchiveContext, key: string): Promise<{ text: Buffer; foreign: boolean } | undefined> {
  let body;
  try {
    body = await ctx.storage.client.getObject(ctx.storage.buckets.arsip, key);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks);
  const stat = (body as { headers?: Record<string, string | undefined> }).headers ?? {};
  const writtenSha = stat['x-amz-meta-sha256'];
  const same = writtenSha !== undefined && createHash('sha256').update(text).digest('hex') === writtenSha;
  return { text, foreign: !same };
}

/**
 * The alert record: one audit event listing the problems, and a notification
 * to every active admin, in one transaction.
 */
export async function raiseIntegrityAlert(em: DomainEntityManager, scanId: string, problems: IntegrityProblem[]): Promise<{ notified: number }> {
  if (problems.length === 0) return { notified: 0 };
  return em.fork().transactional(async (tx) => {
    await recordAudit(tx, {
      actor: { id: null, name: 'Pemindai integritas arsip' }, action: 'archive.integrity_alert', subjectType: 'archive_scan', subjectId: scanId,
      data: { problems: problems.slice(0, 200), total: problems.length },
    });
    const kinds = [...new Set(problems.map((p) => p.kind))].join(', ');
    const notified = await notifyActiveAdmins(tx, {
      kind: 'archive_integrity', subjectType: 'archive_record', subjectId: problems[0]!.archiveId, title: `Peringatan integritas arsip: ${problems.length} masalah`,
      body: `Pemindaian ${scanId} menemukan: ${kinds}. Rincian di jejak audit (archive.integrity_alert).`,
    });
    return { notified };
  });
}

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { archiveAuditTrail, delegationPrefix, documentVersionFiles, pemdaTimeZone, type ActingVia, type AuditTrailRow } from '@naskah/domain';
import { auditActionLabels, auditSystemActorLabel } from '@naskah/domain/rulebook';
import { anchorFileName, type TrustConfiguration } from '@naskah/signing';
import type { ArchiveContext, ArchiveManifest } from '../archive-document.js';
import { manifestKey } from '../archive-document.js';
import { auditRetrieval, openRetrievableRecord, verifyArchivedPdf, type RetrievalViewer } from '../retrieval.js';
import { hashing } from '../hashing-stream.js';
import { readablePdf } from './readable-pdf.js';
import { readMe, verifyManifestScript } from './verify-manifest-script.js';
import { printedDate, printedTime } from '../printed-time.js';

export type PackageViewer = RetrievalViewer;

export interface AuditorPackageOptions {
  /**
   * The installation's trust configuration: the report is made with it, and
   * every anchor it names ships under trust/ (internal-*.pem non-certified,
   * tersertifikasi-*.pem certified) so the auditor can check it again.
   */
  trust: TrustConfiguration;
  now?: Date;
}

export interface AuditorPackage {
  filename: string;
  /** The ZIP, produced while it is read. */
  stream: Readable;
}

interface PackedFile { path: string; sha256: string; size: number }

/** Who acted, as the sheet prints it: "Nama (Jabatan)", "Sistem (alur kerja)", or the text the chain stored. */
function actorLabel(e: AuditTrailRow): string {
  if (e.actor_person) return e.actor_position ? `${e.actor_person} (${e.actor_position})` : e.actor_person;
  return auditSystemActorLabel(e.actor_name, 'id') ?? e.actor_name;
}

/** "Plh. untuk Nama" for an act under a delegation. */
function onBehalfLabel(e: AuditTrailRow): string | null {
  if (!e.on_behalf_of) return null;
  if (e.on_behalf_kind && e.on_behalf_person) return `${delegationPrefix[e.on_behalf_kind as ActingVia]} untuk ${e.on_behalf_person}`;
  return e.on_behalf_of;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'dokumen';
}

/**
 * The auditor's package for one archived record. Checks access first
 * (auditor/admin; Rahasia only with the grant) and audits the retrieval
 * before a byte leaves. PDFs stream from MinIO into the ZIP and are hashed
 * on the way; manifest.json, written last, lists every file's SHA-256.
 */
export async function openAuditorPackage(ctx: ArchiveContext, archiveId: number, viewer: PackageViewer, options: AuditorPackageOptions): Promise<AuditorPackage> {
  const record = await openRetrievableRecord(ctx, archiveId, viewer);
  const em = ctx.orm.em.fork();
  const { client, buckets } = ctx.storage;
  const versions = await documentVersionFiles(em, record.document_id);
  const storedManifest = await readAll(await client.getObject(buckets.arsip, manifestKey(record.document_id, record.sha256)));
  const { report, summary, checkedAt: now } = await verifyArchivedPdf(ctx, record, options);
  await auditRetrieval(ctx, record, viewer, 'archive.package_retrieved', now, { verdict: report.verdict });
  const trail = await archiveAuditTrail(em, record.document_id, record.id);
  const zone = await pemdaTimeZone(em);

  const zip = new yazl.ZipFile();
  const packed: PackedFile[] = [];
  const addBuffer = (path: string, data: Buffer) => {
    packed.push({ path, sha256: createHash('sha256').update(data).digest('hex'), size: data.length });
    zip.addBuffer(data, path, { mtime: now });
  };
  const addObject = (path: string, bucket: string, key: string, versionId: string | null, expected: string) => {
    zip.addReadStreamLazy(path, { mtime: now }, (done) => {
      client.getObject(bucket, key, versionId ? { versionId } : {}).then((body) => {
        // A stored byte that no longer matches its recorded hash fails the download instead of shipping silently.
        const gate = hashing(body, expected);
        gate.on('end', () => packed.push({ path, sha256: gate.sha256, size: gate.size }));
        done(null, gate);
      }, (error: unknown) => done(error as Error, undefined as never));
    });
  };
  const base = safeName(record.number ?? `dokumen-${record.document_id}`);
  const finalPath = `dokumen/${base}.pdf`;
  addObject(finalPath, buckets.arsip, record.object_key, record.version_id, record.sha256);
  for (const v of versions) addObject(`versi/v${v.no}-${v.sha256.slice(0, 12)}.pdf`, buckets.versions, v.object_key, null, v.sha256);
  addBuffer('arsip-manifest.json', storedManifest);
  addBuffer('verifikasi/laporan-verifikasi.json', Buffer.from(`${JSON.stringify({ summary, report }, null, 2)}\n`));
  addBuffer('verifikasi/laporan-verifikasi.pdf', await readablePdf('Laporan Verifikasi Tanda Tangan Elektronik', `${record.number ?? '-'} - ${record.hal}`, [
    { heading: 'Hasil', lines: [`Status: ${summary.verdict}`, summary.verdictText.id, `Diperiksa: ${printedTime(now, zone)}`, `SHA-256 dokumen: ${record.sha256}`] },
    ...summary.signatures.map((s, i) => ({
      heading: `Tanda tangan ${i + 1}: ${s.verdict}`,
      lines: [`Penanda tangan: ${s.signer ?? '(stempel waktu dokumen)'}`, `Jabatan: ${s.title ?? '-'}`, `Instansi: ${s.agency ?? '-'}`,
        `Waktu tanda tangan: ${printedTime(s.signedAt, zone)}`, `Stempel waktu: ${printedTime(s.timestampAt, zone)}`,
        `Jangkar kepercayaan: ${s.trust?.id ?? '-'}`, ...s.reasons.map((r) => `- ${r.id}`)],
    })),
    ...(summary.reasons.length ? [{ heading: 'Catatan', lines: summary.reasons.map((r) => `- ${r.id}`) }] : []),
  ]));
  // The JSON keeps the stored codes (what the hash chain covers) beside the labels the sheet prints.
  const trailJson = trail.map((e) => ({ seq: Number(e.seq), at: new Date(e.at).toISOString(), actor: e.actor_name, actorLabel: actorLabel(e), onBehalfOf: e.on_behalf_of,
    onBehalfOfLabel: onBehalfLabel(e), action: e.action, actionLabel: auditActionLabels.id[e.action] ?? e.action, subjectType: e.subject_type, subjectId: e.subject_id, data: e.data, prevHash: e.prev_hash, hash: e.hash }));
  addBuffer('jejak-audit/jejak-audit.json', Buffer.from(`${JSON.stringify(trailJson, null, 2)}\n`));
  addBuffer('jejak-audit/lembar-jejak-audit.pdf', await readablePdf('Lembar Jejak Audit', `${record.number ?? '-'} - ${record.hal} (${record.agency_name})`, [
    { heading: 'Arsip', lines: [`Kode klasifikasi: ${record.archive_code}`, `Klasifikasi keamanan: ${record.classification}`, `Nasib akhir: ${record.fate}`,
      `Diarsipkan: ${printedTime(record.archived_at, zone)}`, `Retensi sampai: ${printedDate(record.retention_until, zone)}`,
      `Legal hold: ${record.legal_hold ? 'ya' : 'tidak'}`, `SHA-256: ${record.sha256}`] },
    { heading: 'Kejadian', lines: trailJson.map((e) => `#${e.seq} ${printedTime(e.at, zone)} - ${e.actorLabel}${e.onBehalfOfLabel ? ` (${e.onBehalfOfLabel})` : ''}: ${e.actionLabel}`) },
    { heading: 'Rantai hash (setiap kejadian memuat hash kejadian sebelumnya)', lines: trailJson.map((e) => `#${e.seq} ${e.hash}`) },
  ]));
  const anchors = options.trust.anchors.map((a) => ({ path: `trust/${anchorFileName(a)}`, kind: a.kind, name: a.name }));
  options.trust.anchors.forEach((anchor, i) => addBuffer(anchors[i]!.path, Buffer.from(anchor.pem)));
  addBuffer('verify-manifest.mjs', Buffer.from(verifyManifestScript));
  addBuffer('BACA-SAYA.txt', Buffer.from(readMe(finalPath, anchors, {
    number: record.number ?? '-', hal: record.hal, agency: record.agency_name, archivedAt: printedTime(record.archived_at, zone),
    retentionUntil: printedDate(record.retention_until, zone), retrievedBy: viewer.name, retrievedAt: printedTime(now, zone), versions: versions.length > 0,
  })));
  // Written last: by now every streamed entry has been hashed.
  zip.addReadStreamLazy('SHA256SUMS', { mtime: now }, (done) => {
    done(null, Readable.from([packed.map((f) => `${f.sha256}  ${f.path}\n`).join('')]));
  });
  zip.addReadStreamLazy('manifest.json', { mtime: now }, (done) => {
    const manifest = JSON.parse(storedManifest.toString('utf8')) as ArchiveManifest;
    done(null, Readable.from([`${JSON.stringify({
      format: 'naskah-paket-arsip/1', archiveId: record.id, documentId: record.document_id, number: record.number,
      finalSha256: record.sha256, retrievedBy: viewer.name, retrievedAt: now.toISOString(), archivedManifest: manifest.final, files: packed,
    }, null, 2)}\n`]));
  });
  zip.end();
  return { filename: `arsip-${base}.zip`, stream: zip.outputStream as Readable };
}

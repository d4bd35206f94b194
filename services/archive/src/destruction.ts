import type { Readable } from 'node:stream';
import {
  decideUsulMusnah, lockUsulMusnah, markArchiveRecordDestroyed, pemdaTimeZone, proposedRecordRows, recordAudit, recordBeritaAcara, usulMusnahRows,
  type AuditActor, type ProposedRecordRow, type UsulMusnahRow, type UsulMusnahStatus,
} from '@naskah/domain';
import type { ArchiveContext } from './archive-document.js';
import { ArchiveError } from './errors.js';
import { readablePdf } from './package/readable-pdf.js';
import { permanentRetainUntil } from './retention.js';
import { objectLock } from './storage.js';
import { printedTime } from './printed-time.js';

/** Who decides: a person (admin or the records unit); named in the audit trail and the berita acara. */
export interface DestructionDecider {
  personId: number;
  name: string;
}

export interface ProposedRecord {
  archiveId: number;
  documentId: number;
  number: string | null;
  hal: string;
  archiveCode: string;
  objectKey: string;
  sha256: string;
  size: number;
  retentionUntil: string;
  legalHold: boolean;
  destroyedAt: string | null;
}

export interface DestructionProposal {
  id: number;
  objectKey: string;
  proposedAt: string;
  status: UsulMusnahStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  beritaAcaraKey: string | null;
  records: ProposedRecord[];
}

type ProposalRow = UsulMusnahRow;
type RecordRow = ProposedRecordRow;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

async function proposalRows(ctx: ArchiveContext, id?: number): Promise<ProposalRow[]> {
  return usulMusnahRows(ctx.orm.em.fork(), id);
}

async function recordRows(ctx: ArchiveContext, proposalIds: number[]): Promise<RecordRow[]> {
  return proposedRecordRows(ctx.orm.em.fork(), proposalIds);
}

function present(p: ProposalRow, records: RecordRow[]): DestructionProposal {
  return {
    id: p.id, objectKey: p.object_key, proposedAt: iso(p.proposed_at)!, status: p.status, decidedBy: p.decided_by, decidedAt: iso(p.decided_at),
    decisionNote: p.decision_note, beritaAcaraKey: p.berita_acara_key,
    records: records.filter((r) => r.usul_musnah_id === p.id).map((r) => ({
      archiveId: r.id, documentId: r.document_id, number: r.number, hal: r.hal, archiveCode: r.archive_code, objectKey: r.object_key,
      sha256: r.sha256, size: Number(r.size), retentionUntil: day(r.retention_until), legalHold: r.legal_hold, destroyedAt: iso(r.destroyed_at),
    })),
  };
}

/** Every usul musnah, newest first, with the records it lists. */
export async function listDestructionProposals(ctx: ArchiveContext): Promise<DestructionProposal[]> {
  const proposals = await proposalRows(ctx);
  const records = await recordRows(ctx, proposals.map((p) => p.id));
  return proposals.map((p) => present(p, records));
}

export async function getDestructionProposal(ctx: ArchiveContext, id: number): Promise<DestructionProposal> {
  const [proposal] = await proposalRows(ctx, id);
  if (!proposal) throw new ArchiveError('ARCHIVE_NOT_FOUND', `No usul musnah ${id}.`, 'id');
  return present(proposal, await recordRows(ctx, [id]));
}

function assertNote(note: string): void {
  if (note.trim().length < 3) throw new ArchiveError('VALIDATION_FAILED', 'A decision on an usul musnah needs a note (e.g. the decree or the reason).', 'note');
}

/** Rejects a proposal still awaiting a decision; the records stay archived, locked as they were. */
export async function rejectDestructionProposal(ctx: ArchiveContext, id: number, decider: DestructionDecider, note: string, now: Date = new Date()): Promise<DestructionProposal> {
  assertNote(note);
  await ctx.orm.em.fork().transactional(async (tx) => {
    const row = await lockUsulMusnah(tx, id);
    if (!row) throw new ArchiveError('ARCHIVE_NOT_FOUND', `No usul musnah ${id}.`, 'id');
    if (row.status !== 'diajukan') throw new ArchiveError('DESTRUCTION_PROPOSAL_DECIDED', `Usul musnah ${id} is already ${row.status}.`, 'id');
    await decideUsulMusnah(tx, id, 'ditolak', decider.personId, now, note);
    await recordAudit(tx, { actor: actorOf(decider), action: 'archive.usul_musnah_ditolak', subjectType: 'usul_musnah', subjectId: id, at: now, data: { note } });
  });
  return getDestructionProposal(ctx, id);
}

const actorOf = (d: DestructionDecider): AuditActor => ({ id: d.personId, name: d.name });

function codeOf(error: unknown): string {
  return String((error as { code?: string }).code ?? (error as Error).name ?? 'Error');
}

/** The object's own retain-until (COMPLIANCE) for the archived version; null when it carries none. */
async function objectRetainUntil(ctx: ArchiveContext, row: RecordRow): Promise<Date | null> {
  try {
    const retention = await ctx.storage.client.getObjectRetention(ctx.storage.buckets.arsip, row.object_key, row.version_id ? { versionId: row.version_id } : undefined);
    return retention?.retainUntilDate ? new Date(String(retention.retainUntilDate)) : null;
  } catch (error) {
    if (/NoSuchObjectLockConfiguration|ObjectLockConfigurationNotFound/.test(codeOf(error))) return null;
    throw error;
  }
}

/**
 * Approves an usul musnah and carries it out. Refused as a whole (409 naming
 * the records, nothing deleted) when a record is under legal hold or its
 * retention has not ended, by the database or by the object's own lock.
 * Otherwise, per record: every object version of the PDF and its manifest is
 * deleted from the locked bucket (storage refuses while a lock holds; that is
 * reported, never skipped), then the record is marked destroyed. When every
 * record is gone, a Berita Acara Pemusnahan Arsip PDF listing them with their
 * SHA-256 is kept for good in the archive bucket. Every step is audited. A
 * failed deletion leaves the proposal approved: approving again finishes it.
 */
export async function approveDestructionProposal(ctx: ArchiveContext, id: number, decider: DestructionDecider, note: string, now: Date = new Date()): Promise<DestructionProposal> {
  assertNote(note);
  const em = ctx.orm.em.fork();
  const [proposal] = await proposalRows(ctx, id);
  if (!proposal) throw new ArchiveError('ARCHIVE_NOT_FOUND', `No usul musnah ${id}.`, 'id');
  if (proposal.status === 'ditolak' || proposal.status === 'dimusnahkan') {
    throw new ArchiveError('DESTRUCTION_PROPOSAL_DECIDED', `Usul musnah ${id} is already ${proposal.status}.`, 'id');
  }
  const pending = (await recordRows(ctx, [id])).filter((r) => !r.destroyed_at);
  const today = day(now);
  const blocked: string[] = [];
  for (const row of pending) {
    const name = `archive record ${row.id} (${row.number ?? `dokumen ${row.document_id}`})`;
    if (row.legal_hold) { blocked.push(`${name} is under legal hold`); continue; }
    if (day(row.retention_until) > today) { blocked.push(`${name} is retained until ${day(row.retention_until)}`); continue; }
    const lockedUntil = await objectRetainUntil(ctx, row);
    if (lockedUntil && lockedUntil > now) blocked.push(`${name} is locked in storage until ${lockedUntil.toISOString()}`);
  }
  if (blocked.length > 0) {
    await em.transactional((tx) => recordAudit(tx, { actor: actorOf(decider), action: 'archive.usul_musnah_refused', subjectType: 'usul_musnah', subjectId: id, at: now, data: { blocked } }));
    throw new ArchiveError('DESTRUCTION_REFUSED', `Usul musnah ${id} cannot be carried out: ${blocked.join('; ')}.`, 'archiveIds');
  }
  if (proposal.status === 'diajukan') {
    await em.transactional(async (tx) => {
      if (!(await decideUsulMusnah(tx, id, 'disetujui', decider.personId, now, note))) throw new ArchiveError('DESTRUCTION_PROPOSAL_DECIDED', `Usul musnah ${id} was decided meanwhile.`, 'id');
      await recordAudit(tx, { actor: actorOf(decider), action: 'archive.usul_musnah_disetujui', subjectType: 'usul_musnah', subjectId: id, at: now,
        data: { note, archiveIds: pending.map((r) => r.id) } });
    });
  }

  const failed: string[] = [];
  for (const row of pending) {
    const deleted: { key: string; versionId: string | null }[] = [];
    try {
      for (const version of await objectVersions(ctx, row)) {
        await ctx.storage.client.removeObject(ctx.storage.buckets.arsip, version.key, version.versionId ? { versionId: version.versionId } : {});
        deleted.push(version);
      }
    } catch (error) {
      const reason = `${codeOf(error)}: ${(error as Error).message}`;
      failed.push(`archive record ${row.id} (${row.number ?? `dokumen ${row.document_id}`}): ${reason}`);
      await em.transactional((tx) => recordAudit(tx, { actor: actorOf(decider), action: 'archive.destruction_failed', subjectType: 'archive_record', subjectId: row.id,
        agencyId: row.agency_id, at: now, data: { documentId: row.document_id, usulMusnahId: id, reason, deleted } }));
      continue;
    }
    await em.transactional(async (tx) => {
      await markArchiveRecordDestroyed(tx, row.id, now, decider.personId);
      await recordAudit(tx, { actor: actorOf(decider), action: 'archive.destroyed', subjectType: 'archive_record', subjectId: row.id, agencyId: row.agency_id, at: now,
        data: { documentId: row.document_id, usulMusnahId: id, objectKey: row.object_key, versionId: row.version_id, sha256: row.sha256, size: Number(row.size), deleted } });
    });
  }
  if (failed.length > 0) {
    throw new ArchiveError('DESTRUCTION_FAILED', `Usul musnah ${id} is approved but storage refused to delete: ${failed.join('; ')}. Nothing was hidden: the other records were destroyed; approve again once the cause is resolved.`, 'archiveIds');
  }
  await writeBeritaAcara(ctx, id, decider, note, now);
  return getDestructionProposal(ctx, id);
}

/** Every version of the record's PDF and manifest (including any put behind the archive's back), so nothing of it is left. */
async function objectVersions(ctx: ArchiveContext, row: RecordRow): Promise<{ key: string; versionId: string | null }[]> {
  const base = row.object_key.replace(/\.pdf$/, '');
  const keys = new Set([row.object_key, `${base}.manifest.json`]);
  const found: { key: string; versionId: string | null }[] = [];
  for await (const item of ctx.storage.client.listObjects(ctx.storage.buckets.arsip, `${base}.`, false, { IncludeVersion: true })) {
    if (item.name && keys.has(item.name)) found.push({ key: item.name, versionId: item.versionId ?? null });
  }
  return found;
}

async function writeBeritaAcara(ctx: ArchiveContext, id: number, decider: DestructionDecider, note: string, now: Date): Promise<void> {
  const proposal = await getDestructionProposal(ctx, id);
  const key = `berita-acara-pemusnahan/usul-musnah-${id}.pdf`;
  const zone = await pemdaTimeZone(ctx.orm.em.fork());
  const pdf = await readablePdf('Berita Acara Pemusnahan Arsip', `Usul musnah nomor ${id} (${proposal.objectKey}), dilaksanakan ${printedTime(now, zone)}`, [
    { heading: 'Keputusan', lines: [
      `Disetujui oleh: ${proposal.decidedBy ?? decider.name}`, `Tanggal persetujuan: ${printedTime(proposal.decidedAt ?? now, zone)}`,
      `Catatan: ${proposal.decisionNote ?? note}`, `Pemusnahan dilaksanakan oleh: ${decider.name}`,
      'Cara pemusnahan: penghapusan seluruh versi objek arsip (PDF dan manifest) dari penyimpanan terkunci setelah masa retensinya berakhir.'] },
    { heading: `Daftar arsip yang dimusnahkan (${proposal.records.length})`, lines: proposal.records.flatMap((r, i) => [
      `${i + 1}. ${r.number ?? `dokumen ${r.documentId}`} - ${r.hal} (kode ${r.archiveCode}, retensi sampai ${r.retentionUntil}, ${r.size} bita, dimusnahkan ${r.destroyedAt ?? '-'})`,
      `SHA-256 ${r.sha256}`]) },
    { heading: 'Pengesahan', lines: ['Yang memusnahkan: ........................        Saksi: ........................', 'Mengetahui: ........................'] },
  ]);
  const { client, buckets } = ctx.storage;
  // A retry after a crash finds the first one: the berita acara, once written, is evidence and stays as it is.
  const put = await client.putObject(buckets.arsip, key, pdf, pdf.length, { 'Content-Type': 'application/pdf', 'If-None-Match': '*' }).catch((error: unknown) => {
    if (codeOf(error) === 'PreconditionFailed') return undefined;
    throw error;
  });
  if (put) {
    await objectLock(client).putObjectRetention(buckets.arsip, key, { mode: 'COMPLIANCE', retainUntilDate: permanentRetainUntil.toISOString(), ...(put.versionId ? { versionId: put.versionId } : {}) });
  }
  await ctx.orm.em.fork().transactional(async (tx) => {
    await recordBeritaAcara(tx, id, key);
    await recordAudit(tx, { actor: actorOf(decider), action: 'archive.berita_acara_pemusnahan', subjectType: 'usul_musnah', subjectId: id, at: now,
      data: { key, archiveIds: proposal.records.map((r) => r.archiveId), sha256: proposal.records.map((r) => r.sha256) } });
  });
}

/** The proposal's PDF or its berita acara, from the archive bucket. */
export async function openDestructionDocument(ctx: ArchiveContext, id: number, which: 'usul' | 'berita-acara'): Promise<{ filename: string; stream: Readable }> {
  const proposal = await getDestructionProposal(ctx, id);
  const key = which === 'usul' ? proposal.objectKey : proposal.beritaAcaraKey;
  if (!key) throw new ArchiveError('ARCHIVE_NOT_FOUND', `Usul musnah ${id} has no berita acara yet (status ${proposal.status}).`, 'id');
  return { filename: key.split('/').pop()!, stream: await ctx.storage.client.getObject(ctx.storage.buckets.arsip, key) };
}

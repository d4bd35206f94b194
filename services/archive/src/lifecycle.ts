import { auditedActions, liveArchiveRecords, pemdaTimeZone, proposeDestruction, recordAudit, type LiveArchiveRecord } from '@naskah/domain';
import type { ArchiveContext } from './archive-document.js';
import { readablePdf } from './package/readable-pdf.js';
import { activeUntil, findRetentionRule, permanentRetainUntil, retentionEnds, type RetentionRuleRow } from './retention.js';
import { objectLock } from './storage.js';
import { printedDate } from './printed-time.js';

export interface LifecycleReview {
  movedInactive: number[];
  /** Usul musnah: records whose retention ended with fate musnah, not under legal hold. */
  destructionProposal: { id: number; key: string; archiveIds: number[] } | null;
  flaggedForTransfer: number[];
  flaggedForReappraisal: number[];
}

type Row = LiveArchiveRecord;

const lifecycleActor = { id: null, name: 'Unit kearsipan (otomatis)' };
const stepActions = ['archive.moved_inactive', 'archive.usul_musnah', 'archive.flag_serah', 'archive.flag_dinilai_kembali'] as const;

/**
 * The yearly (or nightly) pass over the archive, idempotent per record and
 * step (each step is an audit event, written once):
 * - end of the active period: custody moves to the unit kearsipan (inactive);
 * - end of retention, fate musnah: listed in one usul musnah with a berita
 *   acara PDF kept in the locked bucket, for approval; nothing is deleted here;
 * - end of retention, fate permanen: flagged for transfer to the regional archive;
 * - dinilai kembali: flagged for re-appraisal.
 */
export async function reviewArchiveLifecycle(ctx: ArchiveContext, now: Date = new Date()): Promise<LifecycleReview> {
  const em = ctx.orm.em.fork();
  const zone = await pemdaTimeZone(em);
  const rows = await liveArchiveRecords(em);
  const done = await auditedActions(em, 'archive_record', stepActions);
  const doneSet = new Set(done.map((d) => `${d.action}:${d.subject_id}`));
  const rules = new Map<string, RetentionRuleRow>();
  const review: LifecycleReview = { movedInactive: [], destructionProposal: null, flaggedForTransfer: [], flaggedForReappraisal: [] };
  const toDestroy: Row[] = [];
  const steps: { row: Row; action: (typeof stepActions)[number]; data: Record<string, unknown> }[] = [];
  for (const row of rows) {
    let rule = rules.get(row.archive_code);
    if (!rule) { rule = await findRetentionRule(em, row.archive_code); rules.set(row.archive_code, rule); }
    const archivedAt = new Date(row.archived_at);
    const has = (action: string) => doneSet.has(`${action}:${row.id}`);
    if (now >= activeUntil(archivedAt, rule) && !has('archive.moved_inactive')) {
      steps.push({ row, action: 'archive.moved_inactive', data: { custody: 'unit_kearsipan', activeUntil: activeUntil(archivedAt, rule).toISOString() } });
      review.movedInactive.push(row.id);
    }
    if (now < retentionEnds(archivedAt, rule)) continue;
    if (row.fate === 'musnah' && !row.legal_hold && !has('archive.usul_musnah')) toDestroy.push(row);
    if (row.fate === 'permanen' && !has('archive.flag_serah')) {
      steps.push({ row, action: 'archive.flag_serah', data: { to: 'lembaga kearsipan daerah' } });
      review.flaggedForTransfer.push(row.id);
    }
    if (row.fate === 'dinilai_kembali' && !has('archive.flag_dinilai_kembali')) {
      steps.push({ row, action: 'archive.flag_dinilai_kembali', data: {} });
      review.flaggedForReappraisal.push(row.id);
    }
  }
  if (toDestroy.length > 0) {
    const key = `usul-musnah/${now.toISOString().slice(0, 10)}-${toDestroy[0]!.id}-${toDestroy.length}.pdf`;
    const pdf = await readablePdf('Usul Musnah Arsip dan Berita Acara Pemusnahan', `Disusun ${printedDate(now, zone)} oleh unit kearsipan; berlaku setelah disetujui pejabat berwenang.`, [
      { heading: 'Daftar arsip yang retensinya telah berakhir (nasib akhir: musnah)', lines: toDestroy.map((r, i) =>
        `${i + 1}. ${r.number ?? `dokumen ${r.document_id}`} - ${r.hal} (kode ${r.archive_code}, diarsipkan ${printedDate(r.archived_at, zone)})`) },
      { heading: 'Berita acara', lines: [
        'Pada tanggal ........................ telah dilaksanakan pemusnahan arsip sebagaimana daftar di atas,',
        'dengan cara ........................, disaksikan oleh ........................',
        '', 'Yang memusnahkan: ........................        Saksi: ........................', 'Menyetujui: ........................'] },
    ]);
    const { client, buckets } = ctx.storage;
    const put = await client.putObject(buckets.arsip, key, pdf, pdf.length, { 'Content-Type': 'application/pdf' });
    // The proposal itself is evidence: kept for good.
    await objectLock(client).putObjectRetention(buckets.arsip, key, { mode: 'COMPLIANCE', retainUntilDate: permanentRetainUntil.toISOString(), ...(put.versionId ? { versionId: put.versionId } : {}) });
    for (const row of toDestroy) steps.push({ row, action: 'archive.usul_musnah', data: { proposalKey: key } });
    review.destructionProposal = { id: 0, key, archiveIds: toDestroy.map((r) => r.id) };
  }
  if (steps.length > 0) {
    await em.transactional(async (tx) => {
      if (review.destructionProposal) {
        // The row the approval works on; the records point at it.
        const proposalId = await proposeDestruction(tx, review.destructionProposal.key, now, toDestroy.map((r) => r.id));
        review.destructionProposal.id = proposalId;
        for (const step of steps) if (step.action === 'archive.usul_musnah') step.data['usulMusnahId'] = proposalId;
      }
      for (const step of steps) {
        await recordAudit(tx, { actor: lifecycleActor, action: step.action, subjectType: 'archive_record', subjectId: step.row.id, agencyId: step.row.agency_id, at: now,
          data: { documentId: step.row.document_id, ...step.data } });
      }
    });
  }
  return review;
}

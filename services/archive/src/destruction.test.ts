import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { archiveTestBed, type ArchiveTestBed } from '../test/archive-fixtures.js';
import { archiveLatestVersion, manifestKey, type ArchivedDocument } from './archive-document.js';
import { approveDestructionProposal, getDestructionProposal, listDestructionProposals, rejectDestructionProposal } from './destruction.js';
import { setLegalHold } from './legal-hold.js';
import { reviewArchiveLifecycle } from './lifecycle.js';
import { trustConfiguration } from '@naskah/signing';
import { openAuditorPackage } from './package/auditor-package.js';
import { objectLock } from './storage.js';

let bed: ArchiveTestBed;
let work: string;
const admin = { personId: 0, name: '' };
const years = (n: number) => new Date(Date.now() + n * 365.25 * 86_400_000);

beforeAll(async () => {
  bed = await archiveTestBed();
  work = mkdtempSync(join(tmpdir(), 'naskah-musnah-'));
  const em = bed.orm.em.fork();
  // A JRA row with no retention at all: what lets a test reach "retention ended" without waiting years.
  await em.execute(`insert into retention_rule (code_prefix, description, active_years, inactive_years, fate) values ('999.9', 'Uji: tanpa retensi', 0, 0, 'musnah')`);
  const [row] = await em.execute<{ person_id: number; name: string }[]>("select u.person_id, p.name from app_user u join person p on p.id = u.person_id where u.username = 'admin'");
  Object.assign(admin, { personId: row!.person_id, name: row!.name });
}, 120_000);
afterAll(async () => {
  await bed?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Archived under the 0+0 rule, then locked for a few seconds through the storage layer (the PDF and its manifest), as a record whose lock is about to run out. */
async function shortLocked(seconds: number): Promise<ArchivedDocument & { documentId: number }> {
  const doc = await bed.makeDocument({ archiveCode: '999.9.1' });
  const archived = await archiveLatestVersion(bed.ctx, doc.documentId);
  const until = new Date(Date.now() + seconds * 1000).toISOString();
  const { client, buckets } = bed.storage;
  await objectLock(client).putObjectRetention(buckets.arsip, archived.objectKey, { mode: 'COMPLIANCE', retainUntilDate: until, versionId: archived.versionId! });
  const manifest = await client.statObject(buckets.arsip, manifestKey(doc.documentId, archived.sha256));
  await objectLock(client).putObjectRetention(buckets.arsip, manifestKey(doc.documentId, archived.sha256), { mode: 'COMPLIANCE', retainUntilDate: until, versionId: manifest.versionId! });
  return { ...archived, documentId: doc.documentId };
}

async function versionsOf(documentId: number): Promise<string[]> {
  const names: string[] = [];
  for await (const v of bed.storage.client.listObjects(bed.storage.buckets.arsip, `arsip/${documentId}/`, true, { IncludeVersion: true })) names.push(String(v.name));
  return names;
}

async function actions(subjectType: string, ids: number[]): Promise<string[]> {
  const rows = await bed.orm.em.fork().execute<{ subject_id: string; action: string }[]>(
    `select subject_id, action from audit_event where subject_type = ? and subject_id in (${ids.map(() => '?').join(',')}) order by seq`, [subjectType, ...ids.map(String)]);
  return rows.map((r) => `${r.subject_id} ${r.action}`);
}

describe('usul musnah: approval and destruction', () => {
  test('a record under legal hold or with retention not ended refuses the whole approval (409 naming them, nothing deleted); a rejection is final', async () => {
    const routine = await archiveLatestVersion(bed.ctx, (await bed.makeDocument({ archiveCode: '000.1.2' })).documentId);
    const held = await shortLocked(1);
    const review = await reviewArchiveLifecycle(bed.ctx, years(2.1));
    expect(review.destructionProposal?.archiveIds).toEqual([routine.archiveId, held.archiveId]);
    const id = review.destructionProposal!.id;
    await setLegalHold(bed.ctx, held.archiveId, true, { id: admin.personId, name: admin.name }, 'Pemeriksaan Inspektorat');
    await new Promise((r) => setTimeout(r, 1500));

    const refused = approveDestructionProposal(bed.ctx, id, admin, 'SK Sekda 800/12/2026');
    await expect(refused).rejects.toMatchObject({ code: 'DESTRUCTION_REFUSED', field: 'archiveIds' });
    const message = await refused.catch((e: Error) => e.message);
    expect(message).toContain(`archive record ${routine.archiveId}`);
    expect(message).toMatch(/retained until 20\d\d-/);
    expect(message).toContain(`archive record ${held.archiveId}`);
    expect(message).toContain('legal hold');
    expect(await versionsOf(held.documentId)).toHaveLength(2);
    expect((await getDestructionProposal(bed.ctx, id)).status).toBe('diajukan');

    await expect(rejectDestructionProposal(bed.ctx, id, admin, ' ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'note' });
    const rejected = await rejectDestructionProposal(bed.ctx, id, admin, 'Masih diperlukan untuk pemeriksaan');
    expect(rejected).toMatchObject({ status: 'ditolak', decidedBy: admin.name, decisionNote: 'Masih diperlukan untuk pemeriksaan' });
    await expect(approveDestructionProposal(bed.ctx, id, admin, 'SK Sekda')).rejects.toMatchObject({ code: 'DESTRUCTION_PROPOSAL_DECIDED' });
    expect(await actions('usul_musnah', [id])).toEqual([`${id} archive.usul_musnah_refused`, `${id} archive.usul_musnah_ditolak`]);
  }, 60_000);

  test('retention ended: the locked versions are deleted, storage refusing one is reported (not hidden), a retry finishes, berita acara kept locked', async () => {
    const first = await shortLocked(4);
    const second = await shortLocked(4);
    const review = await reviewArchiveLifecycle(bed.ctx, new Date());
    expect(review.destructionProposal?.archiveIds).toEqual([first.archiveId, second.archiveId]);
    const id = review.destructionProposal!.id;
    expect((await listDestructionProposals(bed.ctx)).map((p) => [p.id, p.status])).toContainEqual([id, 'diajukan']);

    // The database says retention ended; the object's own lock has not run out yet: refused, nothing deleted.
    await expect(approveDestructionProposal(bed.ctx, id, admin, 'SK Sekda 800/15/2026')).rejects.toMatchObject({ code: 'DESTRUCTION_REFUSED', message: expect.stringMatching(/locked in storage until/) });
    // Storage itself refuses too, whatever the caller thinks.
    await expect(bed.storage.client.removeObject(bed.storage.buckets.arsip, first.objectKey, { versionId: first.versionId! })).rejects.toThrow(/WORM protected/);
    await new Promise((r) => setTimeout(r, 4500));

    // A legal hold put on the object behind the database's back: the deletion fails at storage and is reported.
    await objectLock(bed.storage.client).setObjectLegalHold(bed.storage.buckets.arsip, second.objectKey, { status: 'ON', versionId: second.versionId! });
    const partly = approveDestructionProposal(bed.ctx, id, admin, 'SK Sekda 800/15/2026');
    await expect(partly).rejects.toMatchObject({ code: 'DESTRUCTION_FAILED', field: 'archiveIds' });
    expect(await partly.catch((e: Error) => e.message)).toContain(`archive record ${second.archiveId}`);
    expect(await versionsOf(first.documentId)).toEqual([]);
    expect(await versionsOf(second.documentId)).toContain(second.objectKey);
    const midway = await getDestructionProposal(bed.ctx, id);
    expect(midway.status).toBe('disetujui');
    expect(midway.records.map((r) => [r.archiveId, r.destroyedAt !== null])).toEqual([[first.archiveId, true], [second.archiveId, false]]);

    await objectLock(bed.storage.client).setObjectLegalHold(bed.storage.buckets.arsip, second.objectKey, { status: 'OFF', versionId: second.versionId! });
    const done = await approveDestructionProposal(bed.ctx, id, admin, 'SK Sekda 800/15/2026');
    expect(done).toMatchObject({ status: 'dimusnahkan', decidedBy: admin.name, decisionNote: 'SK Sekda 800/15/2026', beritaAcaraKey: `berita-acara-pemusnahan/usul-musnah-${id}.pdf` });
    expect(done.records.every((r) => r.destroyedAt !== null)).toBe(true);
    expect(await versionsOf(second.documentId)).toEqual([]);
    const [row] = await bed.orm.em.fork().execute<{ destroyed_by_id: number; destroyed: boolean }[]>('select destroyed_by_id, destroyed_at is not null as destroyed from archive_record where id = ?', [second.archiveId]);
    expect(row).toEqual({ destroyed_by_id: admin.personId, destroyed: true });

    const { client, buckets } = bed.storage;
    const chunks: Buffer[] = [];
    for await (const c of await client.getObject(buckets.arsip, done.beritaAcaraKey!)) chunks.push(c as Buffer);
    writeFileSync(join(work, 'ba.pdf'), Buffer.concat(chunks));
    const text = execFileSync('pdftotext', ['-layout', join(work, 'ba.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Berita Acara Pemusnahan Arsip');
    expect(text).toContain(first.sha256);
    expect(text).toContain(second.sha256);
    expect(text).toContain(admin.name);
    expect(await client.getObjectRetention(buckets.arsip, done.beritaAcaraKey!)).toMatchObject({ mode: 'COMPLIANCE' });

    expect(await actions('usul_musnah', [id])).toEqual([
      `${id} archive.usul_musnah_refused`, `${id} archive.usul_musnah_disetujui`, `${id} archive.berita_acara_pemusnahan`]);
    expect(await actions('archive_record', [second.archiveId])).toEqual([
      `${second.archiveId} archive.moved_inactive`, `${second.archiveId} archive.usul_musnah`, `${second.archiveId} archive.destruction_failed`, `${second.archiveId} archive.destroyed`]);
    await expect(approveDestructionProposal(bed.ctx, id, admin, 'lagi')).rejects.toMatchObject({ code: 'DESTRUCTION_PROPOSAL_DECIDED' });
    // What was destroyed cannot be retrieved; the life-cycle pass leaves it alone.
    await expect(openAuditorPackage(bed.ctx, first.archiveId, { personId: admin.personId, name: admin.name, roles: ['admin'], classifiedAccess: true }, { trust: trustConfiguration({}) }))
      .rejects.toMatchObject({ code: 'ARCHIVE_DESTROYED' });
    expect((await reviewArchiveLifecycle(bed.ctx, years(10))).destructionProposal).toBeNull();
  }, 60_000);
});

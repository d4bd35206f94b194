import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { archiveTestBed, type ArchiveTestBed } from '../test/archive-fixtures.js';
import { archiveLatestVersion } from './archive-document.js';
import { reviewArchiveLifecycle } from './lifecycle.js';

let bed: ArchiveTestBed;
beforeAll(async () => { bed = await archiveTestBed(); }, 120_000);
afterAll(async () => { await bed?.close(); });

const years = (n: number) => new Date(Date.now() + n * 365.25 * 86_400_000);

test('active → inactive → usul musnah (with berita acara) for routine letters; permanen flagged for transfer; each step once', async () => {
  const routine = await archiveLatestVersion(bed.ctx, (await bed.makeDocument({ archiveCode: '000.1.2' })).documentId);
  const held = await archiveLatestVersion(bed.ctx, (await bed.makeDocument({ archiveCode: '000.1.2' })).documentId);
  const lkjip = await archiveLatestVersion(bed.ctx, (await bed.makeDocument({ archiveCode: '000.5.3' })).documentId);
  await bed.orm.em.fork().execute('update archive_record set legal_hold = true where id = ?', [held.archiveId]);

  const now = await reviewArchiveLifecycle(bed.ctx, new Date());
  expect(now).toEqual({ movedInactive: [], destructionProposal: null, flaggedForTransfer: [], flaggedForReappraisal: [] });

  const afterActive = await reviewArchiveLifecycle(bed.ctx, years(1.5));
  expect(afterActive.movedInactive).toEqual([routine.archiveId, held.archiveId]);
  expect(afterActive.destructionProposal).toBeNull();

  const afterRetention = await reviewArchiveLifecycle(bed.ctx, years(2.1));
  expect(afterRetention.movedInactive).toEqual([lkjip.archiveId]);
  expect(afterRetention.destructionProposal?.archiveIds).toEqual([routine.archiveId]); // the one under legal hold is not proposed
  const chunks: Buffer[] = [];
  for await (const c of await bed.storage.client.getObject(bed.storage.buckets.arsip, afterRetention.destructionProposal!.key)) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');

  expect(await reviewArchiveLifecycle(bed.ctx, years(2.2))).toEqual({ movedInactive: [], destructionProposal: null, flaggedForTransfer: [], flaggedForReappraisal: [] });
  const afterPermanent = await reviewArchiveLifecycle(bed.ctx, years(6.1));
  expect(afterPermanent.flaggedForTransfer).toEqual([lkjip.archiveId]);
}, 60_000);

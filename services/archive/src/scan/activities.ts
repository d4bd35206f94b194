import { Context } from '@temporalio/activity';
import { hasAuditEvent, recordAudit } from '@naskah/domain';
import type { ArchiveContext } from '../archive-document.js';
import { raiseIntegrityAlert, scanArchiveBatch, type IntegrityProblem, type ScanProgress } from './integrity-scan.js';

export interface ScanBatchInput {
  cursor: number;
  batchSize: number;
}

/** The integrity scan's I/O, registered by the worker beside the other activities. */
export function createIntegrityScanActivities(ctx: ArchiveContext) {
  return {
    async scanArchiveBatch(input: ScanBatchInput): Promise<ScanProgress> {
      const activity = Context.current();
      // Heartbeats keep a long batch alive and let cancellation reach it.
      return scanArchiveBatch(ctx, { cursor: input.cursor, batchSize: input.batchSize, onRecord: (cursor) => activity.heartbeat({ cursor }) });
    },
    async finishIntegrityScan(input: { scanId: string; checked: number; bytes: number; problems: IntegrityProblem[] }): Promise<{ notified: number }> {
      const em = ctx.orm.em.fork();
      // Keyed by scan id: a retried activity finds its earlier record.
      if (await hasAuditEvent(em, 'archive.integrity_scan', 'archive_scan', input.scanId)) return { notified: 0 };
      const alert = await raiseIntegrityAlert(em, input.scanId, input.problems);
      await em.fork().transactional((tx) => recordAudit(tx, {
        actor: { id: null, name: 'Pemindai integritas arsip' }, action: 'archive.integrity_scan', subjectType: 'archive_scan', subjectId: input.scanId,
        data: { checked: input.checked, bytes: input.bytes, problems: input.problems.length },
      }));
      return alert;
    },
  };
}

export type IntegrityScanActivities = ReturnType<typeof createIntegrityScanActivities>;

import { Context } from '@temporalio/activity';
import type { ArchiveContext } from '../archive-document.js';
import type { ArchiveLtv } from './archival-timestamps.js';
import { renewArchiveBatch, type RenewalBatch } from './renewal.js';

/** The renewal's I/O, registered by the worker beside the other activities. */
export function createArchiveRenewalActivities(ctx: ArchiveContext) {
  return {
    async renewArchiveBatch(input: { cursor: number; batchSize: number; now: string }): Promise<RenewalBatch> {
      const ltv: ArchiveLtv | undefined = ctx.ltv;
      // Not configured on this worker (ARCHIVE_TSA unset): nothing to renew with.
      if (!ltv) return { cursor: input.cursor, checked: 0, renewed: [], failed: [], done: true };
      const activity = Context.current();
      // "now" is the workflow's time (the schedule's run), so a replayed or time-skipped run decides the same way.
      return renewArchiveBatch({ ...ctx, ltv }, { cursor: input.cursor, batchSize: input.batchSize, now: new Date(input.now), onRecord: (cursor) => activity.heartbeat({ cursor }) });
    },
  };
}

export type ArchiveRenewalActivities = ReturnType<typeof createArchiveRenewalActivities>;

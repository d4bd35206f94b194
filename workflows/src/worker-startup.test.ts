// The worker as the process entry starts it: real activities from
// buildWorkerActivities (including the archive integrity scan) and the nightly
// scan schedule, in a Temporal namespace of this run's own.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { archiveLatestVersion, integrityScanScheduleId } from '@naskah/archive';
import { dashboardRollupScheduleId } from './dashboard-rollup-schedule.js';
import { createRunNamespace, testConfig, uniqueTaskQueue } from '@naskah/infra/testing';
import type { Config } from '@naskah/config';
import { archiveTestBed, fakePdf, type ArchiveTestBed } from '@naskah/archive/testing';
import { startNaskahWorker, type NaskahWorker } from './worker.js';

describe('worker start-up (startNaskahWorker)', () => {
  const taskQueue = uniqueTaskQueue('startup');
  let bed: ArchiveTestBed;
  let config: Config;
  let naskahWorker: NaskahWorker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    bed = await archiveTestBed();
    const namespace = await createRunNamespace(testConfig().temporal.address, 'worker-startup');
    config = testConfig({
      DATABASE_URL: bed.orm.config.get('clientUrl') as string,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      MINIO_BUCKET_DOCUMENTS: bed.storage.buckets.versions,
      MINIO_BUCKET_ARCHIVE: bed.storage.buckets.arsip,
    });
    naskahWorker = await startNaskahWorker(config);
    running = naskahWorker.run();
    connection = await Connection.connect({ address: config.temporal.address });
    client = new Client({ connection, namespace });
  }, 240_000);

  afterAll(async () => {
    // The namespace outlives the run (retention); its schedule should not fire into a queue nobody polls.
    await client?.schedule.getHandle(integrityScanScheduleId).delete().catch(() => undefined);
    await client?.schedule.getHandle(dashboardRollupScheduleId).delete().catch(() => undefined);
    await connection?.close();
    await naskahWorker?.shutdown();
    await running;
    await bed?.close();
  });

  it('registers the integrity-scan activities: a scan over the archive finds the tampered object', async () => {
    const [kept, tampered] = await Promise.all([bed.makeDocument(), bed.makeDocument()]);
    await archiveLatestVersion(bed.ctx, kept!.documentId);
    const victim = await archiveLatestVersion(bed.ctx, tampered!.documentId);
    await bed.storage.client.putObject(bed.storage.buckets.arsip, victim.objectKey, fakePdf(64));

    const handle = await client.workflow.start('integrityScanWorkflow', { taskQueue, workflowId: `scan-${taskQueue}`, args: [{ batchSize: 1 }] });
    const result = await handle.result() as { checked: number; problems: number; finishedAt: string | null };
    expect(result).toMatchObject({ checked: 2, problems: 1 });
    expect(result.finishedAt).not.toBeNull();
  }, 120_000);

  it('creates the nightly schedule on the worker task queue, and a restart keeps the one schedule', async () => {
    const handle = client.schedule.getHandle(integrityScanScheduleId);
    const before = await handle.describe();
    expect(before.action).toMatchObject({ type: 'startWorkflow', workflowType: 'integrityScanWorkflow', taskQueue });
    expect(before.policies.overlap).toBe('SKIP');
    // A restarted worker finds the schedule instead of failing or replacing it.
    const again = await startNaskahWorker(config);
    await again.shutdown();
    const after = await handle.describe();
    expect(after.info.createdAt).toEqual(before.info.createdAt);
    expect(after.action).toEqual(before.action);
  }, 120_000);

  it('schedules the dashboard rollup, and its workflow rolls the complete days up through the registered activity', async () => {
    const schedule = await client.schedule.getHandle(dashboardRollupScheduleId).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'dashboardRollupWorkflow', taskQueue });
    // The day in WITA (UTC+8, the test Pemda's zone), n days on.
    const witaDay = (at: number, n: number) => new Date(at + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
    const startedAt = Date.now();
    const result = await client.workflow.execute('dashboardRollupWorkflow', { taskQueue, workflowId: `rollup-${taskQueue}`, args: [] }) as { from: string; until: string };
    const finishedAt = Date.now();
    // The reconciliation rebuilds the last seven days and today: [today − 7, tomorrow) in WITA.
    // (Either side of a midnight that fell during the run.)
    expect([witaDay(startedAt, 1), witaDay(finishedAt, 1)]).toContain(result.until);
    expect(result.from).toBe(new Date(Date.parse(`${result.until}T00:00:00Z`) - 8 * 86_400_000).toISOString().slice(0, 10));
  }, 120_000);
});

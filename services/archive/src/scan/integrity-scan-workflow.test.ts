import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { testConfig, uniqueTaskQueue } from '@naskah/infra/testing';
import { archiveTestBed, fakePdf, type ArchiveTestBed } from '../../test/archive-fixtures.js';
import { ownMinio, type OwnMinio } from '../../test/own-minio.js';
import { archiveLatestVersion, arsipKey, type ArchiveContext } from '../archive-document.js';
import { archivePort } from '../activities.js';
import type { ArchiveActivities } from '../../test/test-workflows.js';
import { ensureBuckets } from '../buckets.js';
import { createHash } from 'node:crypto';
import { createIntegrityScanActivities } from './activities.js';
import { integrityScanProgress } from './messages.js';
import { ensureIntegrityScanSchedule, integrityScanScheduleId } from './schedule.js';

/** The archive step as an activity, taking the workflow key and the document id in one input like the routing workflow's step. */
const archiveStep = (ctx: ArchiveContext): ArchiveActivities => ({
  archiveDocument: (input) => archivePort(ctx).archiveDocument(input, input.documentId),
});

const config = testConfig();
const taskQueue = uniqueTaskQueue('arsip');
let bed: ArchiveTestBed;
let own: OwnMinio;
let ownCtx: ArchiveContext;
let worker: Worker;
let running: Promise<void>;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  bed = await archiveTestBed();
  own = await ownMinio();
  ownCtx = { orm: bed.orm, storage: { client: own.client, buckets: { versions: 'naskah-versions', arsip: 'naskah-arsip' } } };
  await ensureBuckets(ownCtx.storage);
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  worker = await Worker.create({
    connection: nativeConnection, namespace: config.temporal.namespace, taskQueue,
    workflowsPath: fileURLToPath(new URL('../../test/test-workflows.ts', import.meta.url)),
    activities: { ...createIntegrityScanActivities(bed.ctx), ...archiveStep(ownCtx) },
  });
  running = worker.run().finally(() => nativeConnection.close());
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
}, 240_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await own?.destroy();
  await bed?.close();
});

describe('integrity scan as a Temporal workflow', () => {
  test('finds a new version put behind the database, reports progress, raises an audited alert to admins', async () => {
    const docs = await Promise.all([1, 2, 3, 4, 5].map(() => bed.makeDocument()));
    const archived = [];
    for (const d of docs) archived.push(await archiveLatestVersion(bed.ctx, d.documentId));
    const victim = archived[2]!;
    await bed.storage.client.putObject(bed.storage.buckets.arsip, victim.objectKey, fakePdf(100));

    const handle = await client.workflow.start('integrityScanWorkflow', { taskQueue, workflowId: `scan-${taskQueue}`, args: [{ batchSize: 2 }] });
    const result = await handle.result() as { checked: number; problems: number; finishedAt: string | null; scanId: string };
    expect(result).toMatchObject({ checked: 5, problems: 1 });
    expect(result.finishedAt).not.toBeNull();
    const progress = await handle.query(integrityScanProgress);
    expect(progress.cursor).toBe(archived.at(-1)!.archiveId);

    const em = bed.orm.em.fork();
    const [alert] = await em.execute<{ data: { problems: { archiveId: number; kind: string }[] } }[]>(
      "select data from audit_event where action = 'archive.integrity_alert' and subject_id = ?", [result.scanId]);
    expect(alert?.data.problems).toEqual([expect.objectContaining({ archiveId: victim.archiveId, kind: 'unexpected_version' })]);
    const notes = await em.execute<{ title: string }[]>("select title from notification where kind = 'archive_integrity'");
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]!.title).toContain('1 masalah');
  }, 120_000);

  test('the schedule is created once; a second call finds it', async () => {
    await ensureIntegrityScanSchedule(client, { taskQueue });
    await ensureIntegrityScanSchedule(client, { taskQueue });
    const handle = client.schedule.getHandle(integrityScanScheduleId);
    const described = await handle.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'integrityScanWorkflow' });
    await handle.delete();
  }, 60_000);
});

describe('archiving while MinIO is down', () => {
  test('the activity retries and archives exactly once when MinIO is back', async () => {
    // Its own MinIO runs as the test stack's does, erasure-coded over four drives (write quorum 3; one drive would say 1).
    expect((await fetch(`http://127.0.0.1:${own.port}/minio/health/cluster`)).headers.get('x-minio-write-quorum')).toBe('3');
    const doc = await bed.makeDocument();
    // The final version lives in this test's own MinIO, which it is free to stop.
    await own.client.putObject('naskah-versions', doc.versionKey, doc.pdf);
    await own.stop();
    const handle = await client.workflow.start('archiveStepWorkflow', { taskQueue, workflowId: `archive-${taskQueue}`, args: [String(doc.documentId)] });
    // Wait until Temporal has retried the failing attempt at least once.
    for (;;) {
      const d = await handle.describe();
      const attempt = (d.raw.pendingActivities?.[0]?.attempt ?? 0);
      if (attempt >= 2) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    await own.start();
    const result = await handle.result() as { archiveId: string };

    const em = bed.orm.em.fork();
    const rows = await em.execute<{ id: number; sha256: string }[]>('select id, sha256 from archive_record where document_id = ?', [doc.documentId]);
    expect(rows).toEqual([{ id: Number(result.archiveId), sha256: doc.sha256 }]);
    const objects: { name?: string }[] = [];
    for await (const o of own.client.listObjects('naskah-arsip', `arsip/${doc.documentId}/`, true, { IncludeVersion: true })) objects.push(o);
    expect(objects.map((o) => o.name).sort()).toEqual([`arsip/${doc.documentId}/${doc.sha256}.manifest.json`, arsipKey(doc.documentId, doc.sha256)]);
    const chunks: Buffer[] = [];
    for await (const c of await own.client.getObject('naskah-arsip', arsipKey(doc.documentId, doc.sha256))) chunks.push(c as Buffer);
    expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(doc.sha256);
    const [events] = await em.execute<{ n: string }[]>("select count(*) as n from audit_event where action = 'archive.archived' and subject_id = ?", [String(doc.documentId)]);
    expect(Number(events?.n)).toBe(1);
  }, 180_000);

  test('an attempt that died after writing the PDF is finished by the retry without a second version', async () => {
    const doc = await bed.makeDocument();
    await own.client.putObject('naskah-versions', doc.versionKey, doc.pdf);
    // What the dead attempt left: the PDF in the locked bucket, no manifest, no row.
    await own.client.putObject('naskah-arsip', arsipKey(doc.documentId, doc.sha256), doc.pdf, doc.pdf.length, { 'If-None-Match': '*', sha256: doc.sha256 });
    const archived = await archiveLatestVersion(ownCtx, doc.documentId);
    expect(archived.created).toBe(true);
    const objects: { name?: string }[] = [];
    for await (const o of own.client.listObjects('naskah-arsip', `arsip/${doc.documentId}/`, true, { IncludeVersion: true })) objects.push(o);
    expect(objects).toHaveLength(2);
  }, 60_000);
});

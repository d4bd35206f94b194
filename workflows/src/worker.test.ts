import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { testConfig, uniqueTaskQueue } from '@naskah/infra/testing';
import { createNaskahWorker, type NaskahWorker } from './worker.js';
import { pingWorkflow } from './workflows/ping.js';

describe('worker round trip on the test Temporal server', () => {
  const config = testConfig();
  const taskQueue = uniqueTaskQueue('ping');
  let naskahWorker: NaskahWorker;
  let running: Promise<void>;
  let connection: Connection;

  beforeAll(async () => {
    naskahWorker = await createNaskahWorker({ config, taskQueue });
    running = naskahWorker.run();
    connection = await Connection.connect({ address: config.temporal.address });
  });

  afterAll(async () => {
    // Guarded: when beforeAll failed, its error is the one worth reading.
    await connection?.close();
    await naskahWorker?.shutdown();
    await running;
  });

  it('starts pingWorkflow and gets its result back', async () => {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const handle = await client.workflow.start(pingWorkflow, {
      taskQueue,
      workflowId: `${taskQueue}-wf`,
      args: ['surat masuk'],
    });
    await expect(handle.result()).resolves.toBe(`pong: surat masuk (${taskQueue})`);
    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
  });
});

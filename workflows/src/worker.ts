// The Temporal worker: registers every workflow in ./workflows/index.ts and the
// activities built by ./activities/index.ts, and keeps the archive
// integrity-scan schedule in place. Run it with `tsx workflows/src/worker.ts`.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '@naskah/config';
import { buildWorkerActivities } from './activities/index.js';
import { ensureArchiveRenewalSchedule, ensureIntegrityScanSchedule } from '@naskah/archive';
import { ensureDashboardRollupSchedule } from './dashboard-rollup-schedule.js';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

export interface NaskahWorkerOptions {
  config: Config;
  /** Activity implementations; `startNaskahWorker` (the process entry) builds the real ones with `buildWorkerActivities(config)`. */
  activities?: object;
  /** Defaults to config.temporal.taskQueue; tests pass a queue of their own. */
  taskQueue?: string;
  /**
   * 0 turns off the sticky cache: a test that restarts the worker on the time-skipping server sets it, since that
   * server holds its clock while a task waits on a stopped worker's sticky queue.
   */
  maxCachedWorkflows?: number;
}

export interface NaskahWorker {
  worker: Worker;
  /** Resolves when the worker stops (after `shutdown()`), rejects if it crashes. */
  run(): Promise<void>;
  /** Stops polling, lets running tasks finish, closes the connection. */
  shutdown(): Promise<void>;
}

export async function createNaskahWorker(options: NaskahWorkerOptions): Promise<NaskahWorker> {
  const { config } = options;
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  let worker: Worker;
  try {
    worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: options.taskQueue ?? config.temporal.taskQueue,
      workflowsPath,
      activities: options.activities ?? {},
      ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    });
  } catch (error) {
    await connection.close();
    throw error;
  }
  let running: Promise<void> | undefined;
  return {
    worker,
    run() {
      running ??= worker.run().finally(() => connection.close());
      return running;
    },
    async shutdown() {
      // A worker that never ran still holds the connection; running it is the only way to release it.
      running ??= worker.run().finally(() => connection.close());
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/**
 * The worker as production runs it: real activities (workflows, the archive
 * integrity scan, the dashboard rollup) and their nightly schedules, created
 * once per namespace (a restart finds an existing schedule and leaves it alone).
 */
export async function startNaskahWorker(config: Config, options: { taskQueue?: string } = {}): Promise<NaskahWorker> {
  const taskQueue = options.taskQueue ?? config.temporal.taskQueue;
  const built = await buildWorkerActivities(config);
  let naskahWorker: NaskahWorker;
  try {
    const connection = await Connection.connect({ address: config.temporal.address });
    try {
      const client = new Client({ connection, namespace: config.temporal.namespace });
      await ensureIntegrityScanSchedule(client, { taskQueue });
      await ensureDashboardRollupSchedule(client, { taskQueue });
      // Archival time-stamps configured (ARCHIVE_TSA): the nightly renewal walk.
      if (config.archive.tsa) await ensureArchiveRenewalSchedule(client, { taskQueue });
    } finally {
      await connection.close();
    }
    naskahWorker = await createNaskahWorker({ config, taskQueue, activities: built.activities });
  } catch (error) {
    await built.close();
    throw error;
  }
  let closed: Promise<void> | undefined;
  // The database pool outlives the worker only until its last activity has finished.
  const closeOnce = () => (closed ??= built.close());
  return {
    worker: naskahWorker.worker,
    run: () => naskahWorker.run().finally(closeOnce),
    async shutdown() {
      await naskahWorker.shutdown();
      await closeOnce();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({
    // Bundling and state-change chatter at INFO would bury the lines people need.
    logger: new DefaultLogger(process.env.WORKER_LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });
  const naskahWorker = await startNaskahWorker(config);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => { void naskahWorker.shutdown(); });
  }
  console.log(`worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
  await naskahWorker.run();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error('worker failed:', error);
    process.exit(1);
  });
}

// The Temporal worker: registers every workflow in ./workflows/index.ts and the
// activities built by ./activities/index.ts. Run it with `tsx workflows/src/worker.ts`.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '@naskah/config';
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

export interface NaskahWorkerOptions {
  config: Config;
  /** Activity implementations; the process entry builds them with `buildActivities(config)` when the activities module offers it. */
  activities?: object;
  /** Defaults to config.temporal.taskQueue; tests pass a queue of their own. */
  taskQueue?: string;
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
      if (worker.getState() === 'RUNNING') worker.shutdown();
      if (running) await running;
      else await connection.close();
    },
  };
}

/** The activities module may export `buildActivities(config)`, composing real database, PDF and MinIO ports. */
async function loadActivities(config: Config): Promise<object> {
  const module = (await import('./activities/index.js')) as { buildActivities?: (c: Config) => object | Promise<object> };
  if (typeof module.buildActivities === 'function') return module.buildActivities(config);
  console.warn('worker: activities/index.ts exports no buildActivities(config); registering workflows without activities');
  return {};
}

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({
    // Bundling and state-change chatter at INFO would bury the lines people need.
    logger: new DefaultLogger(process.env.WORKER_LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });
  const naskahWorker = await createNaskahWorker({ config, activities: await loadActivities(config) });
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

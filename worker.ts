import { makeTelemetryFilterString, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './activities';
import { rootLogger } from './execution/logger';
import { DefinitionsModuleError, findDefinitionsModule } from './execution/definitions-module';
import { mainThreadStepRunner, threadStepRunner, type StepRunner } from './execution/step-runner';
import type { Definitions } from './planning/definitions';
import { prepareCatalog } from './storage/catalog/prepare-catalog';
import { checkStorageRoot } from './storage/storage-root';
import { attemptFailureInterceptors } from './temporal/attempt-failure-log';
import { connectionOptions, type TemporalTarget } from './temporal/connection';
import { coreLogLevel, sdkLogger, sdkLogThreshold } from './temporal/sdk-logger';
import { workflowBundlePath } from './temporal/workflow-bundle';

export interface AssetflowWorkerOptions {
  definitions: Definitions;
  /** The Temporal service to poll. */
  target: TemporalTarget;
  /** An existing connection to use instead of opening one (e.g. a TestWorkflowEnvironment's). Not closed by the worker. */
  connection?: NativeConnection;
  /** Default: the Definitions' own task queue (`definitions.taskQueue`: ASSETFLOW_TASK_QUEUE, or derived from its package name). */
  taskQueue?: string;
  /**
   * The module that exports `definitions` (a path), loaded by the worker's step threads. Default:
   * found among the loaded modules (the one exporting this very value, e.g. the `--defs`
   * module); createWorker fails with DefinitionsModuleError, saying what to pass, when none does.
   */
  definitionsModule?: string;
  /**
   * Run each step (load inputs, compute, store, record) in a worker thread (the default), so
   * that this thread keeps heartbeating through blocking computes, and a cancelled or timed-out
   * step that ignores its signal is terminated. `false` runs steps on the worker's own thread.
   * `idleTimeoutMs`: a thread idle that long ends, returning its native memory (default 2000).
   */
  stepThreads?: boolean | { idleTimeoutMs?: number };
  /** Materializations running at once on this worker. Default 8. */
  maxConcurrentActivities?: number;
  /** Path of a prebuilt workflow bundle (default: built once and cached under .assetflow/cache). */
  workflowBundlePath?: string;
  /** Further Temporal worker tuning (slots, caches, timeouts), passed to Worker.create as is. */
  workerOptions?: Omit<Partial<WorkerOptions>, 'connection' | 'namespace' | 'taskQueue' | 'activities' | 'workflowBundle' | 'workflowsPath'>;
}

/**
 * A Temporal worker that runs assetflow's workflows and materializes the given Definitions.
 * Scale out by running more of them on the same task queue.
 *
 * @example
 * ```ts
 * const worker = await createWorker({ definitions, target: { address: '127.0.0.1:7233', namespace: 'default' } });
 * await worker.runUntil(materialize(client, definitions, { selection: '*' }));
 * ```
 */
export async function createWorker(options: AssetflowWorkerOptions): Promise<Worker> {
  quietRuntime();
  // A storage root that cannot be a writable folder fails here, not in every step.
  await checkStorageRoot(options.definitions.storageRoot);
  // The catalog fails here, with its own error, rather than at the first materialization; it closes with definitions.dispose().
  await prepareCatalog(options.definitions.catalog, options.definitions.storageRoot, rootLogger());
  const activitySlots = options.workerOptions?.maxConcurrentActivityTaskExecutions ?? options.maxConcurrentActivities ?? 8;
  const steps = stepRunner(options, activitySlots);
  const connection = options.connection ?? (await NativeConnection.connect(connectionOptions(options.target)));
  const worker = await Worker.create({
    connection,
    namespace: options.target.namespace,
    taskQueue: options.taskQueue ?? options.definitions.taskQueue,
    workflowBundle: { codePath: options.workflowBundlePath ?? (await workflowBundlePath()) },
    activities: createActivities(options.definitions, steps),
    maxConcurrentActivityTaskExecutions: activitySlots,
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: activityPollers(activitySlots) },
    // Cancellation reaches activities through heartbeats; give them time to clean up on shutdown.
    shutdownGraceTime: '10s',
    // Cancellation reaches an activity in a heartbeat's response: heartbeats go out every 0.5 s
    // (not throttled to 0.8 × the heartbeat timeout), so a cancel reaches a step within about a second.
    maxHeartbeatThrottleInterval: '500ms',
    defaultHeartbeatThrottleInterval: '500ms',
    ...options.workerOptions,
    interceptors: {
      ...options.workerOptions?.interceptors,
      // A failed attempt is one line on this worker: what failed, why, and when it is retried.
      activity: [attemptFailureInterceptors(), ...(options.workerOptions?.interceptors?.activity ?? [])],
    },
  });
  // Once the worker stops: tear down the resources it built (database pools, the catalog), then close its own connection.
  const close = async () => {
    await steps.close().catch(() => {});
    await options.definitions.dispose().catch(() => {});
    if (!options.connection) await connection.close().catch(() => {});
  };
  worker.run = wrapRun(worker.run.bind(worker), close);
  return worker;
}

/**
 * Activity pollers for a number of activity slots: at most half of them. Each poll holds a slot
 * while it waits, and the SDK's default (as many pollers as slots, up to 10) leaves no free slot
 * for the server to hand the next step's activity back eagerly with the workflow task
 * completion; every step then waits for a matching round trip (bench: a chain of trivial
 * assets took ~100 ms per asset with 8 slots and 8 pollers, ~50 ms with 4 pollers).
 */
export function activityPollers(slots: number): number {
  return Math.max(1, Math.min(10, Math.floor(slots / 2)));
}

/** The worker's step runner: threads loading the Definitions module (found or given), or its own thread. */
function stepRunner(options: AssetflowWorkerOptions, maxThreads: number): StepRunner {
  if (options.stepThreads === false) return mainThreadStepRunner(options.definitions);
  const definitionsModule = options.definitionsModule ?? findDefinitionsModule(options.definitions);
  if (!definitionsModule) throw new DefinitionsModuleError();
  const idleTimeoutMs = typeof options.stepThreads === 'object' ? options.stepThreads.idleTimeoutMs : undefined;
  return threadStepRunner(definitionsModule, { maxThreads, ...(idleTimeoutMs !== undefined ? { idleTimeoutMs } : {}) });
}

/** Close the worker's resources and connection once it stops running. */
function wrapRun(run: () => Promise<void>, close: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await run();
    } finally {
      await close();
    }
  };
}

let runtimeInstalled = false;

/**
 * Routes the Temporal SDK's log (its TypeScript side and its core's) through assetflow's
 * logger: one line per entry, pretty or JSON like the rest, warnings and errors only unless
 * ASSETFLOW_TEMPORAL_LOG_LEVEL asks for more (ASSETFLOW_LOG_LEVEL=error or silent quiets it too).
 * The SDK's `Activity failed` and `Workflow failed` entries are DEBUG: assetflow reports them itself.
 */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  const threshold = sdkLogThreshold();
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: sdkLogger(threshold),
      telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: coreLogLevel(threshold), other: 'ERROR' }) } },
    });
  } catch {
    // A Runtime was already installed by the application: keep its logger.
  }
}

import { buildGraph } from '../planning/graph';
import { resolveSelection } from '../planning/selection';
import { randomUUID } from 'node:crypto';
import { isMultiAsset, type AnyMultiAsset } from '../assets/multi-asset';
import type { AnyAsset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { executeStep } from '../execution/execute-step';
import { AssetflowError, isRetryable } from '../errors/assetflow-error';
import { rootLogger } from '../execution/logger';
import type { PlanStep, RunPlan, StepResult } from '../contract/run';
import { checkRow, readySteps, skipBlockedSteps } from '../workflows/step-table';
import { memoryCatalog } from './memory-catalog';
import { memoryIOManager, memoryKey } from './memory-io-manager';

export interface InProcessOptions {
  /** Run config, `{ ops: { <key>: { config } } }`, validated as for a real run. */
  runConfig?: unknown;
  /** Resources replacing the Definitions' own (by name; names not given keep theirs). */
  resources?: Record<string, unknown>;
  partitionKey?: string;
  /** Values of assets outside the selection that selected assets read, by asset key. */
  assetValues?: Record<string, unknown>;
  /** Retry a failing step up to its policy's maxAttempts, without the backoff wait. Default true. */
  retries?: boolean;
  /** Throw the first step error instead of returning a failed result. Default false. */
  raiseOnError?: boolean;
  /** Default a fresh `test-<uuid>`. */
  runId?: string;
  /** Abort to cancel: the running compute sees it as `context.signal`. */
  signal?: AbortSignal;
}

/** A step that failed, with the error its compute (or IO) threw on its last attempt. */
export interface StepFailure {
  key: string;
  error: Error;
}

/** What an in-process run returns: its step table, failures, and every output in memory. */
export interface InProcessResult {
  /** True when every step succeeded. */
  success: boolean;
  runId: string;
  plan: RunPlan;
  /** The step table, as a run on Temporal reports it. */
  steps: StepResult[];
  errors: StepFailure[];
  /** The value a step produced (an asset by key; an op by node name). Throws if it has none. */
  outputFor(key: string): unknown;
}

/** Raised with `raiseOnError` when a step fails: `cause` is the step's error, and retryable as it is. */
export class InProcessStepError extends AssetflowError {
  constructor(readonly key: string, override readonly cause: Error) {
    super(`step '${key}' failed: ${cause.message}`, { code: 'STEP_FAILED', retryable: isRetryable(cause) });
    this.name = 'InProcessStepError';
  }
}

/**
 * Runs a plan in this process with the run workflow's semantics (plan order, a failed step
 * skips its downstream, unrelated steps still run) and the activity's step executor
 * (`executeStep`), with every IO manager replaced by one in-memory IO manager and an
 * in-memory catalog. No Temporal server, nothing written to storage.
 */
export async function executePlanInProcess(definitions: Definitions, plan: RunPlan, options: InProcessOptions = {}): Promise<InProcessResult> {
  const runId = options.runId ?? `test-${randomUUID()}`;
  const memory = memoryIOManager(Object.entries(options.assetValues ?? {}).map(([key, value]) => [memoryKey({ stepKey: key, assetKey: key, runId, partitionKey: plan.partitionKey }), value]));
  const ioKeys = new Set([...Object.keys(definitions.ioManagers), ...plan.steps.flatMap((s) => [s.ioManagerKey, ...s.inputs.map((i) => i.ioManagerKey)])]);
  const overrides = {
    ioManagers: Object.fromEntries([...ioKeys].map((key) => [key, memory])),
    catalog: memoryCatalog(),
    ...(options.resources ? { resources: options.resources } : {}),
  };
  const table = new Map<string, StepResult>(plan.steps.map((s) => [s.key, { key: s.key, status: 'pending' }]));
  const errors: StepFailure[] = [];
  const signal = options.signal ?? new AbortController().signal;

  const run = async (step: PlanStep) => {
    const row = table.get(step.key)!;
    row.status = 'running';
    const maxAttempts = options.retries === false ? 1 : step.retry.maxAttempts;
    for (let attempt = 1; ; attempt++) {
      try {
        const output = await executeStep({
          definitions,
          step,
          runId,
          partitionKey: plan.partitionKey,
          attempt,
          writerId: `${runId}/${step.key}`,
          runName: plan.runName,
          log: rootLogger().child({ runId, step: step.key, attempt }),
          signal,
          overrides,
        });
        if (output.check) Object.assign(row, { durationMs: output.durationMs, attempts: attempt, ...checkRow(step.key, output.check) });
        else Object.assign(row, { status: 'succeeded', rows: output.rows, durationMs: output.durationMs, location: output.location, attempts: attempt });
        return;
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        if (attempt < maxAttempts && isRetryable(error) && !signal.aborted) continue;
        Object.assign(row, { status: 'failed', error: error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message, attempts: attempt });
        errors.push({ key: step.key, error });
        if (options.raiseOnError) throw new InProcessStepError(step.key, error);
        return;
      }
    }
  };

  for (;;) {
    skipBlockedSteps(plan.steps, table);
    const [next] = readySteps(plan.steps, table);
    if (!next || signal.aborted) break;
    await run(next);
  }
  for (const row of table.values()) if (row.status === 'pending') Object.assign(row, { status: 'cancelled', error: 'run cancelled' });

  const steps = [...table.values()];
  return {
    success: steps.every((s) => s.status === 'succeeded'),
    runId,
    plan,
    steps,
    errors,
    outputFor(key) {
      // An out of a multi-asset is stored under its own key by its multi-asset's step.
      const step = plan.steps.find((s) => s.key === key || s.outputs?.some((o) => o.key === key));
      if (!step) throw new Error(`'${key}' is not a step of this run; its steps are ${plan.steps.map((s) => `'${s.key}'`).join(', ')}`);
      const stored = memoryKey({ stepKey: key, runId, partitionKey: plan.partitionKey, ...(step.kind === 'asset' ? { assetKey: key } : {}) });
      const row = table.get(step.key)!;
      if (!memory.values.has(stored)) throw new Error(`'${key}' has no output: it ${row.status === 'succeeded' ? 'stored none' : row.status}${row.error ? ` (${row.error})` : ''}`);
      return memory.values.get(stored);
    },
  };
}

export interface ExecuteInProcessOptions extends InProcessOptions {
  /** A job of the Definitions to run (op and asset jobs plan into the same steps). */
  job?: string;
  /** Assets to run (see Definitions.select). Default `*`. */
  selection?: string | readonly string[];
  /** The steps of the job to run, as Dagster's `op_selection` (a selection over the job's steps). */
  opSelection?: string | readonly string[];
}

/**
 * Plans a run of the Definitions (validating selection and run config as `startRun` does) and
 * executes it in this process with in-memory IO (Dagster's `execute_in_process`).
 *
 * @example
 * ```ts
 * const result = await executeInProcess(definitions, { opSelection: ['raw_sales', 'cleaned_sales'], runConfig });
 * expect(result.success).toBe(true);
 * ```
 */
export async function executeInProcess(definitions: Definitions, options: ExecuteInProcessOptions = {}): Promise<InProcessResult> {
  if (options.selection !== undefined && options.opSelection !== undefined) {
    throw new TypeError('executeInProcess: give either selection or opSelection, not both');
  }
  if (options.job !== undefined) {
    if (options.selection !== undefined) throw new TypeError('executeInProcess: a job runs its own steps; narrow them with opSelection, not selection');
    const jobPlan = definitions.plan({ job: options.job, runConfig: options.runConfig, partitionKey: options.partitionKey, trigger: 'test' });
    const plan = options.opSelection === undefined ? jobPlan : selectSteps(jobPlan, options.opSelection);
    return executePlanInProcess(definitions, plan, options);
  }
  const plan = definitions.plan({
    selection: options.opSelection ?? options.selection ?? '*',
    runConfig: options.runConfig,
    partitionKey: options.partitionKey,
    trigger: 'test',
  });
  return executePlanInProcess(definitions, plan, options);
}

export interface MaterializeToMemoryOptions extends InProcessOptions {
  /** A subset of the given assets to materialize (the others can feed `assetValues`). Default all. */
  selection?: string | readonly string[];
}

/**
 * Materializes assets in this process, keeping every output in memory (Dagster's
 * `materialize_to_memory`): nothing is written, no server is needed.
 *
 * @example
 * ```ts
 * const result = await materializeToMemory([rawSales, cleanedSales], { runConfig: { ops: { raw_sales: { config: { apiUrl } } } } });
 * expect(result.success).toBe(true);
 * const cleaned = result.outputFor('cleaned_sales') as pl.DataFrame;
 * ```
 */
export async function materializeToMemory(assets: readonly (AnyAsset | AnyMultiAsset)[], options: MaterializeToMemoryOptions = {}): Promise<InProcessResult> {
  const memory = memoryIOManager();
  const ioManagers = Object.fromEntries(assets.flatMap((a) => (isMultiAsset(a) ? Object.values(a.outs) : [a])).map((a) => [a.ioManagerKey, memory]));
  const definitions = new Definitions({ assets, resources: options.resources, ioManagers, catalog: memoryCatalog() });
  return executeInProcess(definitions, { ...options, selection: options.selection ?? '*' });
}

/**
 * The steps of a job's plan named by an op selection (Dagster's `op_selection`: names, with
 * `+`/`*` for upstream and downstream within the job). Selected steps whose upstream step is
 * left out must find its output already stored (given through `assetValues` for assets).
 */
function selectSteps(plan: RunPlan, opSelection: string | readonly string[]): RunPlan {
  const upstream = new Map(plan.steps.map((s) => [s.key, s.upstream]));
  const graph = { ...buildGraph(upstream), groupOf: new Map<string, string>() };
  const keep = resolveSelection(graph, opSelection);
  const steps = plan.steps.filter((s) => keep.has(s.key)).map((s) => ({ ...s, upstream: s.upstream.filter((k) => keep.has(k)) }));
  return { ...plan, steps };
}

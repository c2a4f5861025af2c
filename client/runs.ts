import { Client, WorkflowFailedError, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TypedSearchAttributes } from '@temporalio/common';
import type { Definitions, PlanOptions } from '../planning/definitions';
import type { RunPlan, RunResult, RunWorkflowInput } from '../contract/run';
import { runProgressQuery } from '../contract/run';
import { RUN_FAILED } from '../contract/failures';
import { ASSETS, assetKeysAttribute, JOB, PARENT_RUN, PARTITION, plannedAssetKeys, TRIGGER } from '../contract/search-attributes';
import { reexecutionWorkflowId, runWorkflowId } from '../contract/ids';
import { assetflowRun } from '../workflows';
import { planWithCatalog } from './catalog-selection';
import { newRunSuffix } from './run-suffix';

export interface StartRunOptions extends PlanOptions {
  /** Default: the Definitions' task queue (`definitions.taskQueue`), the one their worker polls. */
  taskQueue?: string;
  /** Full workflow id to use (default `assetflow/run/<run name>/<time>-<random>`). */
  workflowId?: string;
  /** Set assetflow's search attributes (default true). False for servers without them, like the time-skipping test server. */
  searchAttributes?: boolean;
}

export interface RunHandle {
  workflowId: string;
  /** Temporal's run id: the assetflow run id. */
  runId: string;
  plan: RunPlan;
  handle: WorkflowHandle;
  /** The current step table (a query). */
  progress(): Promise<RunResult>;
  /** Waits for the run to end; resolves with the step table whether it succeeded, failed or was cancelled. */
  result(): Promise<RunResult>;
}

/**
 * Plans a run (validating selection and config: bad input throws before anything starts) and
 * starts its workflow.
 *
 * @example
 * ```ts
 * const run = await startRun(client, definitions, { selection: 'top_customers+', runConfig });
 * const result = await run.result();
 * // the stale assets and their downstream (resolved from the catalog now)
 * await startRun(client, definitions, { selection: 'stale()+' });
 * // or a job: an op job (`job()`) or an asset job (`defineAssetJob()`)
 * await startRun(client, definitions, { job: 'daily_sales_etl', runConfig });
 * ```
 */
export async function startRun(client: Client, definitions: Definitions, options: StartRunOptions = {}): Promise<RunHandle> {
  // `stale()` and other selection functions read the catalog: resolved here, the plan holds their keys.
  const plan = await planWithCatalog(definitions, options);
  return startPlannedRun(client, definitions, plan, options);
}

/**
 * Starts the run workflow for a plan from `definitions.plan(...)`, without planning again: plan
 * first (bad input throws before any server is reached), start later.
 *
 * @example
 * ```ts
 * const plan = definitions.plan({ job: 'daily_sales_etl', runConfig });
 * const run = await startPlannedRun(client, definitions, plan);
 * ```
 */
export async function startPlannedRun(
  client: Client,
  definitions: Pick<Definitions, 'taskQueue'>,
  plan: RunPlan,
  options: Pick<StartRunOptions, 'taskQueue' | 'workflowId' | 'searchAttributes'> = {},
): Promise<RunHandle> {
  const workflowId = options.workflowId ?? (plan.parent ? reexecutionWorkflowId : runWorkflowId)(plan.runName, newRunSuffix());
  const input: RunWorkflowInput = { plan };
  // Check steps name their asset in the AssetflowAssets search attribute, a multi-asset's step its outs;
  // the summary lists check steps only in a run of checks alone.
  const assetKeys = plannedAssetKeys(plan);
  const checksOnly = plan.steps.length > 0 && plan.steps.every((s) => s.kind === 'check');
  const keys = checksOnly ? plan.steps.map((s) => s.key) : plan.steps.filter((s) => s.kind !== 'check').flatMap((s) => (s.outputs ? s.outputs.map((o) => o.key) : [s.key]));
  const handle = await client.workflow.start(assetflowRun, {
    taskQueue: options.taskQueue ?? definitions.taskQueue,
    workflowId,
    args: [input],
    staticSummary: `${plan.parent ? `re-execution (${plan.parent.mode}): ` : ''}${plan.job !== undefined ? `job ${plan.job}: ` : ''}${plan.steps.some((s) => s.kind === 'op') ? 'run' : checksOnly ? 'check' : 'materialize'} ${keys.length <= 6 ? keys.join(', ') : `${keys.slice(0, 5).join(', ')} and ${keys.length - 5} more`}${plan.partitionKey !== undefined ? ` [${plan.partitionKey}]` : ''}`,
    typedSearchAttributes: options.searchAttributes === false ? undefined : new TypedSearchAttributes([
      { key: JOB, value: plan.job ?? plan.runName },
      { key: ASSETS, value: assetKeysAttribute(assetKeys) },
      { key: TRIGGER, value: plan.trigger },
      ...(plan.partitionKey !== undefined ? [{ key: PARTITION, value: plan.partitionKey }] : []),
      ...(plan.parent ? [{ key: PARENT_RUN, value: plan.parent.workflowId }] : []),
    ]),
    // A re-execution names the run it re-executes (the result says so too, once it ends).
    ...(plan.parent ? { memo: { assetflowParentRun: plan.parent } } : {}),
  });
  return runHandle(handle, plan);
}

function runHandle(handle: WorkflowHandleWithFirstExecutionRunId, plan: RunPlan): RunHandle {
  return {
    workflowId: handle.workflowId,
    runId: handle.firstExecutionRunId,
    plan,
    handle,
    progress: () => handle.query(runProgressQuery),
    result: () => runResultOf(handle),
  };
}

/** The step table of a finished run, taken from its result, its failure's details, or (cancelled) its memo. */
export async function runResultOf(handle: WorkflowHandle): Promise<RunResult> {
  try {
    return (await handle.result()) as RunResult;
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      const cause = err.cause;
      if (((cause instanceof ApplicationFailure && cause.type === RUN_FAILED) || cause instanceof CancelledFailure) && cause.details?.length) {
        return cause.details[0] as RunResult;
      }
      if (cause instanceof CancelledFailure) {
        // Temporal drops a cancelled workflow's details: the run keeps its step table in its memo.
        const memo = (await handle.describe()).memo;
        if (memo?.assetflowResult) return memo.assetflowResult as RunResult;
      }
    }
    throw err;
  }
}

/**
 * Cancels a run: its running materializations are cancelled (their computes see
 * `context.signal` abort), steps not yet started are not started, and the run ends
 * Cancelled. Resolves with the final step table.
 *
 * @example
 * ```ts
 * const result = await cancelRun(client, 'assetflow/run/top_customers/20261124T101500Z-3fa2c1');
 * result.status; // 'cancelled'
 * ```
 */
export async function cancelRun(client: Client, workflowId: string): Promise<RunResult> {
  const handle = client.workflow.getHandle(workflowId);
  await handle.cancel();
  return runResultOf(handle);
}

/** Plans, starts and waits for a run. Needs a worker polling the Definitions' task queue. */
export async function materialize(client: Client, definitions: Definitions, options: StartRunOptions = {}): Promise<RunResult> {
  return (await startRun(client, definitions, options)).result();
}

/** The run's page in Temporal Web. */
export function runUrl(uiUrl: string, namespace: string, workflowId: string, runId: string): string {
  return `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}/${runId}/history`;
}

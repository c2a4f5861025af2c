import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { History } from '../temporal/history-json';
import type { Definitions } from '../planning/definitions';
import type { ReexecutionMode, RunPlan, RunWorkflowInput, StepOutput } from '../contract/run';
import { RUN_WORKFLOW_TYPE } from '../contract/run';
import { stepActivityId } from '../contract/activities';
import { ReexecutionError } from '../errors/reexecution-error';
import { reexecutionPlan, type PreviousRun } from '../planning/reexecution-plan';
import { startPlannedRun, type RunHandle, type StartRunOptions } from './runs';

export interface ReexecuteRunOptions extends Pick<StartRunOptions, 'taskQueue' | 'searchAttributes'> {
  /** `'from-failure'` (default): the failed and skipped steps only, reading the other steps' stored outputs; `'all'`: every step of the plan again. */
  mode?: ReexecutionMode;
}

/**
 * Re-executes a finished run (Dagster's re-execution): a new run of the same plan (selection,
 * partition, run config, tags) read from the old run's history; from failure, only the steps
 * that did not succeed run, and their inputs from steps that did are read where the old run
 * stored them (`plan.steps[i].inputs[j].fromRun`). The new run is
 * `assetflow/run/<run name>/reexecution-<suffix>`, with the old one in its memo
 * (`assetflowParentRun`), its AssetflowParentRun search attribute and its result (`parent`,
 * and `reusedFrom` on the reused steps' rows).
 *
 * Refuses (ReexecutionError) an unknown workflow id, a workflow that is not a run, a run still
 * running, a run that succeeded (from failure: nothing to re-execute), and a plan with steps the
 * Definitions no longer have (named).
 *
 * @example
 * ```ts
 * const run = await reexecuteRun(client, definitions, 'assetflow/run/sales/20261124T101500Z-3fa2c1');
 * run.plan.steps.map((s) => s.key); // ['sales_by_customer', 'top_customers']
 * const result = await run.result(); // result.parent.workflowId: the run above
 * ```
 */
export async function reexecuteRun(client: Client, definitions: Definitions, workflowId: string, options: ReexecuteRunOptions = {}): Promise<RunHandle> {
  const mode = options.mode ?? 'from-failure';
  const previous = await readPreviousRun(client, workflowId, mode);
  const plan = reexecutionPlan(previous, mode, (step) => {
    if (step.check) return (definitions.checks.get(step.check.assetKey) ?? []).some((c) => c.name === step.check!.name);
    return (step.kind === 'op' ? definitions.ops : definitions.assets).has(step.key) || (step.kind === 'asset' && definitions.multiAssets.has(step.key));
  });
  return startPlannedRun(client, definitions, plan, options);
}

/**
 * A finished run as its history has it: its plan (its input, or what its planning activity
 * returned) and each succeeded step's output. Refuses runs that cannot be re-executed in `mode`.
 *
 * @example
 * ```ts
 * const previous = await readPreviousRun(client, 'assetflow/run/sales/20261124T101500Z-3fa2c1', 'from-failure');
 * Object.keys(previous.outputs); // ['raw_sales', 'cleaned_sales']: the steps that succeeded
 * ```
 */
export async function readPreviousRun(client: Client, workflowId: string, mode: ReexecutionMode): Promise<PreviousRun> {
  const handle = client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new ReexecutionError(`there is no workflow '${workflowId}' in namespace '${client.options.namespace}': give the workflow id of a finished run (assetflow/run/...)`);
    throw err;
  }
  if (description.type !== RUN_WORKFLOW_TYPE) throw new ReexecutionError(`workflow '${workflowId}' is a ${description.type}, not an assetflow run: only runs can be re-executed`);
  const status = description.status.name;
  if (status === 'RUNNING') throw new ReexecutionError(`run '${workflowId}' is still running: wait for it to end (or cancel it: assetflow cancel ${workflowId}), then re-execute it`);
  if (status === 'COMPLETED' && mode === 'from-failure') {
    throw new ReexecutionError(`run '${workflowId}' succeeded: nothing to re-execute from failure (re-run every step with --all)`);
  }
  const history = await client.workflow.getHandle(workflowId, description.runId).fetchHistory();
  const { plan, outputs } = await readRunHistory(client, history, workflowId);
  return { workflowId, runId: description.runId, plan, outputs };
}

/** The plan and the succeeded steps' outputs recorded in a run's history. */
async function readRunHistory(client: Client, history: History, workflowId: string): Promise<Pick<PreviousRun, 'plan' | 'outputs'>> {
  const converter = client.options.loadedDataConverter;
  const decode = <T>(payloads: Payload[] | null | undefined): Promise<T> => decodeFromPayloadsAtIndex<T>(converter, 0, payloads);
  const events = history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  if (!started) throw new ReexecutionError(`the history of run '${workflowId}' has no start event: it cannot be re-executed`);
  const input = await decode<RunWorkflowInput>(started.input?.payloads);
  let plan: RunPlan | undefined = 'plan' in input ? input.plan : undefined;
  const scheduled = new Map<string, { activityId: string; type: string }>();
  const outputs: Record<string, StepOutput> = {};
  for (const event of events) {
    const attributes = event.activityTaskScheduledEventAttributes;
    if (attributes) scheduled.set(String(event.eventId), { activityId: attributes.activityId ?? '', type: attributes.activityType?.name ?? '' });
    const completed = event.activityTaskCompletedEventAttributes;
    if (!completed) continue;
    const activity = scheduled.get(String(completed.scheduledEventId));
    if (activity?.type === 'planRun') plan = await decode<RunPlan>(completed.result?.payloads);
    else if (activity?.type === 'materializeStep' && plan) {
      const step = plan.steps.find((s) => stepActivityId(s.key) === activity.activityId);
      if (step) outputs[step.key] = await decode<StepOutput>(completed.result?.payloads);
    }
  }
  if (!plan) throw new ReexecutionError(`run '${workflowId}' ended before it was planned: there is no plan to re-execute; start a new run instead`);
  return { plan, outputs };
}

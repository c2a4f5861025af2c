import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AssetflowActivities } from '../activities';
import type { RecordRunEndedInput } from '../contract/activities';
import type { InlineValue, PlanStep, RunPlan, RunResult, RunWorkflowInput, StepOutput, StepResult } from '../contract/run';
import { runProgressQuery } from '../contract/run';
import { RUN_FAILED } from '../contract/failures';
import { checkActivityId, stepActivityId } from '../contract/activities';
import { scheduledTimeFromWorkflowId } from '../contract/ids';
import { ASSETS, JOB, PARTITION, plannedAssetKeys, SCHEDULED_START_TIME, TRIGGER } from '../contract/search-attributes';
import { assetsAttributeValue } from './assets-attribute';
import { checkRow, markdownTable, readySteps, skipBlockedSteps, summarize } from './step-table';

/**
 * Materializes a plan: one activity per step, independent steps in parallel up to
 * `plan.maxParallel`. A step that fails after its retries skips its downstream steps while
 * unrelated branches finish. Returns the step table; a run with a failed step fails with the
 * table in the failure's details, a cancelled run is cancelled with it.
 */
export async function assetflowRun(input: RunWorkflowInput): Promise<RunResult> {
  const plan = 'plan' in input ? input.plan : await planInside(input.request);
  const info = workflowInfo();
  // A re-execution from failure shows the steps it reuses first, each naming the run it comes from.
  const table = new Map<string, StepResult>([
    ...(plan.reusedSteps ?? []).map((row): [string, StepResult] => [row.key, { ...row }]),
    ...plan.steps.map((s): [string, StepResult] => [s.key, { key: s.key, status: 'pending' }]),
  ]);
  const result: RunResult = {
    runId: info.runId,
    workflowId: info.workflowId,
    runName: plan.runName,
    status: 'running',
    ...(plan.partitionKey !== undefined ? { partitionKey: plan.partitionKey } : {}),
    ...(plan.parent ? { parent: plan.parent } : {}),
    steps: [...table.values()],
    startedAt: new Date().toISOString(),
  };
  setHandler(runProgressQuery, () => result);
  // Runs recorded in the catalog (so partition status knows what is in progress): new runs only.
  const recordsRun = patched(CATALOG_RUNS_PATCH);
  if (recordsRun) {
    const assetKeys = plan.steps.filter((s) => s.kind === 'asset').flatMap((s) => (s.outputs ? s.outputs.map((o) => o.key) : [s.key]));
    await bookkeeping('start', () =>
      recordRunStarted({ runId: info.runId, workflowId: info.workflowId, runName: plan.runName, assetKeys, ...(plan.partitionKey !== undefined ? { partitionKey: plan.partitionKey } : {}) }),
    );
  }
  // Check steps (asset checks) exist only in plans made since checks did; their activities are new commands.
  if (plan.steps.some((s) => s.kind === 'check')) patched(ASSET_CHECKS_PATCH);
  const running = new Map<string, Promise<void>>();
  // Small op outputs that rode inline (bounded: INLINE_OUTPUT_LIMIT_BYTES each), for downstream steps.
  const inlineOutputs = new Map<string, InlineValue>();
  let cancellation: unknown;

  const run = (step: PlanStep) => {
    const row = table.get(step.key)!;
    row.status = 'running';
    const activities = proxyActivities<AssetflowActivities>({
      // Named after the step: readable in Temporal Web, and replay checks each scheduled
      // activity against its step, so a change in which step starts when fails replay loudly
      // instead of handing one step's recorded result to another.
      activityId: step.kind === 'check' ? checkActivityId(step.key) : stepActivityId(step.key),
      summary: `${step.kind === 'check' ? 'check' : 'materialize'} ${step.key}${step.outputs ? ` (${step.outputs.map((o) => o.key).join(', ')})` : ''}${plan.partitionKey !== undefined ? ` [${plan.partitionKey}]` : ''}`,
      startToCloseTimeout: step.startToCloseTimeoutMs,
      heartbeatTimeout: step.heartbeatTimeoutMs,
      cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
      retry: {
        maximumAttempts: step.retry.maxAttempts,
        initialInterval: step.retry.initialIntervalMs,
        backoffCoefficient: step.retry.backoffCoefficient,
        maximumInterval: step.retry.maximumIntervalMs,
      },
    });
    const inlineInputs = Object.fromEntries(step.inputs.filter((i) => inlineOutputs.has(i.from)).map((i) => [i.from, inlineOutputs.get(i.from)!]));
    const stepInput = {
      runId: info.runId,
      runName: plan.runName,
      step,
      ...(plan.partitionKey !== undefined ? { partitionKey: plan.partitionKey } : {}),
      ...(Object.keys(inlineInputs).length ? { inlineInputs } : {}),
    };
    const done = (step.kind === 'check' ? activities.runCheck(stepInput) : activities.materializeStep(stepInput))
      .then(
        (output: StepOutput) => {
          if (output.inline) inlineOutputs.set(step.key, output.inline);
          if (output.check) {
            Object.assign(row, { durationMs: output.durationMs, attempts: output.attempt, ...checkRow(step.key, output.check) });
            return;
          }
          Object.assign(row, { status: 'succeeded', rows: output.rows, durationMs: output.durationMs, location: output.location, attempts: output.attempt });
        },
        (err: unknown) => {
          if (isCancellation(err)) {
            row.status = 'cancelled';
            cancellation ??= err;
            return;
          }
          row.status = 'failed';
          row.error = failureMessage(err);
          if (err instanceof ActivityFailure && err.retryState === 'MAXIMUM_ATTEMPTS_REACHED') row.attempts = step.retry.maxAttempts;
        },
      )
      .finally(() => {
        running.delete(step.key);
        setCurrentDetails(markdownTable(result));
      });
    running.set(step.key, done);
  };

  for (;;) {
    // Once the run is cancelled, steps not started are cancelled (below), not skipped.
    if (cancellation === undefined) {
      skipBlockedSteps(plan.steps, table);
      for (const step of readySteps(plan.steps, table)) {
        if (running.size >= plan.maxParallel) break;
        run(step);
      }
    }
    if (running.size === 0) break;
    setCurrentDetails(markdownTable(result));
    await Promise.race(running.values());
  }

  for (const row of table.values()) if (row.status === 'pending') Object.assign(row, { status: 'cancelled', error: 'run cancelled' });
  const failed = result.steps.some((s) => s.status === 'failed' || s.status === 'skipped');
  result.status = cancellation !== undefined ? 'cancelled' : failed ? 'failure' : 'success';
  result.finishedAt = new Date().toISOString();
  // A cancelled workflow's completion carries no details: the step table goes into its memo.
  upsertMemo({ assetflowStatus: result.status, assetflowSummary: summarize(result), ...(cancellation !== undefined ? { assetflowResult: result } : {}) });
  setCurrentDetails(markdownTable(result));
  // Recorded even when the run was cancelled (the scope would cancel the call at once otherwise).
  if (recordsRun) await CancellationScope.nonCancellable(() => bookkeeping('end', () => recordRunEnded({ runId: info.runId, status: result.status as RecordRunEndedInput['status'] })));
  if (cancellation !== undefined) throw new CancelledFailure(`run cancelled: ${summarize(result)}`, [result]);
  if (failed) {
    throw ApplicationFailure.create({ type: RUN_FAILED, message: `run ${plan.runName} failed: ${summarize(result)}`, nonRetryable: true, details: [result] });
  }
  return result;
}

/** Guards check steps' activities: plans made before asset checks have none, so their histories replay unchanged. */
export const ASSET_CHECKS_PATCH = 'assetflow-asset-checks';

/** Guards the catalog's run records: histories recorded before them replay without the local activities. */
export const CATALOG_RUNS_PATCH = 'assetflow-runs-recorded-in-catalog';

// Local activities: run in the worker that runs the workflow task, no server round trip each
// (a catalog write takes well under a millisecond), so short runs and backfills stay fast.
const { recordRunStarted, recordRunEnded } = proxyLocalActivities<AssetflowActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});

/**
 * Runs a catalog write of the run's bookkeeping; when the catalog cannot take it (after the
 * retries), the run goes on and says so in the worker's log: a run never fails because its
 * start or end could not be recorded (its materializations are recorded by the steps).
 */
async function bookkeeping(what: 'start' | 'end', write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    log.warn(`could not record the run's ${what} in the catalog: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`);
  }
}

const { planRun } = proxyActivities<AssetflowActivities>({
  summary: 'plan run',
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});

/** Plans a requested run in an activity (recorded in history) and labels the run for Temporal Web. */
async function planInside(request: Extract<RunWorkflowInput, { request: unknown }>['request']): Promise<RunPlan> {
  const schedule = request.schedule && { ...request.schedule, scheduledTime: request.schedule.scheduledTime ?? scheduledTime() };
  const plan = await planRun(schedule ? { ...request, schedule } : request);
  upsertSearchAttributes([
    { key: JOB, value: plan.job ?? plan.runName },
    { key: ASSETS, value: assetsAttributeValue(plannedAssetKeys(plan)) },
    { key: TRIGGER, value: plan.trigger },
    ...(plan.partitionKey !== undefined ? [{ key: PARTITION, value: plan.partitionKey }] : []),
  ]);
  return plan;
}

/**
 * The nominal time of a run a Temporal Schedule started (ISO): the TemporalScheduledStartTime
 * search attribute Temporal sets; else the time Temporal appends to the workflow id; else the
 * workflow's start time (a run started by hand).
 */
function scheduledTime(): string {
  const info = workflowInfo();
  const attribute = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  if (attribute) return attribute.toISOString();
  return scheduledTimeFromWorkflowId(info.workflowId) ?? info.startTime.toISOString();
}

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) {
    const cause = err.cause;
    return cause instanceof ApplicationFailure && cause.type && cause.type !== 'Error' ? `${cause.type}: ${cause.message}` : cause.message;
  }
  return err instanceof Error ? err.message : String(err);
}

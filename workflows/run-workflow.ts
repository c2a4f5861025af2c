import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AssetflowActivities } from '../activities';
import type { InlineValue, PlanStep, RunPlan, RunResult, RunWorkflowInput, StepResult } from '../contract/run';
import { runProgressQuery } from '../contract/run';
import { RUN_FAILED } from '../contract/failures';
import { stepActivityId } from '../contract/activities';
import { scheduledTimeFromWorkflowId } from '../contract/ids';
import { ASSETS, JOB, PARTITION, SCHEDULED_START_TIME, TRIGGER } from '../contract/search-attributes';
import { markdownTable, readySteps, skipBlockedSteps, summarize } from './step-table';

/**
 * Materializes a plan: one activity per step, independent steps in parallel up to
 * `plan.maxParallel`. A step that fails after its retries skips its downstream steps while
 * unrelated branches finish. Returns the step table; a run with a failed step fails with the
 * table in the failure's details, a cancelled run is cancelled with it.
 */
export async function assetflowRun(input: RunWorkflowInput): Promise<RunResult> {
  const plan = 'plan' in input ? input.plan : await planInside(input.request);
  const info = workflowInfo();
  const table = new Map<string, StepResult>(plan.steps.map((s) => [s.key, { key: s.key, status: 'pending' }]));
  const result: RunResult = {
    runId: info.runId,
    workflowId: info.workflowId,
    runName: plan.runName,
    status: 'running',
    ...(plan.partitionKey !== undefined ? { partitionKey: plan.partitionKey } : {}),
    steps: [...table.values()],
    startedAt: new Date().toISOString(),
  };
  setHandler(runProgressQuery, () => result);
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
      activityId: stepActivityId(step.key),
      summary: `materialize ${step.key}${plan.partitionKey !== undefined ? ` [${plan.partitionKey}]` : ''}`,
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
    const done = activities
      .materializeStep({
        runId: info.runId,
        runName: plan.runName,
        step,
        ...(plan.partitionKey !== undefined ? { partitionKey: plan.partitionKey } : {}),
        ...(Object.keys(inlineInputs).length ? { inlineInputs } : {}),
      })
      .then(
        (output) => {
          if (output.inline) inlineOutputs.set(step.key, output.inline);
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
  if (cancellation !== undefined) throw new CancelledFailure(`run cancelled: ${summarize(result)}`, [result]);
  if (failed) {
    throw ApplicationFailure.create({ type: RUN_FAILED, message: `run ${plan.runName} failed: ${summarize(result)}`, nonRetryable: true, details: [result] });
  }
  return result;
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
    { key: ASSETS, value: plan.steps.map((s) => s.key).slice(0, 100) },
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

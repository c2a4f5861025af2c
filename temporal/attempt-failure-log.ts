import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure, type Duration, type RetryPolicy } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { MaterializeStepInput } from '../contract/activities';
import type { EvaluateSensorInput } from '../contract/sensor';
import { rootLogger, type Logger } from '../execution/logger';

/**
 * Worker interceptors that log each failed activity attempt as one line on the worker, saying
 * what failed, why, and what happens next:
 *
 *     raw_sales attempt 1 failed: sales API answered 503; retrying in 1 s
 *     raw_sales attempt 4 failed: sales API answered 503; no attempts left (4)
 *     cleaned_sales attempt 1 failed: unable to find column "sale_date"; not retried (ColumnNotFound is not retryable)
 *
 * (instead of the SDK's multi-line `Activity failed` entry, which sdk-logger.ts keeps for DEBUG).
 * Cancelled attempts are not failures and log nothing.
 */
export function attemptFailureInterceptors(log: () => Logger = () => rootLogger()): ActivityInterceptorsFactory {
  return (context) => ({ inbound: new AttemptFailureLog(context, log) });
}

class AttemptFailureLog implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly context: Context,
    private readonly log: () => Logger,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (err) {
      if (!isCancellation(err, this.context)) {
        const info = this.context.info;
        const { fields, subject } = subjectOf(info.activityType, input.args[0]);
        const outcome = nextAttempt(err, info.attempt, info.retryPolicy);
        this.log().warn(
          { ...fields, attempt: info.attempt, workflowId: info.workflowExecution?.workflowId, ...(outcome.retryInMs !== undefined ? { retryInMs: outcome.retryInMs } : {}) },
          `${subject}attempt ${info.attempt} failed: ${errorText(err)}; ${outcome.text}`,
        );
      }
      throw err;
    }
  }
}

/** Log fields naming what the activity works on, and the words before "attempt N failed". */
function subjectOf(activityType: string, arg: unknown): { fields: Record<string, unknown>; subject: string } {
  if (activityType === 'materializeStep') {
    const input = arg as MaterializeStepInput;
    const partition = input.partitionKey !== undefined ? ` [${input.partitionKey}]` : '';
    return { fields: { step: input.step.key, runId: input.runId, ...(partition ? { partition: input.partitionKey } : {}) }, subject: `${input.step.key}${partition} ` };
  }
  if (activityType === 'evaluateSensor') {
    const name = (arg as EvaluateSensorInput).name;
    return { fields: { sensor: name }, subject: `sensor ${name} evaluation ` };
  }
  if (activityType === 'planRun') return { fields: {}, subject: 'planning the run, ' };
  return { fields: {}, subject: `${activityType}, ` };
}

/** What Temporal does after this attempt, from the error and the activity's retry policy. */
export function nextAttempt(err: unknown, attempt: number, policy: RetryPolicy | undefined): { text: string; retryInMs?: number } {
  const type = err instanceof ApplicationFailure ? (err.type ?? 'Error') : err instanceof Error ? err.name : 'Error';
  if ((err instanceof ApplicationFailure && err.nonRetryable) || policy?.nonRetryableErrorTypes?.includes(type)) {
    return { text: `not retried (${type} is not retryable)` };
  }
  const max = policy?.maximumAttempts ?? 0;
  if (max > 0 && attempt >= max) return { text: `no attempts left (${max})` };
  const initial = msOf(policy?.initialInterval) ?? 1000;
  const maximum = msOf(policy?.maximumInterval) ?? initial * 100;
  const delay = err instanceof ApplicationFailure && err.nextRetryDelay != null ? msOf(err.nextRetryDelay)! : Math.min(maximum, initial * (policy?.backoffCoefficient ?? 2) ** (attempt - 1));
  return { text: `retrying in ${durationText(delay)}`, retryInMs: delay };
}

/** `1 s`, `2.5 s`, `3 min`. */
export function durationText(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}

function msOf(duration: Duration | undefined): number | undefined {
  return duration === undefined ? undefined : msToNumber(duration);
}

/** The error's message on one line (multi-line polars errors included). */
function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

function isCancellation(err: unknown, context: Context): boolean {
  return context.cancellationSignal.aborted && (err instanceof CancelledFailure || (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError'));
}

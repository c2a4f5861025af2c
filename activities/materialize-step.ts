import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import type { Definitions } from '../planning/definitions';
import { rootLogger } from '../execution/logger';
import { INLINE_OUTPUT_LIMIT_BYTES, type StepOutput } from '../contract/run';
import type { MaterializeStepInput } from '../contract/activities';
import { claimAttempt, releaseAttempt, type AttemptClaim } from '../execution/attempt-fence';
import { StepTimeoutError } from '../execution/step-errors';
import type { StepRunner } from '../execution/step-runner';
import { errorShape, revivedError, STEP_CANCELLED, STEP_RUNNING, STEP_TIMED_OUT } from '../execution/step-task';
import { notifyAssetSensors } from './notify-sensors';
import { isCancellation, toActivityFailure } from './activity-failure';
import { recordFailedAttempt } from './record-failure';

/** How often a running step heartbeats (from the activity's thread, which a compute never blocks). */
export const HEARTBEAT_EVERY_MS = 500;

/** How long a stopped step (cancelled, timed out) may take to end on its own before its thread is terminated. */
export const STOP_GRACE_MS = 500;

/**
 * The materialize activity: one asset or op, computed and stored through its IO manager by the
 * worker's step runner (a step thread). This thread only heartbeats, relays cancellation and the
 * step's own timeout to the step (its signal aborts; after STOP_GRACE_MS its thread is
 * terminated), and returns the step's small result. Each attempt claims the step before it
 * starts, so an older attempt still running can never publish over it.
 */
export function materializeStepActivity(definitions: Definitions, steps: StepRunner) {
  return async function materializeStep(input: MaterializeStepInput): Promise<StepOutput> {
    const activity = Context.current();
    const { step, runId } = input;
    const attempt = activity.info.attempt;
    const workflowId = activity.info.workflowExecution?.workflowId;
    const writerId = `${runId}/${activity.info.activityId}`;
    const log = rootLogger().child({ runId, step: step.key, attempt });
    activity.heartbeat();
    const beat = setInterval(() => activity.heartbeat(), Math.max(100, Math.min(HEARTBEAT_EVERY_MS, Math.floor(step.heartbeatTimeoutMs / 3))));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const terminate = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const stopStep = (why: number) => {
      if (Atomics.compareExchange(stop, 0, STEP_RUNNING, why) !== STEP_RUNNING) return;
      grace = setTimeout(() => terminate.abort(), STOP_GRACE_MS);
    };
    const onCancel = () => stopStep(STEP_CANCELLED);
    activity.cancellationSignal.addEventListener('abort', onCancel, { once: true });
    if (activity.cancellationSignal.aborted) onCancel();
    const timeout = step.timeoutMs !== undefined ? setTimeout(() => stopStep(STEP_TIMED_OUT), step.timeoutMs) : undefined;
    let claim: AttemptClaim | undefined;
    try {
      claim = await claimAttempt(definitions.storageRoot, writerId, step.key, attempt);
      const task = { input, attempt, writerId, workflowId, inlineLimitBytes: INLINE_OUTPUT_LIMIT_BYTES, stop: stop.buffer as SharedArrayBuffer, claim };
      // A thread that died (out of memory, process.exit in a compute) fails the attempt like a throw.
      const reply = await steps.run(task, log, terminate.signal).catch((threadErr: unknown) => ({ ok: false as const, error: errorShape(threadErr), cancelled: false }));
      if (reply !== 'terminated' && reply.ok) {
        if (reply.record) await notifyAssetSensors(definitions, reply.record, log);
        return reply.output;
      }
      const stoppedBy = Atomics.load(stop, 0);
      let err: unknown;
      if (stoppedBy === STEP_TIMED_OUT) err = new StepTimeoutError(step.key, step.timeoutMs! / 1000);
      else if (stoppedBy === STEP_CANCELLED || reply === 'terminated' || reply.cancelled) throw cancellation(activity.cancellationSignal.reason);
      else err = revivedError(reply.error);
      await recordFailedAttempt(definitions, { input, attempt, workflowId }, err, log);
      throw toActivityFailure(err);
    } finally {
      clearInterval(beat);
      clearTimeout(timeout);
      clearTimeout(grace);
      activity.cancellationSignal.removeEventListener('abort', onCancel);
      if (claim) await releaseAttempt(claim).catch(() => {});
    }
  };
}

/** What a cancelled attempt throws: the activity's own CancelledFailure, so the worker reports it cancelled. */
function cancellation(reason: unknown): unknown {
  return isCancellation(reason) ? reason : new CancelledFailure('step cancelled');
}

import { Context } from '@temporalio/activity';
import type { Definitions } from '../planning/definitions';
import { executeStep } from '../execution/execute-step';
import { rootLogger } from '../execution/logger';
import { INLINE_OUTPUT_LIMIT_BYTES, type StepOutput } from '../contract/run';
import type { MaterializeStepInput } from '../contract/activities';
import { notifyAssetSensors } from './notify-sensors';
import { isCancellation, toActivityFailure } from './activity-failure';
import { recordFailedAttempt } from './record-failure';

/**
 * The materialize activity: one asset or op, computed and stored through its IO manager.
 * Heartbeats while it works, so a dead worker is noticed within the heartbeat timeout and a
 * cancelled run reaches the compute through `context.signal`.
 */
export function materializeStepActivity(definitions: Definitions) {
  return async function materializeStep(input: MaterializeStepInput): Promise<StepOutput> {
    const activity = Context.current();
    const { step, runId } = input;
    const log = rootLogger().child({ runId, step: step.key, attempt: activity.info.attempt });
    const every = Math.max(200, Math.min(10_000, Math.floor(step.heartbeatTimeoutMs / 3)));
    activity.heartbeat();
    const beat = setInterval(() => activity.heartbeat(), every);
    try {
      const { value: _value, record, ...output } = await executeStep({
        definitions,
        step,
        runId,
        partitionKey: input.partitionKey,
        attempt: activity.info.attempt,
        writerId: `${runId}/${activity.info.activityId}`,
        workflowId: activity.info.workflowExecution?.workflowId,
        runName: input.runName,
        log,
        signal: activity.cancellationSignal,
        inlineInputs: input.inlineInputs,
        inlineLimitBytes: INLINE_OUTPUT_LIMIT_BYTES,
      });
      if (record) await notifyAssetSensors(definitions, record, log);
      return output;
    } catch (err) {
      // A cancelled (or timed-out) attempt did not fail: only real failures reach the catalog.
      if (!isCancellation(err) && !activity.cancellationSignal.aborted) {
        await recordFailedAttempt(definitions, { input, attempt: activity.info.attempt, workflowId: activity.info.workflowExecution?.workflowId }, err, log);
      }
      throw toActivityFailure(err);
    } finally {
      clearInterval(beat);
    }
  };
}

import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Definitions } from '../assets/definitions';
import { DefinitionError, PartitionError, RunConfigError } from '../assets/errors';
import { NoPartitionsMaterializedError } from '../assets/io/all-partitions';
import { executeStep, NonErrorThrown } from '../assets/execute-step';
import { MissingInputError, UnsupportedOutputError } from '../assets/io/io-manager';
import { rootLogger } from '../assets/logger';
import { OversizeMetadataError } from '../assets/metadata';
import type { PlanStep, StepOutput } from '../assets/plan';

export interface MaterializeStepInput {
  runId: string;
  runName: string;
  partitionKey?: string;
  step: PlanStep;
}

/** Errors that another attempt cannot fix: fail the step at once, with the message as is. */
const NON_RETRYABLE = [RunConfigError, DefinitionError, PartitionError, NoPartitionsMaterializedError, UnsupportedOutputError, OversizeMetadataError, MissingInputError, NonErrorThrown];

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
      const { value: _value, ...output } = await executeStep({
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
      });
      return output;
    } catch (err) {
      if (NON_RETRYABLE.some((type) => err instanceof type)) {
        const e = err as Error;
        throw ApplicationFailure.create({ message: e.message, type: e.name, nonRetryable: true, cause: e });
      }
      throw err;
    } finally {
      clearInterval(beat);
    }
  };
}

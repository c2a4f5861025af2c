import { ApplicationFailure } from '@temporalio/common';
import type { Definitions } from '../assets/definitions';
import { DefinitionError, PartitionError, RunConfigError, SelectionError } from '../assets/errors';
import type { RunPlan, RunRequest } from '../assets/plan';

/**
 * Plans a run requested by name (a schedule's, a sensor's, a backfill's) against the worker's
 * Definitions. Bad selections or config fail the run at once with the validation message.
 */
export function planRunActivity(definitions: Definitions) {
  return async function planRun(request: RunRequest): Promise<RunPlan> {
    try {
      return definitions.plan({
        selection: request.selection ?? '*',
        runConfig: request.runConfig,
        partitionKey: request.partitionKey,
        trigger: request.trigger,
        tags: request.tags,
        runName: request.runName,
        maxParallel: request.maxParallel,
      });
    } catch (err) {
      if (err instanceof RunConfigError || err instanceof SelectionError || err instanceof DefinitionError || err instanceof PartitionError) {
        throw ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: true });
      }
      throw err;
    }
  };
}

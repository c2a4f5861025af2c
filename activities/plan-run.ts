import type { Definitions } from '../planning/definitions';
import { DefinitionError } from '../errors/errors';
import type { RunPlan, RunRequest } from '../contract/run';
import { partitionForSchedule } from '../planning/scheduled-partition';
import { toActivityFailure } from './activity-failure';

/** Tags every scheduled run carries (Dagster's `dagster/schedule_name` and scheduled time). */
export const SCHEDULE_TAG = 'assetflow/schedule';
export const SCHEDULED_TIME_TAG = 'assetflow/scheduled_execution_time';

/**
 * Plans a run requested by name (a schedule's, a sensor's, a backfill's) against the worker's
 * Definitions. A schedule's run gets its config from the schedule's `runConfig(context)`,
 * evaluated here with the scheduled time. Bad selections or config fail the run at once with
 * the validation message.
 */
export function planRunActivity(definitions: Definitions) {
  return async function planRun(request: RunRequest): Promise<RunPlan> {
    try {
      const scheduled = request.schedule ? await scheduledRun(definitions, request.schedule) : undefined;
      return definitions.plan({
        ...(request.job !== undefined ? { job: request.job } : { selection: request.selection ?? '*' }),
        runConfig: scheduled ? scheduled.runConfig : request.runConfig,
        partitionKey: request.partitionKey ?? scheduled?.partitionKey,
        trigger: request.trigger,
        tags: { ...(request.tags ?? {}), ...(scheduled?.tags ?? {}) },
        runName: request.runName,
        maxParallel: request.maxParallel,
      });
    } catch (err) {
      throw toActivityFailure(err);
    }
  };
}

async function scheduledRun(definitions: Definitions, target: NonNullable<RunRequest['schedule']>) {
  const definition = definitions.schedules.get(target.name);
  if (!definition) {
    throw new DefinitionError([
      `schedule '${target.name}' started this run but is not in the worker's Definitions: restart the worker with the current code, or run \`assetflow deploy\` to remove the schedule`,
    ]);
  }
  const scheduledExecutionTime = target.scheduledTime !== undefined ? new Date(target.scheduledTime) : new Date();
  if (Number.isNaN(scheduledExecutionTime.getTime())) throw new DefinitionError([`schedule '${target.name}': scheduled time '${target.scheduledTime}' is not a date`]);
  const context = { scheduledExecutionTime, scheduleName: definition.name };
  const runConfig = definition.runConfig ? await definition.runConfig(context) : undefined;
  // A partitioned selection materializes one partition per run: the schedule's pick, else the previous day (or hour).
  const partitionKey = definition.partitionKey
    ? await definition.partitionKey(context)
    : definition.selection !== undefined
      ? partitionForSchedule(definitions, definition.selection, scheduledExecutionTime)
      : undefined;
  return {
    runConfig,
    ...(partitionKey !== undefined ? { partitionKey } : {}),
    tags: { ...definition.tags, [SCHEDULE_TAG]: definition.name, [SCHEDULED_TIME_TAG]: scheduledExecutionTime.toISOString() },
  };
}

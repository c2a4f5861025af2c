import { createHash } from 'node:crypto';
import { ScheduleOverlapPolicy, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction, type ScheduleUpdateOptions } from '@temporalio/client';
import type { RunRequest, RunWorkflowInput } from '../contract/run';
import type { ScheduleDefinition, ScheduleOverlap } from '../assets/schedule';
import { assetflowRun } from '../workflows';
import { scheduleId, scheduledRunWorkflowId } from '../contract/ids';
import { JOB, TRIGGER } from '../contract/search-attributes';

type RunAction = ScheduleOptionsStartWorkflowAction<typeof assetflowRun>;

/** Schedule memo key marking a schedule that assetflow created (and may update or delete). */
export const MANAGED_MEMO = 'assetflowManaged';
/** Action memo key holding the hash of the deployed spec: deploy compares it, never Temporal's rendering of the spec. */
export const SPEC_HASH_MEMO = 'assetflowScheduleSpecHash';

export const OVERLAP_POLICIES: Record<ScheduleOverlap, ScheduleOverlapPolicy> = {
  skip: ScheduleOverlapPolicy.SKIP,
  bufferOne: ScheduleOverlapPolicy.BUFFER_ONE,
  bufferAll: ScheduleOverlapPolicy.BUFFER_ALL,
  cancelOther: ScheduleOverlapPolicy.CANCEL_OTHER,
  terminateOther: ScheduleOverlapPolicy.TERMINATE_OTHER,
  allowAll: ScheduleOverlapPolicy.ALLOW_ALL,
};

/** The Temporal Schedule for an assetflow schedule, as created (update options plus id and memo). */
export function scheduleOptions(definition: ScheduleDefinition, taskQueue: string): ScheduleOptions<RunAction> {
  return {
    scheduleId: scheduleId(definition.name),
    memo: { [MANAGED_MEMO]: true },
    ...scheduleUpdateOptions(definition, taskQueue),
  };
}

/** Everything deploy sets on a schedule; `state.paused` is the caller's to keep. */
export function scheduleUpdateOptions(definition: ScheduleDefinition, taskQueue: string) {
  const request: RunRequest = {
    ...(definition.job !== undefined ? { job: definition.job } : { selection: typeof definition.selection === 'string' ? definition.selection : [...(definition.selection ?? ['*'])] }),
    trigger: 'schedule',
    schedule: { name: definition.name },
    runName: definition.name,
  };
  const input: RunWorkflowInput = { request };
  const hash = specHash(definition, taskQueue);
  return {
    spec: { cronExpressions: [definition.cronExpression], timezone: definition.timezone },
    action: {
      type: 'startWorkflow' as const,
      workflowType: assetflowRun,
      workflowId: scheduledRunWorkflowId(definition.name),
      taskQueue,
      args: [input],
      memo: { [SPEC_HASH_MEMO]: hash },
      staticSummary: `schedule ${definition.name}: ${definition.job !== undefined ? `job ${definition.job}` : `materialize ${selectionText(definition)}`}`,
      typedSearchAttributes: [
        { key: JOB, value: definition.job ?? definition.name },
        { key: TRIGGER, value: 'schedule' },
      ],
    },
    policies: {
      overlap: OVERLAP_POLICIES[definition.overlap],
      catchupWindow: definition.catchupWindowSeconds * 1000,
    },
    state: { note: scheduleNote(definition) },
  } satisfies Omit<ScheduleUpdateOptions<RunAction>, 'state'> & { state: { note: string } };
}

/**
 * A hash of everything deploy puts in the Temporal Schedule, so a second deploy of the same code
 * sees no change (Temporal describes cron strings back as calendars, so comparing specs would diff).
 */
export function specHash(definition: ScheduleDefinition, taskQueue: string): string {
  const fields = {
    v: 1,
    // The runs' id prefix: schedules deployed when runs had another prefix get updated.
    workflowId: scheduledRunWorkflowId(definition.name),
    cron: definition.cronExpression,
    timezone: definition.timezone,
    selection: definition.selection ?? null,
    job: definition.job ?? null,
    overlap: definition.overlap,
    catchupWindowSeconds: definition.catchupWindowSeconds,
    description: definition.description ?? null,
    taskQueue,
  };
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 16);
}

/** The schedule's note in Temporal Web: its description, or what it runs when. */
export function scheduleNote(definition: ScheduleDefinition): string {
  return definition.description ?? `assetflow schedule ${definition.name} (${definition.cronDescription})`;
}

export function selectionText(definition: ScheduleDefinition): string {
  const s = definition.selection ?? '*';
  return typeof s === 'string' ? s : s.join(',');
}

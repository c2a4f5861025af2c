import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Definitions } from '../planning/definitions';
import { didYouMean } from '../errors/errors';
import { describeOrUndefined, isManaged } from './deploy';
import { scheduleId, scheduleNameOf, scheduledRunWorkflowId } from '../contract/ids';
import { MANAGED_MEMO, scheduleNote } from './schedule-options';

export type ScheduleStatus = 'active' | 'paused' | 'not deployed' | 'not in code';

/** One line of `assetflow schedules list`. */
export interface ScheduleRow {
  name: string;
  scheduleId: string;
  cron?: string;
  /** The cron in words. */
  description?: string;
  timezone?: string;
  status: ScheduleStatus;
  nextFireTimes: Date[];
  note?: string;
  /** Visibility query that finds the schedule's runs in Temporal Web. */
  runsQuery: string;
}

/**
 * The code's schedules and the assetflow schedules deployed on Temporal, with their next fire
 * times as Temporal computed them (`describe().info.nextActionTimes`).
 */
export async function listSchedules(client: Client, definitions: Definitions): Promise<ScheduleRow[]> {
  const names = new Set(definitions.schedules.keys());
  for await (const summary of client.schedule.list()) {
    const name = scheduleNameOf(summary.scheduleId);
    if (name !== undefined && summary.memo?.[MANAGED_MEMO] === true) names.add(name);
  }
  const rows: ScheduleRow[] = [];
  for (const name of [...names].sort()) {
    const definition = definitions.schedules.get(name);
    const described = await describeOrUndefined(client, scheduleId(name));
    if (described && !isManaged(described) && !definition) continue;
    rows.push({
      name,
      scheduleId: scheduleId(name),
      ...(definition ? { cron: definition.cron, description: definition.cronDescription, timezone: definition.timezone } : {}),
      status: !described ? 'not deployed' : !definition ? 'not in code' : described.state.paused ? 'paused' : 'active',
      nextFireTimes: described && !described.state.paused ? described.info.nextActionTimes.slice(0, 3) : [],
      ...(described?.state.note ? { note: described.state.note } : {}),
      runsQuery: runsQuery(name),
    });
  }
  return rows;
}

/** Finds a schedule's runs in Temporal Web's search box (or `temporal workflow list --query`). */
export function runsQuery(name: string): string {
  return `WorkflowId STARTS_WITH "${scheduledRunWorkflowId(name)}-"`;
}

/** The deployed assetflow schedule `name`, or an error saying what to do. */
async function managedSchedule(client: Client, definitions: Definitions, name: string) {
  const described = await describeOrUndefined(client, scheduleId(name));
  if (!described || !isManaged(described)) {
    const hint = definitions.schedules.has(name) ? ' It is in the code: run `assetflow deploy` first.' : didYouMean(name, definitions.schedules.keys());
    throw new Error(`There is no deployed assetflow schedule '${name}' (Temporal schedule id '${scheduleId(name)}').${hint}`);
  }
  return { handle: client.schedule.getHandle(scheduleId(name)), taskQueue: described.action.type === 'startWorkflow' ? described.action.taskQueue : undefined };
}

async function managedHandle(client: Client, definitions: Definitions, name: string) {
  return (await managedSchedule(client, definitions, name)).handle;
}

/** What triggering a schedule started: where its run waits for a worker. */
export interface TriggeredSchedule {
  scheduleId: string;
  /** The task queue of the schedule's runs (the code location that deployed it). */
  taskQueue?: string;
}

export async function pauseSchedule(client: Client, definitions: Definitions, name: string, note = 'paused with assetflow schedules pause'): Promise<void> {
  await (await managedHandle(client, definitions, name)).pause(note);
}

export async function unpauseSchedule(client: Client, definitions: Definitions, name: string, note?: string): Promise<void> {
  const definition = definitions.schedules.get(name);
  await (await managedHandle(client, definitions, name)).unpause(note ?? (definition ? scheduleNote(definition) : 'unpaused with assetflow schedules unpause'));
}

/**
 * Starts one run now (overlap ALLOW_ALL: a run in progress does not swallow it). Its scheduled
 * time is now. Resolves with the task queue the run waits on (see `taskQueuePollers` to check
 * that a worker polls it).
 */
export async function triggerSchedule(client: Client, definitions: Definitions, name: string): Promise<TriggeredSchedule> {
  const { handle, taskQueue } = await managedSchedule(client, definitions, name);
  await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  return { scheduleId: scheduleId(name), ...(taskQueue !== undefined ? { taskQueue } : {}) };
}

/**
 * Runs every fire time of the schedule in `[from, to]` (both ends included) now, each with its
 * own scheduled time, all of them (overlap ALLOW_ALL): Temporal's schedule backfill.
 */
export async function backfillSchedule(client: Client, definitions: Definitions, name: string, range: { from: Date; to: Date }): Promise<void> {
  if (Number.isNaN(range.from.getTime()) || Number.isNaN(range.to.getTime())) throw new Error('backfill needs --from and --to as ISO times, e.g. 2026-11-01T00:00:00Z');
  if (range.from > range.to) throw new Error(`backfill range is empty: --from ${range.from.toISOString()} is after --to ${range.to.toISOString()}`);
  await (await managedHandle(client, definitions, name)).backfill({ start: range.from, end: range.to, overlap: ScheduleOverlapPolicy.ALLOW_ALL });
}

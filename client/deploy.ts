import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import type { Definitions } from '../planning/definitions';
import type { ScheduleDefinition } from '../assets/schedule';
import { scheduleId, scheduleNameOf } from '../contract/ids';
import { MANAGED_MEMO, SPEC_HASH_MEMO, scheduleOptions, scheduleUpdateOptions, specHash } from './schedule-options';

export type ScheduleChangeKind = 'created' | 'updated' | 'deleted' | 'unchanged' | 'skipped';

export interface ScheduleChange {
  name: string;
  scheduleId: string;
  change: ScheduleChangeKind;
  /** Why a schedule was skipped. */
  reason?: string;
}

export interface DeployOptions {
  /** The task queue the Definitions' worker polls; it scopes what deploy owns. Default: `definitions.taskQueue`. */
  taskQueue?: string;
}

/**
 * Makes Temporal's schedules match the Definitions' schedules, idempotently: creates missing
 * ones, updates changed ones (keeping their paused state), and deletes those assetflow created
 * for this task queue that the code no longer has. Schedules without assetflow's memo marker,
 * or owned by another task queue, are never touched.
 *
 * @example
 * ```ts
 * for (const c of await deploySchedules(client, definitions)) console.log(c.change, c.name);
 * ```
 */
export async function deploySchedules(client: Client, definitions: Definitions, options: DeployOptions = {}): Promise<ScheduleChange[]> {
  const taskQueue = options.taskQueue ?? definitions.taskQueue;
  const changes: ScheduleChange[] = [];
  for (const definition of definitions.schedules.values()) changes.push(await deployOne(client, definition, taskQueue));
  const wanted = new Set([...definitions.schedules.keys()].map(scheduleId));
  for (const id of await managedScheduleIds(client)) {
    if (wanted.has(id)) continue;
    const described = await describeOrUndefined(client, id);
    // Listing is eventually consistent: confirm ownership on the schedule itself before deleting.
    if (!described || !isManaged(described) || actionTaskQueue(described) !== taskQueue) continue;
    await client.schedule.getHandle(id).delete();
    changes.push({ name: scheduleNameOf(id)!, scheduleId: id, change: 'deleted' });
  }
  return changes;
}

async function deployOne(client: Client, definition: ScheduleDefinition, taskQueue: string): Promise<ScheduleChange> {
  const id = scheduleId(definition.name);
  const base = { name: definition.name, scheduleId: id };
  const existing = await describeOrUndefined(client, id);
  if (!existing) {
    await client.schedule.create(scheduleOptions(definition, taskQueue));
    return { ...base, change: 'created' };
  }
  if (!isManaged(existing)) {
    return { ...base, change: 'skipped', reason: `a schedule '${id}' exists that assetflow did not create: delete or rename it` };
  }
  const owner = actionTaskQueue(existing);
  if (owner !== taskQueue) {
    return { ...base, change: 'skipped', reason: `deployed by the code location on task queue '${owner}': rename the schedule, or delete it there first` };
  }
  const hash = specHash(definition, taskQueue);
  if (existing.action.type === 'startWorkflow' && existing.action.memo?.[SPEC_HASH_MEMO] === hash) return { ...base, change: 'unchanged' };
  const desired = scheduleUpdateOptions(definition, taskQueue);
  await client.schedule.getHandle(id).update((previous) => ({
    ...desired,
    // A schedule paused from the command line stays paused (with its pause note) across deploys.
    state: previous.state.paused ? { paused: true, note: previous.state.note } : { paused: false, note: desired.state.note },
  }));
  return { ...base, change: 'updated' };
}

/** Ids of schedules that carry assetflow's id prefix and memo marker (as listed; eventually consistent). */
async function managedScheduleIds(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const summary of client.schedule.list()) {
    if (scheduleNameOf(summary.scheduleId) !== undefined && summary.memo?.[MANAGED_MEMO] === true) ids.push(summary.scheduleId);
  }
  return ids;
}

export async function describeOrUndefined(client: Client, id: string): Promise<ScheduleDescription | undefined> {
  try {
    return await client.schedule.getHandle(id).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

export function isManaged(described: ScheduleDescription): boolean {
  return described.memo?.[MANAGED_MEMO] === true;
}

function actionTaskQueue(described: ScheduleDescription): string | undefined {
  return described.action.type === 'startWorkflow' ? described.action.taskQueue : undefined;
}

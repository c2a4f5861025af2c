import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  pauseSensorSignal,
  resetSensorCursorSignal,
  resumeSensorSignal,
  sensorStateQuery,
  triggerSensorSignal,
  type SensorState,
} from '../contract/sensor';
import { sensorWorkflowId } from '../contract/ids';
import type { SensorDefinition } from '../assets/sensor';

/**
 * Controls a deployed sensor through its workflow's signals and query.
 *
 * @example
 * ```ts
 * const s = sensorHandle(client, 'new_files');
 * await s.pause();
 * console.log((await s.state()).cursor);
 * ```
 */
export function sensorHandle(client: Client, name: string) {
  const handle = client.workflow.getHandle(sensorWorkflowId(name));
  return {
    workflowId: handle.workflowId,
    handle,
    /** Stops evaluations until resumed (materializations keep queueing for asset sensors). */
    pause: () => handle.signal(pauseSensorSignal),
    /** Resumes and evaluates at once. */
    resume: () => handle.signal(resumeSensorSignal),
    /** Evaluates now, even while paused. */
    trigger: () => handle.signal(triggerSensorSignal),
    /** Forgets the cursor: the next evaluation starts from the beginning (run keys still dedupe). */
    resetCursor: () => handle.signal(resetSensorCursorSignal),
    /** Status, cursor, last evaluation and recent runs. */
    state: (): Promise<SensorState> => handle.query(sensorStateQuery),
  };
}

export type SensorHandle = ReturnType<typeof sensorHandle>;

/**
 * What a deployed sensor looks like from a client: its state (from its query), `'not deployed'`
 * (no running workflow), or the task queue on which no worker answered the query.
 */
export type SensorLookup = SensorState | 'not deployed' | { noWorkerOn: string };

/**
 * Looks a sensor up: `'not deployed'` when its workflow is not running, `{ noWorkerOn }` when no
 * worker answers its state query (a query needs a worker polling the sensor's task queue), else
 * its state. What `assetflow sensors list|status` and the asset UI show.
 *
 * @example
 * ```ts
 * const found = await lookupSensor(client, 'new_files');
 * if (isSensorState(found)) console.log(found.status, found.cursor);
 * ```
 */
export async function lookupSensor(client: Client, name: string): Promise<SensorLookup> {
  const sensor = sensorHandle(client, name);
  let taskQueue: string;
  try {
    const description = await sensor.handle.describe();
    if (description.status.name !== 'RUNNING') return 'not deployed';
    taskQueue = description.taskQueue;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'not deployed';
    throw err;
  }
  try {
    return await sensor.state();
  } catch {
    return { noWorkerOn: taskQueue };
  }
}

/** True when a lookup found the sensor's state (rather than no deployment or no worker). */
export function isSensorState(lookup: SensorLookup): lookup is SensorState {
  return typeof lookup === 'object' && !('noWorkerOn' in lookup);
}

/** What a sensor's runs materialize, in words: `job <name>`, or its selection (`*` when it names none). */
export function sensorTarget(sensor: SensorDefinition): string {
  if (sensor.job) return `job ${sensor.job}`;
  const selection = typeof sensor.selection === 'string' ? sensor.selection : sensor.selection?.join(',');
  return selection ?? '*';
}

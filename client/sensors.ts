import type { Client } from '@temporalio/client';
import {
  pauseSensorSignal,
  resetSensorCursorSignal,
  resumeSensorSignal,
  sensorStateQuery,
  triggerSensorSignal,
  type SensorState,
} from '../contract/sensor';
import { sensorWorkflowId } from '../contract/ids';

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

import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Definitions } from '../planning/definitions';
import { evaluationOptions, type SensorDefinition } from '../assets/sensor';
import { SENSOR_MEMO_MARKER, SENSOR_WORKFLOW_TYPE, type SensorWorkflowInput } from '../contract/sensor';
import { sensorNameOf, sensorWorkflowId } from '../contract/ids';
import { assetflowSensor } from '../workflows';

export interface DeploySensorsOptions {
  /** The task queue the Definitions' worker polls; it scopes what deploy owns. Default: `definitions.taskQueue`. */
  taskQueue?: string;
  /** Continue-as-new after this many evaluations (tests use a small number). Default 200. */
  maxEvaluationsPerRun?: number;
  /** Called with one line per change. */
  log?: (line: string) => void;
}

export interface DeploySensorsResult {
  started: string[];
  unchanged: string[];
  stopped: string[];
  /** Sensors left alone because a sensor of that name runs for another code location (task queue), with why. */
  skipped: { name: string; reason: string }[];
}

/** The workflow input of a sensor, from its definition. */
export function sensorWorkflowInput(sensor: SensorDefinition, options: { maxEvaluationsPerRun?: number } = {}): SensorWorkflowInput {
  return {
    name: sensor.name,
    type: sensor.type,
    minimumIntervalSeconds: sensor.minimumIntervalSeconds,
    evaluation: evaluationOptions(sensor),
    ...(options.maxEvaluationsPerRun !== undefined ? { maxEvaluationsPerRun: options.maxEvaluationsPerRun } : {}),
  };
}

/**
 * Makes the running sensor workflows match the code: starts `assetflow/sensor/<name>` for each
 * sensor not running, and terminates running assetflow sensor workflows of this task queue
 * whose sensor is no longer defined. Idempotent: running sensors keep their cursor and state.
 * A sensor of the same name running for another code location (another task queue) is left
 * alone and reported as skipped.
 *
 * @example
 * ```ts
 * const changes = await deploySensors(client, definitions, { log: console.log });
 * ```
 */
export async function deploySensors(client: Client, definitions: Definitions, options: DeploySensorsOptions = {}): Promise<DeploySensorsResult> {
  const taskQueue = options.taskQueue ?? definitions.taskQueue;
  const log = options.log ?? (() => {});
  const result: DeploySensorsResult = { started: [], unchanged: [], stopped: [], skipped: [] };
  for (const sensor of definitions.sensors.values()) {
    const target = sensor.job ?? (typeof sensor.selection === 'string' ? sensor.selection : sensor.selection?.join(',')) ?? '*';
    try {
      await client.workflow.start(assetflowSensor, {
        taskQueue,
        workflowId: sensorWorkflowId(sensor.name),
        args: [sensorWorkflowInput(sensor, options)],
        memo: { [SENSOR_MEMO_MARKER]: true },
        staticSummary: `sensor ${sensor.name} → ${target}${sensor.type === 'asset' ? ` (on ${sensor.assetKeys.join(', ')})` : ` every ${sensor.minimumIntervalSeconds} s`}`,
        ...(sensor.description ? { staticDetails: sensor.description } : {}),
      });
      result.started.push(sensor.name);
      log(`started sensor ${sensor.name}`);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const owner = (await client.workflow.getHandle(sensorWorkflowId(sensor.name)).describe()).taskQueue;
      if (owner === taskQueue) result.unchanged.push(sensor.name);
      else {
        const reason = `sensor '${sensor.name}' runs for the code location on task queue '${owner}': rename it, or stop it there first`;
        result.skipped.push({ name: sensor.name, reason });
        log(`skipped sensor ${sensor.name}: ${reason}`);
      }
    }
  }
  const query = `WorkflowType = '${SENSOR_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue.replace(/'/g, "\\'")}'`;
  for await (const execution of client.workflow.list({ query })) {
    const name = sensorNameOf(execution.workflowId);
    if (name === undefined || execution.memo?.[SENSOR_MEMO_MARKER] !== true || definitions.sensors.has(name)) continue;
    await client.workflow.getHandle(execution.workflowId).terminate('sensor removed from code (assetflow deploy)');
    result.stopped.push(name);
    log(`stopped sensor ${name} (no longer in code)`);
  }
  return result;
}

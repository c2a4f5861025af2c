import { Context } from '@temporalio/activity';
import type { Definitions } from '../planning/definitions';
import { AssetflowError } from '../errors/assetflow-error';
import { InvalidSensorResultError, UnknownSensorError } from '../errors/sensor-errors';
import { isAssetJob } from '../assets/asset-job';
import { rootLogger } from '../execution/logger';
import { evaluationOptions, oneRunPerMaterialization, type AssetSensorContext, type SensorDefinition, type SensorResult, type SensorRunRequest } from '../assets/sensor';
import type { EvaluateSensorInput, EvaluateSensorResult, ResolvedSensorRunRequest } from '../contract/sensor';
import { toActivityFailure } from './activity-failure';

/** Caps that keep an evaluation's result a small payload. */
export const MAX_RUN_REQUESTS_PER_EVALUATION = 500;
export const MAX_CURSOR_BYTES = 16 * 1024;
export const MAX_EVALUATION_RESULT_BYTES = 1024 * 1024;
const MAX_RUN_KEY_LENGTH = 400;

/**
 * Evaluates one sensor of the worker's Definitions: runs its `evaluate` with the cursor the
 * workflow holds, then checks and resolves the run requests (target, run config) so that a bad
 * request fails the evaluation, naming the sensor, instead of starting a run that fails.
 */
export function evaluateSensorActivity(definitions: Definitions) {
  return async function evaluateSensor(input: EvaluateSensorInput): Promise<EvaluateSensorResult> {
    try {
      return await evaluate(definitions, input);
    } catch (err) {
      throw toActivityFailure(err);
    }
  };
}

async function evaluate(definitions: Definitions, input: EvaluateSensorInput): Promise<EvaluateSensorResult> {
  const activity = Context.current();
  const sensor = definitions.sensors.get(input.name);
  if (!sensor) throw new UnknownSensorError(input.name, definitions.sensors.keys());
  const log = rootLogger().child({ sensor: sensor.name, attempt: activity.info.attempt });
  activity.heartbeat();
  const every = Math.max(200, Math.min(10_000, Math.floor((activity.info.heartbeatTimeoutMs ?? 30_000) / 3)));
  const beat = setInterval(() => activity.heartbeat(), every);
  try {
    let cursor = input.cursor;
    const context: AssetSensorContext = {
      sensorName: sensor.name,
      get cursor() {
        return cursor;
      },
      set cursor(value: string | undefined) {
        cursor = value;
      },
      updateCursor(value) {
        cursor = value;
      },
      ...(input.lastEvaluationAt !== undefined ? { lastEvaluationAt: input.lastEvaluationAt } : {}),
      attempt: activity.info.attempt,
      resource: async <T>(key: string) => (await definitions.resources.resolve([key], `sensor '${input.name}'`))[key] as T,
      log,
      signal: activity.cancellationSignal,
      latestMaterialization: (assetKey, partitionKey) => definitions.catalog.latestMaterialization(assetKey, partitionKey),
      materializations: input.events,
    };
    let raw: SensorResult;
    try {
      raw = await sensor.evaluate(context);
    } catch (err) {
      if (err instanceof Error) throw err;
      throw new Error(`sensor '${sensor.name}' threw a non-Error value: ${String(err)}`);
    }
    const { requests, skipReason } = normalize(sensor, raw);
    return checkSize(sensor, {
      runRequests: requests.map((r, i) => resolve(definitions, sensor, r, i)),
      ...(cursor !== undefined ? { cursor: checkCursor(sensor, cursor) } : {}),
      ...(skipReason !== undefined ? { skipReason } : requests.length === 0 ? { skipReason: 'no run requested' } : {}),
      minimumIntervalSeconds: sensor.minimumIntervalSeconds,
      evaluation: evaluationOptions(sensor),
    });
  } finally {
    clearInterval(beat);
  }
}

function normalize(sensor: SensorDefinition, raw: SensorResult): { requests: readonly SensorRunRequest[]; skipReason?: string } {
  if (raw === undefined || raw === null) return { requests: [] };
  if (Array.isArray(raw)) return { requests: raw };
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const result = raw as { runRequests?: readonly SensorRunRequest[]; skipReason?: string };
    if (result.runRequests !== undefined && !Array.isArray(result.runRequests)) throw invalid(sensor, 'runRequests must be an array of run requests');
    return { requests: result.runRequests ?? [], ...(typeof result.skipReason === 'string' ? { skipReason: result.skipReason } : {}) };
  }
  throw invalid(sensor, `evaluate returned ${typeof raw}; return run requests, { runRequests, skipReason } or nothing`);
}

/** Fills in the sensor's target and validates it (job or selection), its run config and partition by planning the run. */
function resolve(definitions: Definitions, sensor: SensorDefinition, r: SensorRunRequest, i: number): ResolvedSensorRunRequest {
  if (typeof r !== 'object' || r === null) throw invalid(sensor, `run request ${i} is not an object`);
  if (r.runKey !== undefined && (typeof r.runKey !== 'string' || r.runKey.length === 0 || r.runKey.length > MAX_RUN_KEY_LENGTH)) {
    throw invalid(sensor, `run request ${i}: runKey must be a non-empty string of at most ${MAX_RUN_KEY_LENGTH} characters`);
  }
  const job = r.job ?? (r.selection === undefined ? sensor.job : undefined);
  const selection = job === undefined ? (r.selection ?? sensor.selection ?? '*') : undefined;
  let partitionKey = r.partitionKey;
  try {
    // The default asset-sensor request carries the materialization's partition; an unpartitioned target takes none.
    if (partitionKey !== undefined && sensor.evaluate === oneRunPerMaterialization && !isPartitioned(definitions, job, selection)) partitionKey = undefined;
    definitions.plan({ ...(job !== undefined ? { job } : { selection }), runConfig: r.runConfig, partitionKey });
  } catch (err) {
    // A request that cannot be planned (bad selection, job, config, partition) is the sensor's mistake: name the request.
    if (err instanceof AssetflowError && !err.retryable) {
      throw invalid(sensor, `run request ${i}${r.runKey !== undefined ? ` (run key '${r.runKey}')` : ''}: ${err.message}`);
    }
    throw err;
  }
  return {
    ...(r.runKey !== undefined ? { runKey: r.runKey } : {}),
    request: {
      ...(job !== undefined ? { job } : {}),
      ...(selection !== undefined ? { selection: typeof selection === 'string' ? selection : [...selection] } : {}),
      ...(r.runConfig !== undefined ? { runConfig: r.runConfig } : {}),
      ...(partitionKey !== undefined ? { partitionKey } : {}),
      trigger: 'sensor',
      tags: { ...(r.tags ?? {}), 'assetflow/sensor': sensor.name, ...(r.runKey !== undefined ? { 'assetflow/run_key': r.runKey } : {}) },
      runName: sensor.name,
    },
  };
}

/** Whether a run of `job` (an asset job's selection; an op job has no partitions) or of `selection` has partitioned assets. */
function isPartitioned(definitions: Definitions, job: string | undefined, selection: string | readonly string[] | undefined): boolean {
  if (job === undefined) return definitions.partitionsOf(selection) !== undefined;
  const found = definitions.getJob(job);
  return isAssetJob(found) && definitions.partitionsOf(found.selection) !== undefined;
}

function checkCursor(sensor: SensorDefinition, cursor: unknown): string {
  if (typeof cursor !== 'string') throw invalid(sensor, `the cursor must be a string (got ${typeof cursor}); JSON.stringify structured cursors`);
  if (Buffer.byteLength(cursor) > MAX_CURSOR_BYTES) throw invalid(sensor, `the cursor is over ${MAX_CURSOR_BYTES / 1024} KiB; keep it to a position (a name, a time, an id)`);
  return cursor;
}

function checkSize(sensor: SensorDefinition, result: EvaluateSensorResult): EvaluateSensorResult {
  if (result.runRequests.length > MAX_RUN_REQUESTS_PER_EVALUATION) {
    throw invalid(sensor, `${result.runRequests.length} run requests in one evaluation, over ${MAX_RUN_REQUESTS_PER_EVALUATION}; request fewer per evaluation and move the cursor only past those`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(result));
  if (bytes > MAX_EVALUATION_RESULT_BYTES) {
    throw invalid(sensor, `the evaluation's run requests are ${(bytes / 1024).toFixed(0)} KiB, over ${MAX_EVALUATION_RESULT_BYTES / 1024} KiB; put references (paths, ids) in run config, not data`);
  }
  return result;
}

/** A mistake in the sensor's code: retrying cannot fix it. */
function invalid(sensor: SensorDefinition, problem: string): InvalidSensorResultError {
  return new InvalidSensorResultError(sensor.name, problem);
}

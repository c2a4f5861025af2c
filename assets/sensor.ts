import type { MaterializationRecord } from '../contract/materialization';
import { DefinitionError } from '../errors/errors';
import type { Logger } from '../execution/logger';
import { resolveRetry, retryProblems, type RetryPolicy, type RetrySpec } from './retry';

/** One run a sensor asks for. Without `selection`/`job` it runs the sensor's own target. */
export interface SensorRunRequest {
  /**
   * Starts at most one run per sensor and key, ever (bounded by the namespace's retention of
   * closed workflows): a retried or repeated evaluation asking again is counted as deduped.
   */
  runKey?: string;
  /** Run config, `{ ops: { <key>: { config } } }`, validated before the run starts. */
  runConfig?: unknown;
  selection?: string | readonly string[];
  job?: string;
  partitionKey?: string;
  tags?: Record<string, string>;
}

/** What `evaluate` returns: run requests, or a reason for skipping, or nothing (a skip). */
export type SensorResult =
  | readonly SensorRunRequest[]
  | { runRequests?: readonly SensorRunRequest[]; skipReason?: string }
  | void
  | undefined;

/** What a sensor's `evaluate` receives. */
export interface SensorContext {
  readonly sensorName: string;
  /**
   * The sensor's cursor, read and updated by `evaluate`. The workflow commits it only together
   * with this evaluation's run requests, and keeps it across restarts and continue-as-new.
   */
  cursor: string | undefined;
  /** Dagster's spelling of `context.cursor = value`. */
  updateCursor(cursor: string | undefined): void;
  /** When the last evaluation that succeeded started (ISO), if any. */
  readonly lastEvaluationAt?: string;
  /** 1 on the first try of this evaluation, 2 on its first retry, ... */
  readonly attempt: number;
  /** A resource bound in `Definitions({ resources })`, built on first use in this worker. */
  resource<T = unknown>(key: string): Promise<T>;
  readonly log: Logger;
  /** Aborted when this evaluation attempt is cancelled or timed out. */
  readonly signal: AbortSignal;
  /** The newest materialization record of any asset (Dagster's `get_latest_materialization_record`). */
  latestMaterialization(assetKey: string, partitionKey?: string): Promise<MaterializationRecord | undefined>;
}

/** An asset sensor's context: also the materializations that woke it, oldest first. */
export interface AssetSensorContext extends SensorContext {
  /** Materializations of the watched assets since the last evaluation that succeeded. */
  readonly materializations: readonly MaterializationRecord[];
}

interface SensorCommon {
  /** Names the sensor and its workflow (`assetflow/sensor/<name>`): letters, digits, `_`, `-`. */
  name: string;
  description?: string;
  /** Assets to run when a request names no target (a selection such as `sales_by_customer+`). */
  selection?: string | readonly string[];
  /** A job to run when a request names no target (instead of `selection`). */
  job?: string;
  /** Upper bound on one evaluation attempt. Default 60. */
  timeoutSeconds?: number;
  /** An evaluation sending no heartbeat for this long (a dead worker) is retried. Default 20. */
  heartbeatTimeoutSeconds?: number;
  /** Retries of a failing evaluation. Default 3 attempts, 1 s doubling backoff. */
  retry?: RetryPolicy;
}

export interface SensorSpec extends SensorCommon {
  /** Seconds between evaluations. Default 30. */
  minimumIntervalSeconds?: number;
  evaluate(context: SensorContext): SensorResult | Promise<SensorResult>;
}

export interface AssetSensorSpec extends SensorCommon {
  /** The assets whose materializations wake the sensor. */
  assetKeys: readonly string[];
  /** Minimum seconds between evaluations: materializations arriving closer together are batched. Default 0. */
  minimumIntervalSeconds?: number;
  /**
   * Turns materializations into run requests. Default: one request of the sensor's target per
   * materialization, with run key `<asset key>:<run id>[:<partition>]`.
   */
  evaluate?(context: AssetSensorContext): SensorResult | Promise<SensorResult>;
}

/** A sensor value, built by `sensor()` or `assetSensor()`. */
export interface SensorDefinition {
  readonly kind: 'sensor';
  readonly type: 'standard' | 'asset';
  readonly name: string;
  readonly description?: string;
  readonly selection?: string | readonly string[];
  readonly job?: string;
  /** Watched assets (asset sensors only). */
  readonly assetKeys: readonly string[];
  readonly minimumIntervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly heartbeatTimeoutSeconds: number;
  readonly retry: RetrySpec;
  readonly evaluate: (context: AssetSensorContext) => SensorResult | Promise<SensorResult>;
}

const SENSOR_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,199}$/;

/**
 * A sensor: evaluated every `minimumIntervalSeconds` by its own long-running Temporal workflow,
 * which keeps its cursor durably.
 *
 * @example
 * ```ts
 * const newFiles = sensor({
 *   name: 'new_files',
 *   selection: 'ingested_file',
 *   minimumIntervalSeconds: 10,
 *   evaluate(ctx) {
 *     const files = fs.readdirSync(dir).sort().filter((f) => ctx.cursor === undefined || f > ctx.cursor);
 *     if (files.length === 0) return { skipReason: 'no new files' };
 *     ctx.cursor = files.at(-1);
 *     return files.map((f) => ({ runKey: f, runConfig: { ops: { ingested_file: { config: { path: path.join(dir, f) } } } } }));
 *   },
 * });
 * ```
 */
export function sensor(spec: SensorSpec): SensorDefinition {
  const problems = commonProblems(spec, 'sensor');
  if (typeof spec?.evaluate !== 'function') problems.push(`sensor '${String(spec?.name)}': evaluate must be a function`);
  const interval = spec?.minimumIntervalSeconds ?? 30;
  if (!(typeof interval === 'number' && interval > 0)) problems.push(`sensor '${String(spec?.name)}': minimumIntervalSeconds must be a positive number (got ${interval})`);
  if (problems.length) throw new DefinitionError(problems);
  return build(spec, 'standard', [], interval, spec.evaluate);
}

/**
 * An asset sensor: woken at once (by a signal) when a run materializes one of `assetKeys`,
 * and handed the materialization records.
 *
 * @example
 * ```ts
 * const afterCleaning = assetSensor({
 *   name: 'cleaned_sales_sensor',
 *   assetKeys: ['cleaned_sales'],
 *   selection: 'sales_by_customer+',
 *   evaluate: (ctx) => ctx.materializations.map((m) => ({ runKey: `cleaned_sales:${m.runId}` })),
 * });
 * ```
 */
export function assetSensor(spec: AssetSensorSpec): SensorDefinition {
  const owner = `asset sensor '${String(spec?.name)}'`;
  const problems = commonProblems(spec, 'asset sensor');
  if (!Array.isArray(spec?.assetKeys) || spec.assetKeys.length === 0 || spec.assetKeys.some((k) => typeof k !== 'string')) {
    problems.push(`${owner}: assetKeys must be a non-empty list of asset keys`);
  }
  if (spec?.evaluate !== undefined && typeof spec.evaluate !== 'function') problems.push(`${owner}: evaluate must be a function`);
  const interval = spec?.minimumIntervalSeconds ?? 0;
  if (!(typeof interval === 'number' && interval >= 0)) problems.push(`${owner}: minimumIntervalSeconds must be a number >= 0 (got ${interval})`);
  if (problems.length) throw new DefinitionError(problems);
  return build(spec, 'asset', [...new Set(spec.assetKeys)], interval, spec.evaluate ?? oneRunPerMaterialization);
}

/** An asset sensor's evaluation when it gives none: one run of its target per materialization. */
export function oneRunPerMaterialization(context: AssetSensorContext): SensorRunRequest[] {
  return context.materializations.map((m) => ({
    runKey: [m.assetKey, m.runId, ...(m.partitionKey !== undefined ? [m.partitionKey] : [])].join(':'),
    ...(m.partitionKey !== undefined ? { partitionKey: m.partitionKey } : {}),
  }));
}

function commonProblems(spec: SensorCommon | undefined, what: string): string[] {
  const owner = `${what} '${String(spec?.name)}'`;
  const problems: string[] = [];
  if (typeof spec?.name !== 'string' || !SENSOR_NAME.test(spec.name)) {
    problems.push(`${owner}: name must be 1 to 200 letters, digits, '_' and '-' (it names the workflow assetflow/sensor/<name>)`);
  }
  if (spec?.selection !== undefined && spec?.job !== undefined) problems.push(`${owner}: give either selection or job, not both`);
  for (const [field, value] of [['timeoutSeconds', spec?.timeoutSeconds], ['heartbeatTimeoutSeconds', spec?.heartbeatTimeoutSeconds]] as const) {
    if (value !== undefined && !(typeof value === 'number' && value > 0)) problems.push(`${owner}: ${field} must be a positive number of seconds`);
  }
  problems.push(...retryProblems(owner, spec?.retry));
  return problems;
}

function build(
  spec: SensorCommon,
  type: SensorDefinition['type'],
  assetKeys: string[],
  minimumIntervalSeconds: number,
  evaluate: SensorDefinition['evaluate'],
): SensorDefinition {
  return Object.freeze({
    kind: 'sensor' as const,
    type,
    name: spec.name,
    description: spec.description,
    selection: spec.selection,
    job: spec.job,
    assetKeys,
    minimumIntervalSeconds,
    timeoutSeconds: spec.timeoutSeconds ?? 60,
    heartbeatTimeoutSeconds: spec.heartbeatTimeoutSeconds ?? 20,
    retry: resolveRetry(spec.retry),
    evaluate,
  });
}

/** A sensor's evaluation timeouts and retry, as its workflow applies them to the evaluate activity. */
export function evaluationOptions(sensor: SensorDefinition): { timeoutMs: number; heartbeatTimeoutMs: number; retry: RetrySpec } {
  return { timeoutMs: sensor.timeoutSeconds * 1000, heartbeatTimeoutMs: sensor.heartbeatTimeoutSeconds * 1000, retry: sensor.retry };
}

export function isSensor(value: unknown): value is SensorDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'sensor';
}

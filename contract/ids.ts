/**
 * Every workflow id and Temporal schedule id assetflow uses, built here and nowhere else.
 * Each kind has a prefix of its own, and no prefix is a prefix of another: a sensor's run can
 * never take the id of a manual run or of a backfill's child, so a `REJECT_DUPLICATE` start
 * that finds its id taken really is the same run started twice.
 *
 * Ids are bounded: Temporal refuses a workflow id over 1,000 characters (`limit.maxIDLength`), and
 * a workflow task whose command carries one fails again on every retry. Each part taken from a
 * user's names or keys is kept as it is up to {@link MAX_ID_PART_LENGTH} characters; a longer one
 * keeps a readable head and ends in `~` and 16 hex digits of its SHA-256 ({@link boundedIdPart}),
 * so two different long names never share an id.
 *
 * Pure (no Node built-ins, no packages): workflows import it too.
 */
import { shortHash } from './short-hash';

/** Temporal's default limit on a workflow id (and a schedule id), in characters (`limit.maxIDLength`). */
export const MAX_WORKFLOW_ID_LENGTH = 1000;
/** The longest part of an id taken from a name or key as it is; a longer one is shortened by {@link boundedIdPart}. */
export const MAX_ID_PART_LENGTH = 200;

/** The id prefix of each kind, as seen in Temporal Web. */
export const ID_PREFIXES = {
  /** A run started by hand: `assetflow/run/<run name>/<time>-<random>`. */
  run: 'assetflow/run/',
  /** A run a sensor requested: `assetflow/sensor-run/<sensor>/<run key or uuid>`. */
  'sensor-run': 'assetflow/sensor-run/',
  /** A backfill's run of one partition: `assetflow/backfill-run/<backfill id>/<partition>`. */
  'backfill-run': 'assetflow/backfill-run/',
  /** A run a Temporal Schedule started: `assetflow/scheduled-run/<schedule>-<ISO time>` (Temporal appends the time). */
  'scheduled-run': 'assetflow/scheduled-run/',
  /** A backfill: `assetflow/backfill/<backfill id>`. */
  backfill: 'assetflow/backfill/',
  /** A sensor's long-running workflow: `assetflow/sensor/<sensor>`. */
  sensor: 'assetflow/sensor/',
  /** A Temporal Schedule (a schedule id, not a workflow id): `assetflow/schedule/<schedule>`. */
  schedule: 'assetflow/schedule/',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/**
 * `value` when it has at most `maxLength` characters; else its first characters, `~` and the
 * first 16 hex digits of its SHA-256, `maxLength` characters in all: readable, bounded, and
 * different for different values. Partition keys never contain `~`, so a shortened key never
 * equals a key kept as it is.
 *
 * @example
 * ```ts
 * boundedIdPart('2026-11-01'); // '2026-11-01'
 * boundedIdPart('x'.repeat(1500)).length; // 200: 'xxx…x~3f1c…' (183 x, '~', 16 hex digits)
 * ```
 */
export function boundedIdPart(value: string, maxLength = MAX_ID_PART_LENGTH): string {
  if (value.length <= maxLength) return value;
  let head = value.slice(0, maxLength - 17);
  // Never end the head inside a surrogate pair (an id must be valid UTF-8).
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `${head}~${shortHash(value)}`;
}
/** The kinds of workflow ids (a schedule id names a Temporal Schedule, not a workflow). */
export type WorkflowIdKind = Exclude<IdKind, 'schedule'>;

/**
 * A run started by hand: `assetflow/run/<run name>/<suffix>` (whitespace dropped from the
 * name, a long name bounded by {@link boundedIdPart}). The suffix makes it unique; the client
 * makes it random and time-sortable (`client/run-suffix.ts`), since randomness has no place in
 * a pure module.
 */
export function runWorkflowId(runName: string, suffix: string): string {
  return `${ID_PREFIXES.run}${boundedIdPart(runName.replace(/\s+/g, ''))}/${suffix}`;
}

/** The marker that starts the last part of a re-execution's workflow id. */
export const REEXECUTION_MARKER = 'reexecution-';

/**
 * A re-execution of an earlier run: `assetflow/run/<run name>/reexecution-<suffix>`, a run like
 * any other (same prefix) whose id says what it is. The run it re-executes is in its memo and
 * its AssetflowParentRun search attribute.
 */
export function reexecutionWorkflowId(runName: string, suffix: string): string {
  return runWorkflowId(runName, `${REEXECUTION_MARKER}${suffix}`);
}

/** Whether a workflow id is one {@link reexecutionWorkflowId} built. */
export function isReexecutionWorkflowId(workflowId: string): boolean {
  return workflowKind(workflowId) === 'run' && workflowId.slice(workflowId.lastIndexOf('/') + 1).startsWith(REEXECUTION_MARKER);
}

/**
 * The id of a backfill that retries the failed partitions of `backfillId`:
 * `<backfill id>-retry-<suffix>` (the head bounded to 150 characters), so its workflow is
 * `assetflow/backfill/<backfill id>-retry-<suffix>`.
 */
export function retryBackfillId(backfillId: string, suffix: string): string {
  return `${boundedIdPart(backfillId, 150)}-retry-${suffix}`;
}

/**
 * A run a sensor requested: `assetflow/sensor-run/<sensor>/<run key or uuid>`. Deterministic
 * for a run key, so a key starts one run (the second start finds the id taken). Bounded without
 * hashing: sensor names have at most 200 characters and run keys at most 400 (checked when the
 * sensor is defined and when it evaluates).
 */
export function sensorRunWorkflowId(sensorName: string, runKeyOrId: string): string {
  return `${ID_PREFIXES['sensor-run']}${sensorName}/${runKeyOrId}`;
}

/**
 * A backfill's run of one partition: `assetflow/backfill-run/<backfill id>/<partition>`, so no
 * partition runs twice in a backfill; each part bounded by {@link boundedIdPart}, so the id is
 * at most 425 characters whatever the backfill id and the key.
 */
export function backfillRunWorkflowId(backfillId: string, partitionKey: string): string {
  return `${ID_PREFIXES['backfill-run']}${boundedIdPart(backfillId)}/${boundedIdPart(partitionKey)}`;
}

/**
 * The partition run id of before ids were bounded: {@link backfillRunWorkflowId} with its parts
 * as they are. The same id for every part of at most 200 characters; only for replaying
 * executions that started runs with it.
 */
export function unboundedBackfillRunWorkflowId(backfillId: string, partitionKey: string): string {
  return `${ID_PREFIXES['backfill-run']}${backfillId}/${partitionKey}`;
}

/** A backfill: `assetflow/backfill/<backfill id>` (every execution of its continue-as-new chain), a long id bounded by {@link boundedIdPart}. */
export function backfillWorkflowId(backfillId: string): string {
  return `${ID_PREFIXES.backfill}${boundedIdPart(backfillId)}`;
}

/** A sensor's workflow: `assetflow/sensor/<name>`. */
export function sensorWorkflowId(name: string): string {
  return `${ID_PREFIXES.sensor}${name}`;
}

/** A Temporal Schedule's id: `assetflow/schedule/<name>`. */
export function scheduleId(name: string): string {
  return `${ID_PREFIXES.schedule}${name}`;
}

/**
 * The workflow id a schedule's action gives its runs, `assetflow/scheduled-run/<name>`, to
 * which Temporal appends the scheduled time: `assetflow/scheduled-run/daily-2026-11-24T00:00:00Z`.
 */
export function scheduledRunWorkflowId(name: string): string {
  return `${ID_PREFIXES['scheduled-run']}${name}`;
}

/**
 * The id of a sensor's run before sensor runs had a prefix of their own (it shared
 * `assetflow/run/` with manual runs). Only for replaying executions that started runs with it.
 */
export function legacySensorRunWorkflowId(sensorName: string, runKeyOrId: string): string {
  return `assetflow/run/${sensorName}/${runKeyOrId}`;
}

/**
 * The id of a backfill's partition run before backfill runs had a prefix of their own (it
 * shared `assetflow/run/` with manual runs). Only for replaying executions that started runs with it.
 */
export function legacyBackfillRunWorkflowId(backfillId: string, partitionKey: string): string {
  return `assetflow/run/${backfillId}/${partitionKey}`;
}

const APPENDED_TIME = /-(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/;

/**
 * The scheduled time Temporal appended to a scheduled run's workflow id (ISO, normalized), or
 * undefined when the id ends in no time. Reads `assetflow/scheduled-run/<name>-<time>`, the
 * older `assetflow/run/<name>-<time>` of runs started before scheduled runs had their own
 * prefix, and any other id ending in `-<ISO time>` (a scheduled run started by hand).
 */
export function scheduledTimeFromWorkflowId(workflowId: string): string | undefined {
  const match = APPENDED_TIME.exec(workflowId);
  if (!match) return undefined;
  const time = new Date(match[1]);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

const WORKFLOW_KINDS = (Object.keys(ID_PREFIXES) as IdKind[]).filter((k): k is WorkflowIdKind => k !== 'schedule');

/**
 * Which kind of assetflow workflow an id names, by its prefix; undefined for ids assetflow did
 * not build. Runs started before sensor, backfill and scheduled runs had prefixes of their own
 * all read as `'run'`.
 */
export function workflowKind(workflowId: string): WorkflowIdKind | undefined {
  return WORKFLOW_KINDS.find((kind) => workflowId.startsWith(ID_PREFIXES[kind]));
}

/** The sensor a sensor workflow id names (`assetflow/sensor/<name>` → name), or undefined for any other id. */
export function sensorNameOf(workflowId: string): string | undefined {
  return workflowKind(workflowId) === 'sensor' ? workflowId.slice(ID_PREFIXES.sensor.length) : undefined;
}

/** The schedule an assetflow schedule id names (`assetflow/schedule/<name>` → name), or undefined for any other id. */
export function scheduleNameOf(id: string): string | undefined {
  return id.startsWith(ID_PREFIXES.schedule) ? id.slice(ID_PREFIXES.schedule.length) : undefined;
}

import { Cron } from 'croner';
import cronstrue from 'cronstrue';
import { DefinitionError } from '../errors/errors';
import type { RunConfig } from '../planning/run-config';

/** What a schedule's `runConfig` receives: the run's nominal time, as Temporal scheduled it. */
export interface ScheduleContext {
  /** The time the schedule fired for (for a backfill: the past interval's time), not the wall clock. */
  scheduledExecutionTime: Date;
  scheduleName: string;
}

/**
 * What happens when a schedule fires while its previous run is still going (Temporal's
 * ScheduleOverlapPolicy): `skip` (default) drops the new run, `bufferOne` runs it after the
 * current one, `bufferAll` queues every one, `cancelOther` / `terminateOther` stop the
 * running one, `allowAll` runs them side by side.
 */
export type ScheduleOverlap = 'skip' | 'bufferOne' | 'bufferAll' | 'cancelOther' | 'terminateOther' | 'allowAll';

export const SCHEDULE_OVERLAPS: readonly ScheduleOverlap[] = ['skip', 'bufferOne', 'bufferAll', 'cancelOther', 'terminateOther', 'allowAll'];

/** Default overlap: skip, as Dagster does not start a schedule's run while the last one is going. */
export const DEFAULT_OVERLAP: ScheduleOverlap = 'skip';
/**
 * Default catch-up window: a fire missed while Temporal was down runs if it is at most a minute
 * late. Longer outages skip the missed fires (as Dagster's scheduler does) rather than starting
 * a burst of stale runs; run them on purpose with `assetflow backfill`.
 */
export const DEFAULT_CATCHUP_WINDOW_SECONDS = 60;
/** Temporal refuses catch-up windows shorter than 10 seconds. */
export const MIN_CATCHUP_WINDOW_SECONDS = 10;
export const DEFAULT_TIMEZONE = 'UTC';

export interface ScheduleSpec {
  /** Identifies the schedule (Temporal schedule id `assetflow/schedule/<name>`): letters, digits, `_` and `-`. */
  name: string;
  /**
   * Five-field cron (`minute hour day-of-month month day-of-week`) or `@hourly`, `@daily`,
   * `@weekly`, `@monthly`, `@yearly`. As in Temporal, a day-of-month and a day-of-week both set
   * must both match (`0 0 13 * 5` is Friday the 13th), unlike classic cron's "either".
   */
  cron: string;
  /** IANA time zone the cron is read in. Default `UTC`. */
  timezone?: string;
  /** Assets to materialize (a selection, as `assetflow materialize --select` takes). */
  selection?: string | readonly string[];
  /** A job to run instead of a selection. */
  job?: string;
  /**
   * Run config for each run, from the scheduled time. Evaluated inside the run (in the planning
   * activity, recorded in history), so it may do I/O.
   */
  runConfig?: (context: ScheduleContext) => RunConfig | Promise<RunConfig>;
  /**
   * Which partition each run materializes, for a partitioned selection. Default: the previous
   * day (or hour) of its time partitions, as of the scheduled time — a daily schedule at
   * midnight materializes yesterday (Dagster's schedule from a partitioned job). A function may
   * pick another key from the scheduled time.
   */
  partitionKey?: (context: ScheduleContext) => string | Promise<string>;
  /** Default `skip`. */
  overlap?: ScheduleOverlap;
  /** How late a fire missed during an outage may still run. Default 60 (see DEFAULT_CATCHUP_WINDOW_SECONDS). */
  catchupWindowSeconds?: number;
  /** Shown as the schedule's note in Temporal Web and by `assetflow schedules list`. */
  description?: string;
  /** Tags added to each run. */
  tags?: Record<string, string>;
}

/** A validated schedule: a value built by `schedule()`. */
export interface ScheduleDefinition {
  readonly kind: 'schedule';
  readonly name: string;
  /** The cron as written. */
  readonly cron: string;
  /** The five-field form sent to Temporal (aliases translated). */
  readonly cronExpression: string;
  /** In words, e.g. "At 12:00 AM". */
  readonly cronDescription: string;
  /** Canonical IANA name. */
  readonly timezone: string;
  readonly selection?: string | readonly string[];
  readonly job?: string;
  readonly runConfig?: ScheduleSpec['runConfig'];
  readonly partitionKey?: ScheduleSpec['partitionKey'];
  readonly overlap: ScheduleOverlap;
  readonly catchupWindowSeconds: number;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The next `count` fire times after `after` (computed locally, for previews and checks). */
  nextFireTimes(count: number, after?: Date): Date[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;

/** Aliases, translated so that Temporal gets plain five-field expressions. */
const ALIASES: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

const NUMERIC = /^[0-9*,/-]+$/;
const MONTHS = /^(?:[0-9*,/-]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)+$/i;
const WEEKDAYS = /^(?:[0-9*,/-]|sun|mon|tue|wed|thu|fri|sat)+$/i;
const FIELDS = [
  ['minute', NUMERIC],
  ['hour', NUMERIC],
  ['day-of-month', NUMERIC],
  ['month', MONTHS],
  ['day-of-week', WEEKDAYS],
] as const;

/**
 * A schedule: runs an asset selection (or a job) on a cron, as a Temporal Schedule that
 * `assetflow deploy` keeps in step with the code. Validated here: a bad name, cron, time zone
 * or policy throws a DefinitionError naming the schedule.
 *
 * @example
 * ```ts
 * export const dailySales = schedule({
 *   name: 'daily_sales_schedule',
 *   cron: '0 0 * * *',
 *   timezone: 'UTC',
 *   selection: 'group:sales',
 *   runConfig: ({ scheduledExecutionTime }) => ({
 *     ops: { raw_sales: { config: { apiUrl: `https://api.example.com/sales?date=${scheduledExecutionTime.toISOString().slice(0, 10)}` } } },
 *   }),
 * });
 * ```
 */
export function schedule(spec: ScheduleSpec): ScheduleDefinition {
  const label = typeof spec.name === 'string' && spec.name ? `schedule '${spec.name}'` : 'a schedule';
  const problems: string[] = [];
  if (typeof spec.name !== 'string' || !NAME.test(spec.name)) {
    problems.push(`${label}: the name must start with a letter or '_' and contain only letters, digits, '_' and '-' (at most 100 characters), got ${JSON.stringify(spec.name)}`);
  }
  const timezone = canonicalTimeZone(spec.timezone ?? DEFAULT_TIMEZONE);
  if (timezone === undefined) {
    problems.push(`${label}: unknown time zone ${JSON.stringify(spec.timezone)}: use an IANA name such as 'UTC', 'Europe/Paris' or 'America/New_York'`);
  }
  const cron = parseCron(spec.cron, timezone ?? DEFAULT_TIMEZONE);
  if (typeof cron === 'string') problems.push(`${label}: ${cron}`);
  if (spec.selection === undefined && spec.job === undefined) problems.push(`${label}: give the assets to run (selection) or a job`);
  if (spec.selection !== undefined && spec.job !== undefined) problems.push(`${label}: give either a selection or a job, not both`);
  const overlap = spec.overlap ?? DEFAULT_OVERLAP;
  if (!SCHEDULE_OVERLAPS.includes(overlap)) problems.push(`${label}: overlap must be one of ${SCHEDULE_OVERLAPS.join(', ')} (got ${JSON.stringify(overlap)})`);
  const catchupWindowSeconds = spec.catchupWindowSeconds ?? DEFAULT_CATCHUP_WINDOW_SECONDS;
  if (!Number.isFinite(catchupWindowSeconds) || catchupWindowSeconds < MIN_CATCHUP_WINDOW_SECONDS) {
    problems.push(`${label}: catchupWindowSeconds must be at least ${MIN_CATCHUP_WINDOW_SECONDS} (Temporal's minimum), got ${catchupWindowSeconds}`);
  }
  if (spec.runConfig !== undefined && typeof spec.runConfig !== 'function') problems.push(`${label}: runConfig must be a function of the schedule context`);
  if (spec.partitionKey !== undefined && typeof spec.partitionKey !== 'function') problems.push(`${label}: partitionKey must be a function of the schedule context`);
  if (problems.length) throw new DefinitionError(problems);
  const parsed = cron as ParsedCron;
  return Object.freeze({
    kind: 'schedule' as const,
    name: spec.name,
    cron: spec.cron,
    cronExpression: parsed.expression,
    cronDescription: parsed.description,
    timezone: timezone!,
    ...(spec.selection !== undefined ? { selection: typeof spec.selection === 'string' ? spec.selection : [...spec.selection] } : {}),
    ...(spec.job !== undefined ? { job: spec.job } : {}),
    ...(spec.runConfig ? { runConfig: spec.runConfig } : {}),
    ...(spec.partitionKey ? { partitionKey: spec.partitionKey } : {}),
    overlap,
    catchupWindowSeconds,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    tags: { ...(spec.tags ?? {}) },
    nextFireTimes: (count: number, after?: Date) => parsed.cron.nextRuns(count, after),
  });
}

export function isSchedule(value: unknown): value is ScheduleDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'schedule';
}

/** The canonical IANA name of a time zone, or undefined when the runtime does not know it. */
function canonicalTimeZone(timeZone: unknown): string | undefined {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return undefined;
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

interface ParsedCron {
  expression: string;
  description: string;
  cron: Cron;
}

/** The five-field expression, its description and a matcher; or why the cron is not valid. */
function parseCron(cron: unknown, timezone: string): ParsedCron | string {
  if (typeof cron !== 'string' || cron.trim() === '') return `cron must be a five-field expression or an alias (${Object.keys(ALIASES).join(', ')})`;
  const trimmed = cron.trim();
  if (trimmed.startsWith('@')) {
    const alias = ALIASES[trimmed.toLowerCase()];
    if (!alias) return `unknown cron alias '${trimmed}': use one of ${Object.keys(ALIASES).join(', ')} or a five-field expression`;
    return parseFields(alias, timezone);
  }
  return parseFields(trimmed.replace(/\s+/g, ' '), timezone);
}

function parseFields(expression: string, timezone: string): ParsedCron | string {
  const fields = expression.split(' ');
  if (fields.length !== 5) {
    return `cron '${expression}' has ${fields.length} fields: write five (minute hour day-of-month month day-of-week), e.g. '0 0 * * *' for daily at midnight`;
  }
  for (const [i, [field, allowed]] of FIELDS.entries()) {
    if (!allowed.test(fields[i])) return `cron '${expression}': the ${field} field '${fields[i]}' uses syntax Temporal does not take: use numbers, '*', ranges (a-b), steps (/n) and lists (a,b)`;
  }
  try {
    // Temporal matches day-of-month AND day-of-week when both are set (classic cron uses OR):
    // evaluate the same way so that previews agree with Temporal's fire times.
    const matcher = new Cron(expression, { timezone, mode: '5-part', paused: true, domAndDow: true });
    if (matcher.nextRun() === null) return `cron '${expression}' never fires`;
    return { expression, description: cronstrue.toString(expression, { use24HourTimeFormat: true }), cron: matcher };
  } catch (err) {
    return `cron '${expression}' is not valid: ${(err as Error).message.replace(/^CronPattern: /, '')}`;
  }
}

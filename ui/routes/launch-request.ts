import { prepareBackfill, type PreparedBackfill } from '../../client/backfills';
import type { RunPlan } from '../../contract/run';
import { AssetflowError } from '../../errors/assetflow-error';
import { PartitionError, RunConfigError, SelectionError } from '../../errors/errors';
import type { Definitions } from '../../planning/definitions';

/** The launch form as submitted (every field a string, as forms send them). */
export interface LaunchForm {
  select: string;
  /** One run (of one partition, for partitioned assets) or a backfill over a partition range. */
  mode: 'run' | 'backfill';
  partition: string;
  from: string;
  to: string;
  maxConcurrent: string;
  /** Run config as JSON text; empty means none. */
  runConfig: string;
}

/** Where on the form a problem is shown. */
export type LaunchField = 'select' | 'partition' | 'range' | 'maxConcurrent' | 'runConfig' | 'form';

export interface LaunchError {
  field: LaunchField;
  /** For run config: the path in the JSON (`ops.raw_sales.config.timeoutSeconds`). */
  path?: string;
  message: string;
}

/** What a checked launch starts: a planned run or a prepared backfill; or the problems, by field. */
export type CheckedLaunch = { kind: 'run'; plan: RunPlan } | { kind: 'backfill'; backfill: PreparedBackfill } | { kind: 'invalid'; errors: LaunchError[] };

/** The form's fields from a parsed body (missing fields read as empty). */
export function readLaunchForm(body: Record<string, unknown>): LaunchForm {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  return {
    select: text('select').trim(),
    mode: text('mode') === 'backfill' ? 'backfill' : 'run',
    partition: text('partition').trim(),
    from: text('from').trim(),
    to: text('to').trim(),
    maxConcurrent: text('maxConcurrent').trim(),
    runConfig: text('runConfig'),
  };
}

/** The run config's JSON text as a value (undefined when empty), or where it stops being JSON. */
export function parseRunConfigText(text: string): { value: unknown } | { error: LaunchError } {
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: { field: 'runConfig', path: '(JSON)', message: `not valid JSON: ${(err as Error).message}` } };
  }
}

/**
 * Checks a launch against the Definitions exactly as `assetflow materialize` and
 * `assetflow backfill start` do (selection, partition or range, run config validated by the
 * assets' zod schemas), touching no server: nothing starts unless this says `run` or `backfill`.
 */
export function checkLaunch(definitions: Definitions, form: LaunchForm, now = new Date()): CheckedLaunch {
  if (form.select === '') return { kind: 'invalid', errors: [{ field: 'select', message: 'name the assets to materialize: a key, group:<name>, +key, key+ or *' }] };
  const config = parseRunConfigText(form.runConfig);
  if ('error' in config) return { kind: 'invalid', errors: [config.error] };
  try {
    if (form.mode === 'backfill') {
      const maxConcurrent = form.maxConcurrent === '' ? undefined : Number(form.maxConcurrent);
      const backfill = prepareBackfill(definitions, {
        selection: form.select,
        ...(form.from !== '' ? { from: form.from } : {}),
        ...(form.to !== '' ? { to: form.to } : {}),
        ...(maxConcurrent !== undefined ? { maxConcurrent } : {}),
        runConfig: config.value,
        now,
      });
      return { kind: 'backfill', backfill };
    }
    const plan = definitions.plan({ selection: form.select, runConfig: config.value, ...(form.partition !== '' ? { partitionKey: form.partition } : {}), trigger: 'manual', now });
    return { kind: 'run', plan };
  } catch (err) {
    return { kind: 'invalid', errors: launchErrorsOf(err, form.mode) };
  }
}

/** A planning error as problems by field: run config issues one by one with their paths. Anything not about the input is rethrown. */
export function launchErrorsOf(err: unknown, mode: LaunchForm['mode']): LaunchError[] {
  if (err instanceof RunConfigError) return err.issues.map((i) => ({ field: 'runConfig', path: i.path || '(root)', message: i.message }));
  if (err instanceof SelectionError) return [{ field: 'select', message: err.message }];
  if (err instanceof PartitionError) return [{ field: mode === 'backfill' ? 'range' : 'partition', message: err.message }];
  if (err instanceof RangeError && /maxConcurrent/.test(err.message)) return [{ field: 'maxConcurrent', message: err.message }];
  if (err instanceof AssetflowError) return [{ field: 'form', message: err.message }];
  throw err;
}

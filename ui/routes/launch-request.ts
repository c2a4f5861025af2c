import { prepareBackfill, type PreparedBackfill } from '../../client/backfills';
import { newRunSuffix } from '../../client/run-suffix';
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
 * `selectedKeys`: the keys of a selection that calls a function (`stale()`), resolved from the
 * catalog beforehand (`resolveCatalogSelection`); the run is still named by the selection as written.
 */
export function checkLaunch(definitions: Definitions, form: LaunchForm, now = new Date(), selectedKeys?: readonly string[]): CheckedLaunch {
  if (form.select === '') return { kind: 'invalid', errors: [{ field: 'select', message: 'name the assets to materialize: a key, group:<name>, +key, key+ or *' }] };
  const config = parseRunConfigText(form.runConfig);
  if ('error' in config) return { kind: 'invalid', errors: [config.error] };
  const name = shortRunName(form.select) ?? (selectedKeys ? form.select : undefined);
  const selection = selectedKeys ? [...selectedKeys] : form.select;
  try {
    if (form.mode === 'backfill') {
      const maxConcurrent = form.maxConcurrent === '' ? undefined : Number(form.maxConcurrent);
      const backfill = prepareBackfill(definitions, {
        selection,
        ...(form.from !== '' ? { from: form.from } : {}),
        ...(form.to !== '' ? { to: form.to } : {}),
        ...(maxConcurrent !== undefined ? { maxConcurrent } : {}),
        runConfig: config.value,
        ...(name !== undefined ? { backfillId: `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${newRunSuffix(now)}` } : {}),
        now,
      });
      return { kind: 'backfill', backfill };
    }
    const plan = definitions.plan({
      selection,
      runConfig: config.value,
      ...(form.partition !== '' ? { partitionKey: form.partition } : {}),
      ...(name !== undefined ? { runName: name } : {}),
      trigger: 'manual',
      now,
    });
    return { kind: 'run', plan };
  } catch (err) {
    return { kind: 'invalid', errors: launchErrorsOf(err, form.mode) };
  }
}

/** Selections up to this long name their run (and workflow id) as written. */
export const MAX_SELECTION_RUN_NAME = 80;

/**
 * A run name for a selection too long to name its run as written (the asset graph's selection of
 * many assets would make a workflow id past Temporal's limits): its first term and how many more,
 * `raw_sales-and-41-more`. Undefined when the selection itself is short enough.
 */
export function shortRunName(selection: string): string | undefined {
  if (selection.length <= MAX_SELECTION_RUN_NAME) return undefined;
  const terms = selection.split(/[\s,]+/).filter(Boolean);
  return `${terms[0].slice(0, 60)}${terms.length > 1 ? `-and-${terms.length - 1}-more` : ''}`;
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

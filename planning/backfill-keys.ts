import type { Definitions } from './definitions';
import { isAssetJob } from '../assets/asset-job';
import { checkPartitionKeyRules } from '../assets/partitions';
import { PartitionError, SelectionError } from '../errors/errors';

/** What a backfill materializes: a job (an asset job) or a selection of assets; not both. */
export interface BackfillTargetOptions {
  /** An asset job's name: its selection's partitions are backfilled. */
  job?: string;
  /** A selection. Default `*` (when no job is given). */
  selection?: string | readonly string[];
}

export interface BackfillKeysOptions extends BackfillTargetOptions {
  /** A range (both ends included)... */
  from?: string;
  to?: string;
  /** ...or a list of keys. */
  keys?: readonly string[];
  /** Default: the current time. */
  now?: Date;
}

/**
 * The selection a backfill covers: the asset job's selection, or the selection given (default `*`).
 * Throws SelectionError when both a job and a selection are given, DefinitionError (naming the
 * jobs) for an unknown job, and PartitionError for an op job (ops have no partitions).
 */
export function backfillSelection(definitions: Definitions, options: BackfillTargetOptions): string | readonly string[] {
  if (options.job === undefined) return options.selection ?? '*';
  if (options.selection !== undefined) throw new SelectionError(`Give either a job ('${options.job}') or a selection to backfill, not both.`);
  const found = definitions.getJob(options.job);
  if (!isAssetJob(found)) {
    throw new PartitionError(
      `job '${found.name}' has no partitioned assets: it is an op job, and ops have no partitions. Backfill an asset job (defineAssetJob) or a selection of partitioned assets instead`,
    );
  }
  return found.selection;
}

/**
 * The partition keys a backfill of `selection` (or of an asset job's selection) covers, checked
 * against its partitions: a range (`from`/`to`, each defaulting to the first/newest key), or a
 * list. Throws PartitionError naming the valid range for unknown keys, and when nothing to
 * backfill is partitioned.
 */
export function resolveBackfillKeys(definitions: Definitions, options: BackfillKeysOptions): string[] {
  const now = options.now ?? new Date();
  const selection = backfillSelection(definitions, options);
  const partitions = definitions.partitionsOf(selection);
  if (!partitions) {
    const selected = definitions.select(selection).join(', ');
    throw new PartitionError(
      options.job !== undefined
        ? `job '${options.job}' has no partitioned assets (its selection ${JSON.stringify(selection)} selects ${selected}): nothing to backfill; materialize it with one run instead`
        : `nothing to backfill: no asset of selection ${JSON.stringify(selection)} is partitioned (${selected})`,
    );
  }
  if (options.keys !== undefined) {
    if (options.from !== undefined || options.to !== undefined) throw new PartitionError('give either a list of partition keys or a range (from/to), not both');
    if (options.keys.length === 0) throw new PartitionError('the list of partition keys to backfill is empty');
    for (const key of options.keys) {
      checkPartitionKeyRules(key);
      partitions.validateKey(key, now);
    }
    const duplicate = options.keys.find((k, i) => options.keys!.indexOf(k) !== i);
    if (duplicate !== undefined) throw new PartitionError(`partition '${duplicate}' is listed twice`);
    return [...options.keys];
  }
  const all = partitions.keys(now);
  if (all.length === 0) throw new PartitionError(`no partition of ${partitions.description} exists yet`);
  for (const end of [options.from, options.to]) if (end !== undefined) checkPartitionKeyRules(end);
  return partitions.keysBetween(options.from ?? all[0], options.to ?? all[all.length - 1], now);
}

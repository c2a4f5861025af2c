import type { Definitions } from './definitions';
import { PartitionError } from '../errors/errors';

export interface BackfillKeysOptions {
  selection: string | readonly string[];
  /** A range (both ends included)... */
  from?: string;
  to?: string;
  /** ...or a list of keys. */
  keys?: readonly string[];
  /** Default: the current time. */
  now?: Date;
}

/**
 * The partition keys a backfill of `selection` covers, checked against the selection's
 * partitions: a range (`from`/`to`, each defaulting to the first/newest key), or a list.
 * Throws PartitionError naming the valid range for unknown keys, and when nothing in the
 * selection is partitioned.
 */
export function resolveBackfillKeys(definitions: Definitions, options: BackfillKeysOptions): string[] {
  const now = options.now ?? new Date();
  const partitions = definitions.partitionsOf(options.selection);
  if (!partitions) {
    throw new PartitionError(`nothing to backfill: no asset of selection ${JSON.stringify(options.selection)} is partitioned (${definitions.select(options.selection).join(', ')})`);
  }
  if (options.keys !== undefined) {
    if (options.from !== undefined || options.to !== undefined) throw new PartitionError('give either a list of partition keys or a range (from/to), not both');
    if (options.keys.length === 0) throw new PartitionError('the list of partition keys to backfill is empty');
    for (const key of options.keys) partitions.validateKey(key, now);
    const duplicate = options.keys.find((k, i) => options.keys!.indexOf(k) !== i);
    if (duplicate !== undefined) throw new PartitionError(`partition '${duplicate}' is listed twice`);
    return [...options.keys];
  }
  const all = partitions.keys(now);
  if (all.length === 0) throw new PartitionError(`no partition of ${partitions.description} exists yet`);
  return partitions.keysBetween(options.from ?? all[0], options.to ?? all[all.length - 1], now);
}

import type { PartitionRange, PartitionState, PartitionStatusSummary } from './store';

/**
 * Builds counts and compact ranges from what the catalog knows: `latest` maps a partition key to
 * the kind of its newest event, `inProgress` holds the keys an open run targets and has not yet
 * materialized. One linear pass over the definition's keys, so 100,000 partitions take a few
 * milliseconds; keys the catalog knows but the definition does not list are ignored.
 */
export function summarizePartitions(
  partitionKeys: readonly string[],
  latest: ReadonlyMap<string, 'materialization' | 'failure'>,
  inProgress: ReadonlySet<string>,
): PartitionStatusSummary {
  const counts: Record<PartitionState, number> = { materialized: 0, failed: 0, missing: 0, in_progress: 0 };
  const ranges: PartitionRange[] = [];
  let current: PartitionRange | undefined;
  for (const key of partitionKeys) {
    const state = stateOf(key, latest, inProgress);
    counts[state]++;
    if (current && current.state === state) {
      current.last = key;
      current.count++;
    } else {
      current = { state, first: key, last: key, count: 1 };
      ranges.push(current);
    }
  }
  return { total: partitionKeys.length, counts, ranges };
}

/** The state of one partition (in progress wins, then the newest event's kind, else missing). */
export function stateOf(key: string, latest: ReadonlyMap<string, 'materialization' | 'failure'>, inProgress: ReadonlySet<string>): PartitionState {
  if (inProgress.has(key)) return 'in_progress';
  const kind = latest.get(key);
  return kind === 'materialization' ? 'materialized' : kind === 'failure' ? 'failed' : 'missing';
}

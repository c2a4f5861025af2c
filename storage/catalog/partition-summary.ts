import type { PartitionRange, PartitionState, PartitionStatusSummary } from './store';

/**
 * The newest event kind of every partition the catalog knows for an asset, as the stores read
 * it in one row: the keys, usually in ascending order (the summary table's key order), and,
 * at the same positions, 'm' (materialization) or 'f' (failure).
 */
export interface LatestKinds {
  keys: readonly string[];
  kinds: string;
}

const MISSING = 0;
const MATERIALIZED = 1;
const FAILED = 2;
const IN_PROGRESS = 3;
const STATES: readonly PartitionState[] = ['missing', 'materialized', 'failed', 'in_progress'];

/**
 * Counts and compact ranges over the definition's keys (in the definition's order) from what
 * the catalog knows: the newest event kind per key and the keys an open run targets and has not
 * yet materialized (in progress wins). Keys the catalog knows that the list lacks are ignored.
 *
 * Built for 100,000 partitions: when both key lists are in ascending order (time partitions
 * are), one merge walk with no hashing; otherwise a map of the catalog's keys.
 */
export function summarizePartitions(partitionKeys: readonly string[], latest: LatestKinds, inProgress: ReadonlySet<string>): PartitionStatusSummary {
  const n = partitionKeys.length;
  const states = new Uint8Array(n);
  const sorted = ascending(partitionKeys);
  if (sorted && ascending(latest.keys)) {
    const { keys, kinds } = latest;
    let j = 0;
    for (let i = 0; i < n && j < keys.length; i++) {
      const key = partitionKeys[i];
      while (j < keys.length && keys[j] < key) j++;
      if (j < keys.length && keys[j] === key) states[i] = kinds.charCodeAt(j) === 102 /* f */ ? FAILED : MATERIALIZED;
    }
  } else {
    const kindOf = new Map<string, number>();
    latest.keys.forEach((key, j) => kindOf.set(key, latest.kinds.charCodeAt(j) === 102 ? FAILED : MATERIALIZED));
    for (let i = 0; i < n; i++) states[i] = kindOf.get(partitionKeys[i]) ?? MISSING;
  }
  if (inProgress.size) {
    if (sorted) {
      for (const key of inProgress) {
        const i = binarySearch(partitionKeys, key);
        if (i >= 0) states[i] = IN_PROGRESS;
      }
    } else {
      for (let i = 0; i < n; i++) if (inProgress.has(partitionKeys[i])) states[i] = IN_PROGRESS;
    }
  }

  const counts = [0, 0, 0, 0];
  const ranges: PartitionRange[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    counts[states[i]]++;
    if (i + 1 === n || states[i + 1] !== states[i]) {
      ranges.push({ state: STATES[states[i]], first: partitionKeys[start], last: partitionKeys[i], count: i - start + 1 });
      start = i + 1;
    }
  }
  return {
    total: n,
    counts: { materialized: counts[MATERIALIZED], failed: counts[FAILED], missing: counts[MISSING], in_progress: counts[IN_PROGRESS] },
    ranges,
  };
}

/** The state of one partition from its newest event kind and whether an open run targets it. */
export function stateOf(kind: 'materialization' | 'failure' | undefined, inProgress: boolean): PartitionState {
  if (inProgress) return 'in_progress';
  return kind === 'materialization' ? 'materialized' : kind === 'failure' ? 'failed' : 'missing';
}

function ascending(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
  return true;
}

function binarySearch(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] === key) return mid;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

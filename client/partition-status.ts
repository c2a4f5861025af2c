import type { Definitions } from '../planning/definitions';
import type { PartitionRange, PartitionState } from '../storage/catalog/store';

/** A run of consecutive partition keys with the same state (the catalog's {@link PartitionRange}). */
export type PartitionSpan = PartitionRange;

export interface PartitionStatus {
  assetKey: string;
  /** The partitions' description (`daily from 2026-11-01`), or `not partitioned`. */
  description: string;
  partitioned: boolean;
  /** Partitions (1 for an unpartitioned asset). */
  total: number;
  /** How many partitions are in each state. */
  counts: Record<PartitionState, number>;
  /** Partitioned: ranges of consecutive keys in one state, so a year of days prints in a few lines. Unpartitioned: none. */
  spans: PartitionSpan[];
  /** The state of an unpartitioned asset. */
  state?: PartitionState;
}

/**
 * The state of each partition of an asset, per the catalog: materialized, failed (its newest
 * attempt failed), in progress (a run that targets it has started and not ended), or missing;
 * as counts and ranges. An unpartitioned asset has one state. Unknown keys get the
 * did-you-mean error.
 */
export async function partitionStatus(definitions: Definitions, assetKey: string, now = new Date()): Promise<PartitionStatus> {
  const partitions = definitions.getAsset(assetKey).partitions;
  if (!partitions) {
    const state = await definitions.catalog.state(assetKey);
    const counts = { materialized: 0, failed: 0, missing: 0, in_progress: 0, [state]: 1 } as Record<PartitionState, number>;
    return { assetKey, description: 'not partitioned', partitioned: false, total: 1, counts, spans: [], state };
  }
  const summary = await definitions.catalog.partitionStatus(assetKey, partitions.keys(now));
  return { assetKey, description: partitions.description, partitioned: true, total: summary.total, counts: summary.counts, spans: summary.ranges };
}

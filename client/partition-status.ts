import type { Definitions } from '../planning/definitions';
import { PartitionError } from '../errors/errors';

/** A run of consecutive partition keys with the same status. */
export interface PartitionSpan {
  status: 'materialized' | 'missing';
  first: string;
  last: string;
  count: number;
}

export interface PartitionStatus {
  assetKey: string;
  description: string;
  total: number;
  materialized: number;
  spans: PartitionSpan[];
}

/**
 * Which partitions of an asset are materialized (per the catalog) and which are missing, as
 * spans of consecutive keys, so a year of days prints in a few lines.
 */
export async function partitionStatus(definitions: Definitions, assetKey: string, now = new Date()): Promise<PartitionStatus> {
  const partitions = definitions.getAsset(assetKey).partitions;
  if (!partitions) throw new PartitionError(`asset '${assetKey}' is not partitioned: it has no partitions to list`);
  const keys = partitions.keys(now);
  const done = new Set(await definitions.catalog.materializedPartitions(assetKey));
  const spans: PartitionSpan[] = [];
  for (const key of keys) {
    const status = done.has(key) ? 'materialized' : 'missing';
    const current = spans[spans.length - 1];
    if (current && current.status === status) {
      current.last = key;
      current.count++;
    } else spans.push({ status, first: key, last: key, count: 1 });
  }
  return { assetKey, description: partitions.description, total: keys.length, materialized: keys.filter((k) => done.has(k)).length, spans };
}

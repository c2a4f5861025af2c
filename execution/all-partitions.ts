import pl from 'nodejs-polars';
import type { CatalogStore } from '../storage/catalog/store';
import { isDataFrame } from '../storage/values';
import { AssetflowError } from '../errors/assetflow-error';

/** Thrown when an unpartitioned asset reads a partitioned upstream of which no partition is materialized. Not retried. */
export class NoPartitionsMaterializedError extends AssetflowError {
  constructor(stepKey: string, inputName: string, upstreamKey: string) {
    super(`'${stepKey}' reads every partition of '${upstreamKey}' (input '${inputName}'), but none is materialized yet: backfill '${upstreamKey}' first`, {
      code: 'NO_PARTITIONS_MATERIALIZED',
      retryable: false,
    });
    this.name = 'NoPartitionsMaterializedError';
  }
}

/**
 * What an unpartitioned asset receives for a partitioned upstream: every partition the catalog
 * records as materialized, in key order. DataFrames are concatenated into one DataFrame (so the
 * input keeps its type); any other value comes as a record of partition key → value.
 */
export async function loadAllPartitions(
  catalog: Pick<CatalogStore, 'materializedPartitions'>,
  stepKey: string,
  inputName: string,
  upstreamKey: string,
  load: (partitionKey: string) => unknown,
): Promise<unknown> {
  const keys = await catalog.materializedPartitions(upstreamKey);
  if (keys.length === 0) throw new NoPartitionsMaterializedError(stepKey, inputName, upstreamKey);
  const values: unknown[] = [];
  for (const key of keys) values.push(await load(key));
  if (values.every(isDataFrame)) return pl.concat(values, { how: 'vertical' });
  return Object.fromEntries(keys.map((key, i) => [key, values[i]]));
}

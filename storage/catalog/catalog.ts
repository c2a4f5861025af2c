import type { MaterializationRecord } from '../../contract/materialization';

export type { MaterializationRecord };

/**
 * Where materializations are recorded (Dagster's event log, for assets): asset sensors read
 * it, partition status comes from it. One record per attempt that stored an output.
 */
export interface MaterializationCatalog {
  record(record: MaterializationRecord): Promise<void>;
  /** The newest record of an asset (of one partition, when given). */
  latest(assetKey: string, partitionKey?: string): Promise<MaterializationRecord | undefined>;
  /** Records of an asset, oldest first (the last `limit` when given). */
  history(assetKey: string, limit?: number): Promise<MaterializationRecord[]>;
  /** Partition keys of an asset that have at least one materialization. */
  materializedPartitions(assetKey: string): Promise<string[]>;
}

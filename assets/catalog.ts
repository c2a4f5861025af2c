import fs from 'node:fs/promises';
import path from 'node:path';
import { keyPath } from './asset-key';
import { defaultStorageRoot } from './io/storage-path';
import type { Metadata } from './metadata';

/** One successful materialization of an asset (or one partition of it). */
export interface MaterializationRecord {
  assetKey: string;
  partitionKey?: string;
  /** The assetflow run id (Temporal run id) and the run's workflow id. */
  runId: string;
  workflowId?: string;
  runName?: string;
  location: string;
  rows?: number;
  metadata: Metadata;
  attempt: number;
  /** ISO time the output was stored. */
  materializedAt: string;
}

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

/**
 * A catalog of JSON-lines files, one per asset, under `<root>/.catalog/` (asset keys cannot
 * start with '.', so it never collides with an asset's outputs). Each record is one append of
 * one line, which the OS writes whole.
 */
export function fileCatalog(root: string = defaultStorageRoot()): MaterializationCatalog {
  const fileOf = (assetKey: string) => path.join(root, '.catalog', ...keyPath(assetKey)) + '.jsonl';
  const read = async (assetKey: string): Promise<MaterializationRecord[]> => {
    let text: string;
    try {
      text = await fs.readFile(fileOf(assetKey), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as MaterializationRecord];
        } catch {
          return []; // a torn last line after a crash is skipped, not fatal
        }
      });
  };
  return {
    async record(record) {
      const file = fileOf(record.assetKey);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.appendFile(file, `${JSON.stringify(record)}\n`);
    },
    async latest(assetKey, partitionKey) {
      const records = await read(assetKey);
      for (let i = records.length - 1; i >= 0; i--) {
        if (partitionKey === undefined || records[i].partitionKey === partitionKey) return records[i];
      }
      return undefined;
    },
    async history(assetKey, limit) {
      const records = await read(assetKey);
      return limit === undefined ? records : records.slice(-limit);
    },
    async materializedPartitions(assetKey) {
      const keys = new Set<string>();
      for (const r of await read(assetKey)) if (r.partitionKey !== undefined) keys.add(r.partitionKey);
      return [...keys].sort();
    },
  };
}

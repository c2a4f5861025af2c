import type { Definitions } from '../planning/definitions';
import type { PartitionState, StoredFailure, StoredMaterialization } from '../storage/catalog/store';
import type { Metadata } from '../execution/metadata';

/**
 * What an asset is, per the catalog: for an unpartitioned asset one state; for a partitioned
 * one the count of partitions in each state (materialized, failed, in progress, missing).
 */
export type AssetStatus =
  | { partitioned: false; state: PartitionState }
  | { partitioned: true; total: number; counts: Record<PartitionState, number> };

/** One line of `assetflow assets list`. */
export interface AssetSummary {
  key: string;
  group: string;
  /** The partitions' description (`daily from 2026-11-01`); none when unpartitioned. */
  partitions?: string;
  /** The newest materialization (of any partition). */
  last?: StoredMaterialization;
  status: AssetStatus;
}

/** Everything `assetflow assets show` prints. */
export interface AssetDetails extends AssetSummary {
  description?: string;
  ioManagerKey: string;
  upstream: readonly string[];
  downstream: readonly string[];
  /** Columns with their types, from the newest materialization's metadata (DataFrame outputs). */
  columns: { name: string; type: string }[];
  /** The first rows of the newest materialization's output, from its metadata. */
  preview: Record<string, unknown>[];
  /** The newest materializations, newest first. */
  materializations: StoredMaterialization[];
  /** The newest failed attempts, newest first. */
  failures: StoredFailure[];
}

/**
 * A summary of every asset of the Definitions (in the graph's order), from the catalog: the
 * newest materialization of all of them in one query, then each asset's state or partition
 * counts.
 */
export async function listAssets(definitions: Definitions, now = new Date()): Promise<AssetSummary[]> {
  const keys = definitions.select('*').filter((k) => definitions.assets.has(k));
  const latest = await definitions.catalog.latestMaterializations(keys);
  return Promise.all(keys.map((key) => summarize(definitions, key, latest.get(key), now)));
}

/** One asset in detail (unknown keys get the did-you-mean error). */
export async function showAsset(definitions: Definitions, key: string, options: { limit?: number; failures?: number; now?: Date } = {}): Promise<AssetDetails> {
  const asset = definitions.getAsset(key);
  const [materializations, failures] = await Promise.all([
    definitions.catalog.materializations(key, { limit: options.limit ?? 10 }),
    definitions.catalog.failures(key, { limit: options.failures ?? 5 }),
  ]);
  const last = materializations.items[0];
  const summary = await summarize(definitions, key, last, options.now ?? new Date());
  return {
    ...summary,
    ...(asset.description ? { description: asset.description } : {}),
    ioManagerKey: asset.ioManagerKey,
    upstream: definitions.upstreamOf(key),
    downstream: definitions.downstreamOf(key),
    columns: columnsOf(last?.metadata),
    preview: previewOf(last?.metadata),
    materializations: materializations.items,
    failures: failures.items,
  };
}

async function summarize(definitions: Definitions, key: string, last: StoredMaterialization | undefined, now: Date): Promise<AssetSummary> {
  const asset = definitions.getAsset(key);
  const partitions = asset.partitions;
  let status: AssetStatus;
  if (partitions) {
    const summary = await definitions.catalog.partitionStatus(key, partitions.keys(now));
    status = { partitioned: true, total: summary.total, counts: summary.counts };
  } else status = { partitioned: false, state: await definitions.catalog.state(key) };
  return { key, group: asset.group, ...(partitions ? { partitions: partitions.description } : {}), ...(last ? { last } : {}), status };
}

function columnsOf(metadata: Metadata | undefined): { name: string; type: string }[] {
  const columns = metadata?.columns;
  if (!Array.isArray(columns)) return [];
  return columns.flatMap((c) => {
    const column = c as { name?: unknown; type?: unknown } | null;
    return column && typeof column.name === 'string' ? [{ name: column.name, type: typeof column.type === 'string' ? column.type : '?' }] : [];
  });
}

function previewOf(metadata: Metadata | undefined): Record<string, unknown>[] {
  const preview = metadata?.preview;
  if (!Array.isArray(preview)) return [];
  return (preview as unknown[]).filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row));
}

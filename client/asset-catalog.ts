import type { Definitions } from '../planning/definitions';
import type { PartitionRange, PartitionState, StoredFailure, StoredMaterialization } from '../storage/catalog/store';
import type { Metadata } from '../execution/metadata';

/**
 * What an asset is, per the catalog: for an unpartitioned asset one state; for a partitioned
 * one the count of partitions in each state (materialized, failed, in progress, missing) and the
 * ranges of consecutive keys in one state (the catalog's partition summary).
 */
export type AssetStatus =
  | { partitioned: false; state: PartitionState }
  | { partitioned: true; total: number; counts: Record<PartitionState, number>; ranges?: PartitionRange[] };

/**
 * What an asset is, in one word, as the asset UI and `assetflow assets` show it: `running` (a
 * run that targets it is in progress), `failed` (its newest attempt failed; for partitions: some
 * partition's did), `never_materialized`, `stale` (an upstream was materialized after it), or
 * `materialized`, in that order of precedence.
 */
export type AssetHealthKind = 'running' | 'failed' | 'never_materialized' | 'stale' | 'materialized';

export interface AssetHealth {
  kind: AssetHealthKind;
  /** Stale: the upstream assets materialized after this asset's newest materialization. */
  newerUpstream?: string[];
}

/**
 * The {@link AssetHealth} of an asset from its catalog status, its newest materialization and
 * the newest materialization of each of its upstream assets (pure: no catalog access).
 *
 * @example
 * ```ts
 * deriveHealth({ partitioned: false, state: 'materialized' }, last, new Map([['raw_sales', newerRecord]]));
 * // { kind: 'stale', newerUpstream: ['raw_sales'] }
 * ```
 */
export function deriveHealth(status: AssetStatus, last: StoredMaterialization | undefined, upstreamLatest: ReadonlyMap<string, StoredMaterialization | undefined>): AssetHealth {
  const counts = status.partitioned ? status.counts : undefined;
  if (counts ? counts.in_progress > 0 : !status.partitioned && status.state === 'in_progress') return { kind: 'running' };
  if (counts ? counts.failed > 0 : !status.partitioned && status.state === 'failed') return { kind: 'failed' };
  if (!last || (counts && counts.materialized === 0)) return { kind: 'never_materialized' };
  const at = Date.parse(last.materializedAt);
  const newer = [...upstreamLatest].filter(([, up]) => up !== undefined && Date.parse(up.materializedAt) > at).map(([key]) => key);
  return newer.length ? { kind: 'stale', newerUpstream: newer } : { kind: 'materialized' };
}

/** One line of `assetflow assets list`. */
export interface AssetSummary {
  key: string;
  group: string;
  /** The partitions' description (`daily from 2026-11-01`); none when unpartitioned. */
  partitions?: string;
  /** The newest materialization (of any partition). */
  last?: StoredMaterialization;
  status: AssetStatus;
  /** The status in one word (stale included), shared by the UI and the CLI. */
  health: AssetHealth;
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
  return Promise.all(keys.map((key) => summarize(definitions, key, latest.get(key), latest, now)));
}

/** One asset in detail (unknown keys get the did-you-mean error). */
export async function showAsset(definitions: Definitions, key: string, options: { limit?: number; failures?: number; now?: Date } = {}): Promise<AssetDetails> {
  const asset = definitions.getAsset(key);
  const upstream = definitions.upstreamOf(key);
  const [materializations, failures, upstreamLatest] = await Promise.all([
    definitions.catalog.materializations(key, { limit: options.limit ?? 10 }),
    definitions.catalog.failures(key, { limit: options.failures ?? 5 }),
    definitions.catalog.latestMaterializations(upstream),
  ]);
  const last = materializations.items[0];
  const summary = await summarize(definitions, key, last, upstreamLatest, options.now ?? new Date());
  return {
    ...summary,
    ...(asset.description ? { description: asset.description } : {}),
    ioManagerKey: asset.ioManagerKey,
    upstream,
    downstream: definitions.downstreamOf(key),
    columns: columnsOf(last?.metadata),
    preview: previewOf(last?.metadata),
    materializations: materializations.items,
    failures: failures.items,
  };
}

async function summarize(definitions: Definitions, key: string, last: StoredMaterialization | undefined, latest: ReadonlyMap<string, StoredMaterialization>, now: Date): Promise<AssetSummary> {
  const asset = definitions.getAsset(key);
  const partitions = asset.partitions;
  let status: AssetStatus;
  if (partitions) {
    const summary = await definitions.catalog.partitionStatus(key, partitions.keys(now));
    status = { partitioned: true, total: summary.total, counts: summary.counts, ranges: summary.ranges };
  } else status = { partitioned: false, state: await definitions.catalog.state(key) };
  const upstreamLatest = new Map(definitions.upstreamOf(key).map((up) => [up, latest.get(up)]));
  const health = deriveHealth(status, last, upstreamLatest);
  return { key, group: asset.group, ...(partitions ? { partitions: partitions.description } : {}), ...(last ? { last } : {}), status, health };
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

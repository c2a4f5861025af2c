import type { Definitions } from '../planning/definitions';
import type { PartitionRange, PartitionState, StoredCheckResult, StoredFailure, StoredMaterialization } from '../storage/catalog/store';
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
 * partition's did), `never_materialized`, `stale` (see {@link StaleReason}), or `materialized`,
 * in that order of precedence.
 */
export type AssetHealthKind = 'running' | 'failed' | 'never_materialized' | 'stale' | 'materialized';

/**
 * Why an asset is stale:
 * - `code_version`: the definition's code version differs from the one recorded with the
 *   asset's newest materialization (`recorded` absent: that materialization recorded none, e.g.
 *   made before the asset declared one). A definition without a code version is never stale
 *   for its code: nothing says the code changed.
 * - `upstream`: an upstream asset was materialized (at `materializedAt`) after this asset's
 *   newest materialization.
 */
export type StaleReason =
  | { kind: 'code_version'; recorded?: string; current: string }
  | { kind: 'upstream'; upstream: string; materializedAt: string };

export interface AssetHealth {
  kind: AssetHealthKind;
  /** Stale: why, code version first, then each newer upstream in the graph's order. */
  staleReasons?: StaleReason[];
}

/**
 * The {@link AssetHealth} of an asset from its catalog status, its newest materialization, the
 * newest materialization of each of its upstream assets and the code version its definition
 * declares (pure: no catalog access). For a partitioned asset "newest" is across partitions:
 * staleness is the asset's, not each partition's.
 *
 * @example
 * ```ts
 * deriveHealth({ partitioned: false, state: 'materialized' }, last, new Map([['raw_sales', newerRecord]]), 'v2');
 * // { kind: 'stale', staleReasons: [{ kind: 'code_version', recorded: 'v1', current: 'v2' },
 * //   { kind: 'upstream', upstream: 'raw_sales', materializedAt: '2026-12-01T10:02:00.000Z' }] }
 * ```
 */
export function deriveHealth(
  status: AssetStatus,
  last: StoredMaterialization | undefined,
  upstreamLatest: ReadonlyMap<string, StoredMaterialization | undefined>,
  codeVersion?: string,
): AssetHealth {
  const counts = status.partitioned ? status.counts : undefined;
  if (counts ? counts.in_progress > 0 : !status.partitioned && status.state === 'in_progress') return { kind: 'running' };
  if (counts ? counts.failed > 0 : !status.partitioned && status.state === 'failed') return { kind: 'failed' };
  if (!last || (counts && counts.materialized === 0)) return { kind: 'never_materialized' };
  const reasons: StaleReason[] = [];
  if (codeVersion !== undefined && last.codeVersion !== codeVersion) {
    reasons.push({ kind: 'code_version', ...(last.codeVersion !== undefined ? { recorded: last.codeVersion } : {}), current: codeVersion });
  }
  const at = Date.parse(last.materializedAt);
  for (const [upstream, up] of upstreamLatest) {
    if (up !== undefined && Date.parse(up.materializedAt) > at) reasons.push({ kind: 'upstream', upstream, materializedAt: up.materializedAt });
  }
  return reasons.length ? { kind: 'stale', staleReasons: reasons } : { kind: 'materialized' };
}

/**
 * A stale reason in words, as `assetflow assets` and the asset UI print it:
 * `code version changed v1 → v2`, `code version changed (none) → v2`,
 * `upstream raw_sales materialized 2026-12-01 10:02 after this` (UTC).
 */
export function staleReasonText(reason: StaleReason): string {
  if (reason.kind === 'code_version') return `code version changed ${reason.recorded ?? '(none)'} → ${reason.current}`;
  const when = new Date(reason.materializedAt);
  const shown = Number.isNaN(when.getTime()) ? reason.materializedAt : `${when.toISOString().slice(0, 10)} ${when.toISOString().slice(11, 16)}`;
  return `upstream ${reason.upstream} materialized ${shown} after this`;
}

/** `stale: <reason>; <reason>` for a stale health, else undefined. */
export function staleText(health: AssetHealth): string | undefined {
  if (health.kind !== 'stale' || !health.staleReasons?.length) return undefined;
  return `stale: ${health.staleReasons.map(staleReasonText).join('; ')}`;
}

/**
 * The keys of the assets that are stale (health `stale`), in the graph's order: what the
 * selection function `stale()` selects. Reads the catalog (one query for the newest
 * materializations, then each asset's state).
 */
export async function staleAssetKeys(definitions: Definitions, now = new Date()): Promise<string[]> {
  return (await listAssets(definitions, now)).filter((a) => a.health.kind === 'stale').map((a) => a.key);
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
  /** The status in one word (stale included, with its reasons), shared by the UI and the CLI. */
  health: AssetHealth;
  /** The code version the definition declares. */
  codeVersion?: string;
}

/** Everything `assetflow assets show` prints. */
export interface AssetDetails extends AssetSummary {
  description?: string;
  ioManagerKey: string;
  upstream: readonly string[];
  downstream: readonly string[];
  /** Set on an out of a multi-asset: the multi-asset (its step) and the keys of all its outs. */
  computedBy?: { multiAsset: string; outs: string[] };
  /** Columns with their types, from the newest materialization's metadata (DataFrame outputs). */
  columns: { name: string; type: string }[];
  /** The first rows of the newest materialization's output, from its metadata. */
  preview: Record<string, unknown>[];
  /** The newest materializations, newest first. */
  materializations: StoredMaterialization[];
  /** The newest failed attempts, newest first. */
  failures: StoredFailure[];
  /** The asset's checks, each with its newest result (of any partition) when it ran. */
  checks: AssetCheckState[];
}

/** One check of an asset and its newest result in the catalog. */
export interface AssetCheckState {
  name: string;
  blocking: boolean;
  description?: string;
  /** None when the check never ran. */
  latest?: StoredCheckResult;
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
  const [materializations, failures, upstreamLatest, checkResults] = await Promise.all([
    definitions.catalog.materializations(key, { limit: options.limit ?? 10 }),
    definitions.catalog.failures(key, { limit: options.failures ?? 5 }),
    definitions.catalog.latestMaterializations(upstream),
    definitions.catalog.latestCheckResults(key),
  ]);
  const last = materializations.items[0];
  const summary = await summarize(definitions, key, last, upstreamLatest, options.now ?? new Date());
  return {
    ...summary,
    ...(asset.description ? { description: asset.description } : {}),
    ioManagerKey: asset.ioManagerKey,
    upstream,
    downstream: definitions.downstreamOf(key),
    ...(asset.multi ? { computedBy: { multiAsset: asset.multi.name, outs: Object.values(definitions.getMultiAsset(asset.multi.name).outs).map((o) => o.key) } } : {}),
    columns: columnsOf(last?.metadata),
    preview: previewOf(last?.metadata),
    materializations: materializations.items,
    failures: failures.items,
    checks: (definitions.checks.get(key) ?? []).map((c) => {
      const latest = checkResults.find((r) => r.checkName === c.name);
      return { name: c.name, blocking: c.blocking, ...(c.description !== undefined ? { description: c.description } : {}), ...(latest ? { latest } : {}) };
    }),
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
  const health = deriveHealth(status, last, upstreamLatest, asset.codeVersion);
  return {
    key,
    group: asset.group,
    ...(partitions ? { partitions: partitions.description } : {}),
    ...(last ? { last } : {}),
    status,
    health,
    ...(asset.codeVersion !== undefined ? { codeVersion: asset.codeVersion } : {}),
  };
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

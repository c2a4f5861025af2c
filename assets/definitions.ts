import { fileCatalog, type MaterializationCatalog } from './catalog';
import { upstreamKeys, isAsset, type AnyAsset, type AssetIns } from './asset';
import { DefinitionError, didYouMean, PartitionError } from './errors';
import { buildGraph, findCycle, topologicalOrder } from './graph';
import type { IOManager } from './io/io-manager';
import { jsonIOManager } from './io/json-io-manager';
import { parquetIOManager } from './io/parquet-io-manager';
import { defaultIOManager } from './io/type-based-io-manager';
import type { PartitionsDefinition } from './partitions';
import { PLAN_VERSION, type PlanStep, type RunPlan, type RunTrigger } from './plan';
import { resolveRetry } from './retry';
import { validateRunConfig } from './run-config';
import { resolveSelection, type SelectableGraph } from './selection';

export interface DefinitionsSpec {
  assets?: readonly AnyAsset[];
  /** IO managers by key. Built in: `io_manager` (by type), `parquet`, `json`; yours may replace them. */
  ioManagers?: Record<string, IOManager>;
  /** Resources handed to computes as `context.resources`. */
  resources?: Record<string, unknown>;
  /** Root directory of the built-in IO managers. Default ASSETFLOW_STORAGE or `.assetflow/storage`. */
  storageRoot?: string;
  /** Where materializations are recorded. Default: a file catalog under the storage root. */
  catalog?: MaterializationCatalog;
}

export interface PlanOptions {
  /** Selection (see resolveSelection). Default `*`. */
  selection?: string | readonly string[];
  /** Run config, `{ ops: { <key>: { config } } }`. */
  runConfig?: unknown;
  /** Steps running at once. Default 4. */
  maxParallel?: number;
  /** The partition every partitioned asset of the selection materializes (required when there is one). */
  partitionKey?: string;
  /** "Now" for checking that a time partition exists. Default: the current time. */
  now?: Date;
  trigger?: RunTrigger;
  tags?: Record<string, string>;
  /** Names the run (workflow id, search attribute). Default: the selection as written. */
  runName?: string;
}

export const DEFAULT_MAX_PARALLEL = 4;

/**
 * Everything a code location defines. Validates when built: duplicate keys, unknown
 * dependencies, dependency cycles and unknown IO manager keys are errors naming the assets.
 *
 * @example
 * ```ts
 * export default new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers] });
 * ```
 */
export class Definitions {
  readonly assets: ReadonlyMap<string, AnyAsset>;
  readonly ioManagers: Readonly<Record<string, IOManager>>;
  readonly resources: Readonly<Record<string, unknown>>;
  readonly catalog: MaterializationCatalog;
  private readonly graph: SelectableGraph;

  constructor(spec: DefinitionsSpec) {
    const problems: string[] = [];
    const assets = new Map<string, AnyAsset>();
    for (const [i, a] of (spec.assets ?? []).entries()) {
      if (!isAsset(a)) {
        problems.push(`assets[${i}] is not an asset built by asset()`);
        continue;
      }
      if (assets.has(a.key)) problems.push(`asset key '${a.key}' is defined twice: each asset needs its own key`);
      else assets.set(a.key, a);
    }
    this.assets = assets;
    const root = spec.storageRoot;
    this.ioManagers = {
      io_manager: defaultIOManager({ root }),
      parquet: parquetIOManager({ root }),
      json: jsonIOManager({ root }),
      ...(spec.ioManagers ?? {}),
    };
    this.resources = { ...(spec.resources ?? {}) };
    this.catalog = spec.catalog ?? fileCatalog(root);

    const upstream = new Map<string, string[]>();
    for (const a of assets.values()) {
      const ups = upstreamKeys(a);
      for (const up of ups) {
        if (!assets.has(up)) {
          problems.push(`asset '${a.key}' depends on '${up}', which is not in these Definitions: add it to assets.${didYouMean(up, assets.keys())}`);
        }
      }
      for (const upAsset of Object.values(a.ins as AssetIns)) {
        const registered = assets.get(upAsset.key);
        if (registered && registered !== upAsset) {
          problems.push(`asset '${a.key}' reads an asset '${upAsset.key}' that is not the one registered under that key (two definitions share the key)`);
        }
      }
      for (const up of ups) {
        const upPartitions = assets.get(up)?.partitions;
        if (a.partitions && upPartitions && upPartitions.id !== a.partitions.id) {
          problems.push(
            `asset '${a.key}' is partitioned ${a.partitions.description} but its upstream '${up}' is partitioned ${upPartitions.description}: ` +
              'a partitioned asset reads upstreams partitioned the same way (partition to partition) or unpartitioned ones',
          );
        }
      }
      if (!(a.ioManagerKey in this.ioManagers)) {
        problems.push(`asset '${a.key}' uses IO manager '${a.ioManagerKey}', which is not defined.${didYouMean(a.ioManagerKey, Object.keys(this.ioManagers))} Known: ${Object.keys(this.ioManagers).join(', ')}`);
      }
      upstream.set(a.key, ups.filter((u) => assets.has(u)));
    }
    const graph = buildGraph(upstream);
    const cycle = findCycle(graph);
    if (cycle) problems.push(`dependency cycle: ${cycle.join(' → ')}`);
    if (problems.length) throw new DefinitionError(problems);
    this.graph = { ...graph, groupOf: new Map([...assets.values()].map((a) => [a.key, a.group])) };
  }

  /** Keys selected by `selection`, upstream first. Throws SelectionError for unknown names. */
  select(selection: string | readonly string[] = '*'): string[] {
    return topologicalOrder(this.graph, resolveSelection(this.graph, selection));
  }

  /** The asset under `key`, or an error naming close matches. */
  getAsset(key: string): AnyAsset {
    const found = this.assets.get(key);
    if (!found) throw new DefinitionError([`there is no asset '${key}'.${didYouMean(key, this.assets.keys())}`]);
    return found;
  }

  /** Direct upstream keys of `key` (data inputs and deps). */
  upstreamOf(key: string): readonly string[] {
    return this.graph.upstream.get(key) ?? [];
  }

  /**
   * The partitions shared by the partitioned assets of a selection (undefined when none is
   * partitioned); a selection mixing different partitionings is refused, naming them.
   */
  partitionsOf(selection: string | readonly string[] = '*'): PartitionsDefinition | undefined {
    const partitioned = this.select(selection).filter((k) => this.getAsset(k).partitions);
    if (partitioned.length === 0) return undefined;
    const first = this.getAsset(partitioned[0]).partitions!;
    const other = partitioned.find((k) => this.getAsset(k).partitions!.id !== first.id);
    if (other) {
      throw new PartitionError(
        `selection ${JSON.stringify(selection)} mixes partitionings: '${partitioned[0]}' is ${first.description}, '${other}' is ${this.getAsset(other).partitions!.description}; select assets partitioned the same way`,
      );
    }
    return first;
  }

  /**
   * A serializable plan for a run: validates the selection and the run config (throwing
   * SelectionError / RunConfigError with paths) so that bad input fails before anything runs.
   */
  plan(options: PlanOptions = {}): RunPlan {
    const selection = options.selection ?? '*';
    const keys = this.select(selection);
    const configs = validateRunConfig(options.runConfig, keys.map((k) => this.getAsset(k)), this.assets.keys());
    this.checkPartitionKey(selection, keys, options.partitionKey, options.now ?? new Date());
    const inPlan = new Set(keys);
    const maxParallel = options.maxParallel ?? DEFAULT_MAX_PARALLEL;
    if (!Number.isInteger(maxParallel) || maxParallel < 1) throw new RangeError(`maxParallel must be a whole number >= 1 (got ${maxParallel})`);
    const steps: PlanStep[] = keys.map((key) => {
      const a = this.getAsset(key);
      return {
        key,
        kind: 'asset',
        upstream: upstreamKeys(a).filter((u) => inPlan.has(u)),
        inputs: Object.entries(a.ins as AssetIns).map(([name, up]) => ({ name, from: up.key, ioManagerKey: up.ioManagerKey, fromAsset: true })),
        ioManagerKey: a.ioManagerKey,
        ...(configs.has(key) ? { config: configs.get(key) } : {}),
        retry: resolveRetry(a.retry),
        group: a.group,
        heartbeatTimeoutMs: a.heartbeatTimeoutSeconds * 1000,
        startToCloseTimeoutMs: a.timeoutSeconds * 1000,
      };
    });
    return {
      planVersion: PLAN_VERSION,
      runName: options.runName ?? (typeof selection === 'string' ? selection : selection.join(',')),
      steps,
      maxParallel,
      ...(options.partitionKey !== undefined ? { partitionKey: options.partitionKey } : {}),
      trigger: options.trigger ?? 'manual',
      tags: { ...(options.tags ?? {}) },
    };
  }

  /** A partition key only with partitioned assets, always with them, and one that exists. */
  private checkPartitionKey(selection: string | readonly string[], keys: readonly string[], partitionKey: string | undefined, now: Date): void {
    const partitioned = keys.filter((k) => this.getAsset(k).partitions);
    const shown = JSON.stringify(selection);
    if (partitionKey !== undefined && partitioned.length === 0) {
      throw new PartitionError(`partition key '${partitionKey}' given, but no asset of selection ${shown} is partitioned (${keys.join(', ')}): drop the partition key`);
    }
    if (partitionKey === undefined && partitioned.length > 0) {
      const partitions = this.getAsset(partitioned[0]).partitions!;
      const last = partitions.lastKey(now);
      throw new PartitionError(
        `asset '${partitioned[0]}' of selection ${shown} is partitioned ${partitions.description}: pass a partition key${last ? ` (the newest is '${last}')` : ''}, or start a backfill`,
      );
    }
    if (partitionKey === undefined) return;
    const checked = new Set<string>();
    for (const key of partitioned) {
      const partitions = this.getAsset(key).partitions!;
      if (checked.has(partitions.id)) continue;
      checked.add(partitions.id);
      try {
        partitions.validateKey(partitionKey, now);
      } catch (err) {
        throw new PartitionError(`asset '${key}': ${(err as Error).message}`);
      }
    }
  }
}

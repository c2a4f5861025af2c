import path from 'node:path';
import type { AnyAsset } from '../assets/asset';
import type { AssetCheckDefinition } from '../assets/asset-check';
import type { AssetJobDefinition } from '../assets/asset-job';
import type { JobDefinition } from '../assets/job';
import type { AnyMultiAsset } from '../assets/multi-asset';
import type { AnyOp } from '../assets/op';
import type { PartitionsDefinition } from '../assets/partitions';
import type { ScheduleDefinition } from '../assets/schedule';
import type { SensorDefinition } from '../assets/sensor';
import type { RunPlan } from '../contract/run';
import { DefinitionError, didYouMean, PartitionError } from '../errors/errors';
import { ResourceSet } from '../execution/resource-set';
import { builtInIOManagers, type BuiltInIOManagerKey } from '../storage/built-in-io-managers';
import { catalogFromUrl, catalogUrlFromEnv } from '../storage/catalog/open-catalog';
import { reopeningCatalog } from '../storage/catalog/reopening-catalog';
import type { CatalogStore } from '../storage/catalog/store';
import { defaultStorageRoot } from '../storage/storage-path';
import type { IOManager } from '../storage/io-manager';
import { callerFile, resolveCodeLocation, type CodeLocation } from './code-location';
import type { DefinitionsSpec } from './definitions-spec';
import { topologicalOrder } from './graph';
import { planRun, type PlanOptions } from './plan-run';
import { resolveSelection, type SelectableGraph, type SelectionFunctionKeys } from './selection';
import { validateDefinitions } from './validate-definitions';

export type { DefinitionsSpec } from './definitions-spec';
export type { PlanOptions } from './plan-run';

/**
 * Everything a code location defines. Validates when built (see validateDefinitions): every
 * problem (duplicate keys, unknown dependencies, cycles, unknown IO manager or resource keys,
 * jobs, schedules and sensors with unknown targets) is reported in one DefinitionError naming
 * the definitions involved.
 *
 * @example
 * ```ts
 * export default new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers] });
 * ```
 */
export class Definitions {
  /** Assets by key; each out of a multi-asset is an asset here. */
  readonly assets: ReadonlyMap<string, AnyAsset>;
  /** Multi-assets by name (their step's key). */
  readonly multiAssets: ReadonlyMap<string, AnyMultiAsset>;
  /** Asset checks by asset key: those declared with the asset, then those given as `checks`. */
  readonly checks: ReadonlyMap<string, readonly AssetCheckDefinition[]>;
  readonly ioManagers: Readonly<Record<string, IOManager>>;
  private readonly builtInIOManagers: Readonly<Record<BuiltInIOManagerKey, IOManager>>;
  /** Ops of the op jobs, by name. */
  readonly ops: ReadonlyMap<string, AnyOp>;
  readonly jobs: ReadonlyMap<string, JobDefinition | AssetJobDefinition>;
  /** Resource bindings; built on first use in this process. */
  readonly resources: ResourceSet;
  /**
   * The asset catalog (see {@link DefinitionsSpec.catalog}). One made from a URL (the default)
   * opens on first use, closes on {@link dispose} and opens again when used after.
   */
  readonly catalog: CatalogStore;
  /** The built-in IO managers' root (absolute); the default catalog file and an old `.catalog/` folder live there. */
  readonly storageRoot: string;
  private readonly ownsCatalog: boolean;
  readonly schedules: ReadonlyMap<string, ScheduleDefinition>;
  readonly sensors: ReadonlyMap<string, SensorDefinition>;
  /**
   * The module that built these Definitions (the file that called `new Definitions(...)`): the
   * code location the default task queue is named after.
   */
  readonly modulePath: string | undefined;
  private readonly graph: SelectableGraph;
  private readonly explicitTaskQueue: string | undefined;

  constructor(spec: DefinitionsSpec) {
    this.modulePath = callerFile([__filename]);
    this.explicitTaskQueue = spec.taskQueue;
    const registry = validateDefinitions(spec);
    this.assets = registry.assets;
    this.multiAssets = registry.multiAssets;
    this.checks = registry.checks;
    this.ops = registry.ops;
    this.jobs = registry.jobs;
    this.schedules = registry.schedules;
    this.sensors = registry.sensors;
    this.graph = registry.graph;
    this.builtInIOManagers = builtInIOManagers(spec.storageRoot);
    this.ioManagers = { ...this.builtInIOManagers, ...(spec.ioManagers ?? {}) };
    this.resources = new ResourceSet({ ...(spec.resources ?? {}) });
    this.storageRoot = spec.storageRoot === undefined ? defaultStorageRoot() : path.resolve(spec.storageRoot);
    this.ownsCatalog = spec.catalog === undefined || typeof spec.catalog === 'string';
    if (this.ownsCatalog) {
      const url = typeof spec.catalog === 'string' ? spec.catalog : catalogUrlFromEnv(this.storageRoot);
      this.catalog = reopeningCatalog(() => catalogFromUrl(url));
    } else this.catalog = catalogStore(spec.catalog);
  }

  /**
   * This code location's task queue: what its worker polls and every run, schedule, sensor and
   * backfill of it is started on. `ASSETFLOW_TASK_QUEUE` when set, else `taskQueue` of the spec,
   * else derived from the package.json `name` above {@link modulePath} (`assetflow-<name>`);
   * see {@link resolveCodeLocation}.
   *
   * @example
   * ```ts
   * definitions.taskQueue; // 'assetflow-acme-sales' for a module in the package '@acme/sales'
   * ```
   */
  get taskQueue(): string {
    return this.codeLocation().taskQueue;
  }

  /** The task queue and where its name comes from (printed by `assetflow dev`, `worker` and run commands). */
  codeLocation(): CodeLocation {
    return resolveCodeLocation({ modulePath: this.modulePath, taskQueue: this.explicitTaskQueue });
  }

  /** Names of the asset sensors watching `assetKey`. */
  sensorsWatching(assetKey: string): string[] {
    return [...this.sensors.values()].filter((s) => s.assetKeys.includes(assetKey)).map((s) => s.name);
  }

  /** Names of the jobs (op jobs and asset jobs) in these Definitions. */
  jobNames(): string[] {
    return [...this.jobs.keys()];
  }

  /**
   * Keys selected by `selection`, upstream first. Throws SelectionError for unknown names.
   * Selection functions (`stale()`) need their keys in `functions` (they read the catalog:
   * `resolveCatalogSelection` computes them).
   */
  select(selection: string | readonly string[] = '*', functions?: SelectionFunctionKeys): string[] {
    return topologicalOrder(this.graph, resolveSelection(this.graph, selection, functions));
  }

  /** The asset under `key`, or an error naming close matches. */
  getAsset(key: string): AnyAsset {
    const found = this.assets.get(key);
    if (!found) throw new DefinitionError([`there is no asset '${key}'.${didYouMean(key, this.assets.keys())}`]);
    return found;
  }

  /** The multi-asset named `name` (its step's key), or an error naming close matches. */
  getMultiAsset(name: string): AnyMultiAsset {
    const found = this.multiAssets.get(name);
    if (!found) throw new DefinitionError([`there is no multi-asset '${name}'.${didYouMean(name, this.multiAssets.keys())}`]);
    return found;
  }

  /** The check `name` of asset `assetKey`, or an error naming the asset's checks. */
  getCheck(assetKey: string, name: string): AssetCheckDefinition {
    const checks = this.checks.get(this.getAsset(assetKey).key) ?? [];
    const found = checks.find((c) => c.name === name);
    if (!found) {
      throw new DefinitionError([`asset '${assetKey}' has no check '${name}'.${didYouMean(name, checks.map((c) => c.name))}${checks.length ? '' : ' It has no checks.'}`]);
    }
    return found;
  }

  /** The op named `name`, or an error naming close matches. */
  getOp(name: string): AnyOp {
    const found = this.ops.get(name);
    if (!found) throw new DefinitionError([`there is no op '${name}' in these Definitions' jobs.${didYouMean(name, this.ops.keys())}`]);
    return found;
  }

  /** The job named `name`, or an error naming close matches. */
  getJob(name: string): JobDefinition | AssetJobDefinition {
    const found = this.jobs.get(name);
    if (!found) {
      const known = [...this.jobs.keys()];
      throw new DefinitionError([`there is no job '${name}'.${didYouMean(name, known)}${known.length ? ` Jobs: ${known.join(', ')}` : ' These Definitions have no jobs.'}`]);
    }
    return found;
  }

  /** Builds the resources `owner` declares (in the worker, when a step runs). */
  resolveResources(declared: object, owner: string): Promise<Record<string, unknown>> {
    return this.resources.resolve(Object.keys(declared), owner);
  }

  /** Whether `key` is the built-in IO manager `builtIn` (not replaced by one of yours). */
  hasBuiltInIOManager(key: string, builtIn: BuiltInIOManagerKey): boolean {
    return key === builtIn && this.ioManagers[key] === this.builtInIOManagers[builtIn];
  }

  /**
   * Tears down built resources (closes database pools) and closes the catalog made from a URL
   * (a store passed in is the caller's to close). Both open again when used after.
   */
  async dispose(): Promise<void> {
    try {
      await this.resources.dispose();
    } finally {
      if (this.ownsCatalog) await this.catalog.close();
    }
  }

  /** Direct downstream keys of `key` (the assets that read it or depend on it). */
  downstreamOf(key: string): readonly string[] {
    return this.graph.downstream.get(key) ?? [];
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
   * A serializable plan for a run (see planRun): validates the selection and the run config
   * (throwing SelectionError / RunConfigError with paths) so that bad input fails before anything runs.
   */
  plan(options: PlanOptions = {}): RunPlan {
    return planRun(this, options);
  }
}

/** A `catalog` given as a store, checked: the old file catalog (or anything else) is refused, saying what to pass. */
function catalogStore(given: unknown): CatalogStore {
  const store = given as Partial<CatalogStore> | null;
  if (typeof store === 'object' && store !== null && typeof store.recordMaterialization === 'function' && typeof store.ready === 'function') return store as CatalogStore;
  throw new DefinitionError([
    `catalog must be a catalog URL ('sqlite:<path>' or 'postgres://user:password@host:5432/database') or a catalog store (sqliteCatalog(file), postgresCatalog({ connectionString })), got ${given === null ? 'null' : typeof given}`,
  ]);
}

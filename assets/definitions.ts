import { fileCatalog, type MaterializationCatalog } from './catalog';
import { upstreamKeys, isAsset, type AnyAsset, type AssetIns } from './asset';
import { DefinitionError, didYouMean } from './errors';
import { buildGraph, findCycle, topologicalOrder } from './graph';
import type { IOManager } from './io/io-manager';
import { jsonIOManager } from './io/json-io-manager';
import { parquetIOManager } from './io/parquet-io-manager';
import { defaultIOManager } from './io/type-based-io-manager';
import { PLAN_VERSION, type PlanStep, type RunPlan, type RunTrigger } from './plan';
import { resolveRetry } from './retry';
import { validateRunConfig } from './run-config';
import { resolveSelection, type SelectableGraph } from './selection';
import { validateSensors, type SensorDefinition } from './sensor';

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
  /** Sensors, built by `sensor()` / `assetSensor()`; each runs as a workflow once deployed. */
  sensors?: readonly SensorDefinition[];
}

export interface PlanOptions {
  /** Selection (see resolveSelection). Default `*`. */
  selection?: string | readonly string[];
  /** Run config, `{ ops: { <key>: { config } } }`. */
  runConfig?: unknown;
  /** Steps running at once. Default 4. */
  maxParallel?: number;
  partitionKey?: string;
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
  readonly sensors: ReadonlyMap<string, SensorDefinition>;
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
    const sensors = validateSensors(spec.sensors ?? [], { select: (s) => this.select(s), hasAsset: (k) => assets.has(k), hasJob: () => false });
    if (sensors.problems.length) throw new DefinitionError(sensors.problems);
    this.sensors = sensors.sensors;
  }

  /** Names of the asset sensors watching `assetKey`. */
  sensorsWatching(assetKey: string): string[] {
    return [...this.sensors.values()].filter((s) => s.assetKeys.includes(assetKey)).map((s) => s.name);
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
   * A serializable plan for a run: validates the selection and the run config (throwing
   * SelectionError / RunConfigError with paths) so that bad input fails before anything runs.
   */
  plan(options: PlanOptions = {}): RunPlan {
    const selection = options.selection ?? '*';
    const keys = this.select(selection);
    const configs = validateRunConfig(options.runConfig, keys.map((k) => this.getAsset(k)), this.assets.keys());
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
}

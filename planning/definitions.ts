import type { MaterializationCatalog } from '../storage/catalog/catalog';
import { fileCatalog } from '../storage/catalog/file-catalog';
import { upstreamKeys, isAsset, type AnyAsset, type AssetIns } from '../assets/asset';
import { isAssetJob, type AssetJobDefinition } from '../assets/asset-job';
import { collectJobs } from './job-registry';
import { DefinitionError, didYouMean, PartitionError, SelectionError } from '../errors/errors';
import { buildGraph, findCycle, topologicalOrder } from './graph';
import type { IOManager } from '../storage/io-manager';
import { jsonIOManager } from '../storage/json-io-manager';
import { parquetIOManager } from '../storage/parquet-io-manager';
import { defaultIOManager } from '../storage/type-based-io-manager';
import type { JobDefinition } from '../assets/job';
import type { AnyOp } from '../assets/op';
import type { PartitionsDefinition } from '../assets/partitions';
import { PLAN_VERSION, type PlanStep, type RunPlan, type RunTrigger } from '../contract/run';
import { ResourceSet } from '../assets/resources';
import { resolveRetry } from '../assets/retry';
import { mergeRunConfig, validateRunConfig } from './run-config';
import { isSchedule, type ScheduleDefinition } from '../assets/schedule';
import { resolveSelection, type SelectableGraph } from './selection';
import { validateSensors, type SensorDefinition } from '../assets/sensor';

export interface DefinitionsSpec {
  assets?: readonly AnyAsset[];
  /** IO managers by key. Built in: `io_manager` (by type), `parquet`, `json`; yours may replace them. */
  ioManagers?: Record<string, IOManager>;
  /** Op jobs (`job()`) and asset jobs (`defineAssetJob()`). */
  jobs?: readonly (JobDefinition | AssetJobDefinition)[];
  /**
   * Resources by key: `defineResource(...)` / `postgresResource(...)` values are built lazily in the
   * worker (their options never reach a plan); any other value is used as is. Computes receive
   * the ones they declare as `context.resources`.
   */
  resources?: Record<string, unknown>;
  /** Root directory of the built-in IO managers. Default ASSETFLOW_STORAGE or `.assetflow/storage`. */
  storageRoot?: string;
  /** Where materializations are recorded. Default: a file catalog under the storage root. */
  catalog?: MaterializationCatalog;
  /** Schedules built by `schedule()`; `assetflow deploy` keeps Temporal's schedules in step with them. */
  schedules?: readonly ScheduleDefinition[];
  /** Sensors, built by `sensor()` / `assetSensor()`; each runs as a workflow once deployed. */
  sensors?: readonly SensorDefinition[];
}

export interface PlanOptions {
  /** Selection (see resolveSelection). Default `*`. Not with `job`. */
  selection?: string | readonly string[];
  /** Run this job (an op job or an asset job) instead of a selection. */
  job?: string;
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
  private readonly builtInIOManagers: Readonly<Record<string, IOManager>>;
  /** Ops of the op jobs, by name. */
  readonly ops: ReadonlyMap<string, AnyOp>;
  readonly jobs: ReadonlyMap<string, JobDefinition | AssetJobDefinition>;
  /** Resource bindings; built on first use in this process. */
  readonly resources: ResourceSet;
  readonly catalog: MaterializationCatalog;
  readonly schedules: ReadonlyMap<string, ScheduleDefinition>;
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
    this.builtInIOManagers = { io_manager: defaultIOManager({ root }), parquet: parquetIOManager({ root }), json: jsonIOManager({ root }) };
    this.ioManagers = { ...this.builtInIOManagers, ...(spec.ioManagers ?? {}) };
    this.resources = new ResourceSet({ ...(spec.resources ?? {}) });
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
    this.graph = { ...graph, groupOf: new Map([...assets.values()].map((a) => [a.key, a.group])) };
    const { jobs, ops } = collectJobs(spec.jobs ?? [], this.graph, problems);
    this.jobs = jobs;
    this.ops = ops;
    for (const a of assets.values()) this.checkResources(`asset '${a.key}'`, a.resources, problems);
    for (const o of ops.values()) {
      this.checkResources(`op '${o.name}'`, o.resources, problems);
      if (!(o.ioManagerKey in this.ioManagers)) {
        problems.push(`op '${o.name}' uses IO manager '${o.ioManagerKey}', which is not defined.${didYouMean(o.ioManagerKey, Object.keys(this.ioManagers))} Known: ${Object.keys(this.ioManagers).join(', ')}`);
      }
    }
    if (problems.length) throw new DefinitionError(problems);
    this.schedules = this.validateSchedules(spec.schedules ?? []);
    const sensors = validateSensors(spec.sensors ?? [], { select: (s) => this.select(s), hasAsset: (k) => assets.has(k), hasJob: (name) => this.jobs.has(name) });
    if (sensors.problems.length) throw new DefinitionError(sensors.problems);
    this.sensors = sensors.sensors;
  }

  /** Names of the asset sensors watching `assetKey`. */
  sensorsWatching(assetKey: string): string[] {
    return [...this.sensors.values()].filter((s) => s.assetKeys.includes(assetKey)).map((s) => s.name);
  }

  private checkResources(owner: string, declared: object, problems: string[]): void {
    const bound = this.resources.keys();
    for (const key of Object.keys(declared)) {
      if (!bound.includes(key)) {
        problems.push(`${owner} uses resource '${key}', which is not in Definitions({ resources }).${didYouMean(key, bound)}${bound.length ? ` Known: ${bound.join(', ')}` : ''}`);
      }
    }
  }

  /** Names of the jobs (op jobs and asset jobs) in these Definitions. */
  jobNames(): string[] {
    return [...this.jobs.keys()];
  }

  /** Schedules by name; a target that names unknown assets or jobs is a DefinitionError naming the schedule. */
  private validateSchedules(list: readonly ScheduleDefinition[]): Map<string, ScheduleDefinition> {
    const problems: string[] = [];
    const schedules = new Map<string, ScheduleDefinition>();
    for (const [i, s] of list.entries()) {
      if (!isSchedule(s)) {
        problems.push(`schedules[${i}] is not a schedule built by schedule()`);
        continue;
      }
      if (schedules.has(s.name)) problems.push(`schedule name '${s.name}' is used twice: each schedule needs its own name`);
      schedules.set(s.name, s);
      if (s.job !== undefined && !this.jobNames().includes(s.job)) {
        problems.push(`schedule '${s.name}' runs job '${s.job}', which is not in these Definitions.${didYouMean(s.job, this.jobNames())}`);
      }
      if (s.selection !== undefined) {
        try {
          this.select(s.selection);
        } catch (err) {
          problems.push(`schedule '${s.name}' selects assets that are not in these Definitions: ${(err as Error).message}`);
        }
      }
    }
    if (problems.length) throw new DefinitionError(problems);
    return schedules;
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
  hasBuiltInIOManager(key: string, builtIn: 'io_manager' | 'parquet' | 'json'): boolean {
    return key === builtIn && this.ioManagers[key] === this.builtInIOManagers[builtIn];
  }

  /** Tears down built resources (closes database pools). */
  dispose(): Promise<void> {
    return this.resources.dispose();
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
    const maxParallel = options.maxParallel ?? DEFAULT_MAX_PARALLEL;
    if (!Number.isInteger(maxParallel) || maxParallel < 1) throw new RangeError(`maxParallel must be a whole number >= 1 (got ${maxParallel})`);
    if (options.job === undefined) return this.assetPlan(options, options.selection ?? '*', options.runConfig, maxParallel);
    if (options.selection !== undefined) throw new SelectionError(`Give either a job ('${options.job}') or a selection, not both.`);
    const found = this.getJob(options.job);
    const runConfig = mergeRunConfig(found.config, options.runConfig);
    const plan = isAssetJob(found) ? this.assetPlan(options, found.selection, runConfig, maxParallel) : this.opPlan(options, found, runConfig, maxParallel);
    return { ...plan, runName: options.runName ?? found.name, job: found.name, tags: { ...found.tags, ...plan.tags } };
  }

  private opPlan(options: PlanOptions, found: JobDefinition, runConfig: unknown, maxParallel: number): RunPlan {
    const configs = validateRunConfig(
      runConfig,
      found.nodes.map((n) => ({ key: n.name, config: n.op.config })),
      [...this.ops.keys(), ...this.assets.keys()],
    );
    const steps: PlanStep[] = found.nodes.map((node) => ({
      key: node.name,
      kind: 'op',
      upstream: [...new Set(Object.values(node.inputs))],
      inputs: Object.entries(node.inputs).map(([name, from]) => ({ name, from, ioManagerKey: this.getOp(from).ioManagerKey, fromAsset: false })),
      ioManagerKey: node.op.ioManagerKey,
      ...(configs.has(node.name) ? { config: configs.get(node.name) } : {}),
      retry: resolveRetry(node.op.retry),
      heartbeatTimeoutMs: node.op.heartbeatTimeoutSeconds * 1000,
      startToCloseTimeoutMs: node.op.timeoutSeconds * 1000,
    }));
    return this.runPlan(options, found.name, steps, maxParallel);
  }

  private runPlan(options: PlanOptions, runName: string, steps: PlanStep[], maxParallel: number): RunPlan {
    return {
      planVersion: PLAN_VERSION,
      runName: options.runName ?? runName,
      steps,
      maxParallel,
      ...(options.partitionKey !== undefined ? { partitionKey: options.partitionKey } : {}),
      trigger: options.trigger ?? 'manual',
      tags: { ...(options.tags ?? {}) },
    };
  }

  private assetPlan(options: PlanOptions, selection: string | readonly string[], runConfig: unknown, maxParallel: number): RunPlan {
    const keys = this.select(selection);
    const configs = validateRunConfig(runConfig, keys.map((k) => this.getAsset(k)), [...this.assets.keys(), ...this.ops.keys()]);
    this.checkPartitionKey(selection, keys, options.partitionKey, options.now ?? new Date());
    const inPlan = new Set(keys);
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
    return this.runPlan(options, typeof selection === 'string' ? selection : selection.join(','), steps, maxParallel);
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

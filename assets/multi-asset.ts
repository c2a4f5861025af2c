import { asset, type AssetComputeArgs, type AssetDefinition, type AssetIns, type AnyAsset, type ConfigSchema } from './asset';
import { invalidKeyReason } from './asset-key';
import type { AssetContext } from './context';
import { DefinitionError } from '../errors/errors';
import type { PartitionsDefinition } from './partitions';
import type { ResourceParams, ResourcesOf } from './resources';
import type { RetryPolicy } from './retry';
import { DEFAULT_HEARTBEAT_TIMEOUT_SECONDS, DEFAULT_STEP_TIMEOUT_SECONDS, stepSpecProblems } from './step-spec';

/** One output of a multi-asset (Dagster's `AssetOut`): an asset of its own in the catalog and the graph. */
export interface AssetOutSpec {
  /** The asset key of this output. Default: the out's name. */
  key?: string;
  /** Which IO manager stores this output. Default `io_manager`. */
  ioManagerKey?: string;
  /** Group of this output's asset. Default: the multi-asset's group. */
  group?: string;
  description?: string;
  /** Code version of this output's asset. Default: the multi-asset's. */
  codeVersion?: string;
  tags?: Record<string, string>;
}

/** A multi-asset's outs, by name. */
export type AssetOuts = Record<string, AssetOutSpec>;

/** The context of a multi-asset's compute: an asset's, plus which outs this run materializes. */
export type MultiAssetContext<Config = unknown, Resources = Readonly<Record<string, unknown>>> = AssetContext<Config, Resources> & {
  /** Names of the outs to compute and return (all of them unless the multi-asset can subset and a subset was selected). */
  readonly selectedOutputs: readonly string[];
};

/** What a multi-asset's compute receives: its inputs, config, and a context naming the selected outs. */
export type MultiAssetComputeArgs<Ins extends AssetIns, Schema, R extends ResourceParams> = Omit<AssetComputeArgs<Ins, Schema, R>, 'context'> & {
  context: MultiAssetContext<AssetComputeArgs<Ins, Schema, R>['config'], ResourcesOf<R>>;
};

/** The key an out gets: its `key`, else its name. */
type OutKey<Name, Spec> = Spec extends { key: infer K extends string } ? K : Name & string;

/** The assets of a multi-asset's outs, typed by what the compute returns under each out's name. */
export type OutAssets<Outs extends AssetOuts, Result> = {
  readonly [K in keyof Outs]: AssetDefinition<OutKey<K, Outs[K]>, K extends keyof Result ? Result[K] : never>;
};

/** What `multiAsset()` takes. */
export interface MultiAssetSpec<Name extends string, Outs extends AssetOuts, Result, Ins extends AssetIns, Schema extends ConfigSchema | undefined, R extends ResourceParams> {
  /** The step's name: the activity, the step table row, and run config `ops.<name>.config`. Not an asset key. */
  name: Name;
  /** The assets this compute produces, by out name: `{ orders: {}, refunds: { ioManagerKey: 'warehouse_io' } }`. */
  outs: Outs;
  ins?: Ins;
  deps?: ReadonlyArray<AnyAsset | string>;
  /** Default group of the outs. Default `default`. */
  group?: string;
  description?: string;
  config?: Schema;
  retry?: RetryPolicy;
  resources?: R;
  partitions?: PartitionsDefinition;
  /** Default code version of the outs. */
  codeVersion?: string;
  heartbeatTimeoutSeconds?: number;
  timeoutSeconds?: number;
  /**
   * The compute can produce a subset of its outs (Dagster's `can_subset`): when only some outs are
   * selected, it runs with `context.selectedOutputs` naming them and returns only those. Without
   * it, selecting any out materializes all of them.
   */
  canSubset?: boolean;
  /** Returns one value per selected out, by out name: `{ orders: df1, refunds: df2 }`. */
  compute: (args: MultiAssetComputeArgs<Ins, Schema, R>) => Result | Promise<Result>;
}

/** A multi-asset: one compute (one step) producing several assets. */
export interface MultiAssetDefinition<
  Name extends string = string,
  Outs extends AssetOuts = AssetOuts,
  Result = unknown,
  Ins extends AssetIns = AssetIns,
  Schema extends ConfigSchema | undefined = ConfigSchema | undefined,
  R extends ResourceParams = ResourceParams,
> {
  readonly kind: 'multi-asset';
  readonly name: Name;
  /** Each out as an asset: pass `multi.outs.orders` to a downstream's `ins`. */
  readonly outs: OutAssets<Outs, Result>;
  readonly ins: Ins;
  readonly config?: Schema;
  readonly resources: R;
  readonly partitions?: PartitionsDefinition;
  readonly canSubset: boolean;
  readonly retry?: RetryPolicy;
  readonly heartbeatTimeoutSeconds: number;
  readonly timeoutSeconds: number;
  readonly compute: (args: MultiAssetComputeArgs<Ins, Schema, R>) => Result | Promise<Result>;
}

/** Any multi-asset. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMultiAsset = MultiAssetDefinition<string, AssetOuts, any, any, any, any>;

/**
 * Defines a multi-asset (Dagster's `@multi_asset`): one compute, run as one step, producing
 * several assets. Each out is an asset of its own: stored by its own IO manager, recorded
 * separately in the catalog, selectable, and typed for its downstream by what the compute
 * returns under its name.
 *
 * @example
 * ```ts
 * const splitSales = multiAsset({
 *   name: 'split_sales',
 *   outs: { orders: {}, refunds: { ioManagerKey: 'json_io' } },
 *   ins: { rawSales },
 *   compute: ({ rawSales }) => ({ orders: rawSales.filter(pl.col('amount').gt(0)), refunds: rawSales.filter(pl.col('amount').lt(0)).height }),
 * });
 * const refundAlert = asset({ key: 'refund_alert', ins: { refunds: splitSales.outs.refunds }, compute: ({ refunds }) => refunds > 10 }); // refunds: number
 * new Definitions({ assets: [rawSales, splitSales, refundAlert] });
 * ```
 */
export function multiAsset<
  const Name extends string,
  const Outs extends AssetOuts,
  Result extends { [K in keyof Outs]: unknown },
  Ins extends AssetIns = {},
  Schema extends ConfigSchema | undefined = undefined,
  R extends ResourceParams = {},
>(spec: MultiAssetSpec<Name, Outs, Result, Ins, Schema, R>): MultiAssetDefinition<Name, Outs, Result, Ins, Schema, R> {
  const owner = `multi-asset '${String(spec?.name)}'`;
  const problems: string[] = [];
  const nameProblem = invalidKeyReason(spec?.name);
  if (nameProblem) problems.push(`${owner}: ${nameProblem}`);
  problems.push(...stepSpecProblems(owner, spec));
  const outEntries = typeof spec?.outs === 'object' && spec.outs !== null ? Object.entries(spec.outs) : [];
  if (outEntries.length === 0) problems.push(`${owner}: outs must name at least one output: outs: { orders: {}, refunds: {} }`);
  if (spec?.canSubset !== undefined && typeof spec.canSubset !== 'boolean') problems.push(`${owner}: canSubset must be true or false`);
  const keyOwner = new Map<string, string>();
  const outs: Record<string, AnyAsset> = {};
  for (const [outName, out] of outEntries) {
    const key = out?.key ?? outName;
    const earlier = keyOwner.get(key);
    if (earlier !== undefined) {
      problems.push(`${owner}: outs '${earlier}' and '${outName}' both have the asset key '${key}': give each out its own key`);
      continue;
    }
    keyOwner.set(key, outName);
    if (key === spec.name) problems.push(`${owner}: out '${outName}' has the multi-asset's own name as its key; the step and its assets need different names`);
    try {
      outs[outName] = outAsset(spec, outName, out ?? {});
    } catch (err) {
      if (err instanceof DefinitionError) problems.push(...err.problems.map((p) => `${owner}: out '${outName}': ${p}`));
      else throw err;
    }
  }
  if (problems.length) throw new DefinitionError(problems);
  return Object.freeze({
    kind: 'multi-asset' as const,
    name: spec.name,
    outs: Object.freeze(outs) as unknown as OutAssets<Outs, Result>,
    ins: (spec.ins ?? {}) as Ins,
    config: spec.config,
    resources: { ...(spec.resources ?? {}) } as R,
    ...(spec.partitions ? { partitions: spec.partitions } : {}),
    canSubset: spec.canSubset ?? false,
    retry: spec.retry,
    heartbeatTimeoutSeconds: spec.heartbeatTimeoutSeconds ?? DEFAULT_HEARTBEAT_TIMEOUT_SECONDS,
    timeoutSeconds: spec.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS,
    compute: spec.compute,
  });
}

/** One out as an asset, linked back to its multi-asset; its own compute only says where it is computed. */
function outAsset(spec: Omit<MultiAssetSpec<string, AssetOuts, unknown, AssetIns, ConfigSchema | undefined, ResourceParams>, 'compute'>, outName: string, out: AssetOutSpec): AnyAsset {
  const built = asset({
    key: out.key ?? outName,
    ins: spec.ins,
    deps: spec.deps,
    group: out.group ?? spec.group,
    description: out.description ?? spec.description,
    retry: spec.retry,
    ioManagerKey: out.ioManagerKey,
    tags: out.tags,
    resources: spec.resources,
    partitions: spec.partitions,
    codeVersion: out.codeVersion ?? spec.codeVersion,
    heartbeatTimeoutSeconds: spec.heartbeatTimeoutSeconds,
    timeoutSeconds: spec.timeoutSeconds,
    compute: () => {
      throw new DefinitionError([`asset '${out.key ?? outName}' is out '${outName}' of multi-asset '${spec.name}': it is computed by that multi-asset's step`]);
    },
  });
  return Object.freeze({ ...built, multi: Object.freeze({ name: spec.name, out: outName }) });
}

export function isMultiAsset(value: unknown): value is AnyMultiAsset {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'multi-asset';
}

import type { DataFrame, LazyDataFrame } from 'nodejs-polars';
import type { z } from 'zod';
import { invalidKeyReason } from './asset-key';
import { assetChecksOf, type AssetCheckDefinition, type AssetCheckFields } from './asset-check';
import type { AssetContext } from './context';
import { DefinitionError } from '../errors/errors';
import type { ResourceParams, ResourcesOf } from './resources';
import { isPartitionsDefinition, type PartitionsDefinition } from './partitions';
import type { RetryPolicy } from './retry';
import { DEFAULT_HEARTBEAT_TIMEOUT_SECONDS, DEFAULT_STEP_TIMEOUT_SECONDS, stepSpecProblems } from './step-spec';

/** A zod schema for a step's config. */
export type ConfigSchema = z.ZodType;

/** The compute-side type of a config schema: `z.output` of it, or an empty object when there is none. */
export type ConfigOf<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** What a downstream step receives for an upstream output: Parquet loads LazyDataFrames back eagerly. */
export type Loaded<Out> = Awaited<Out> extends LazyDataFrame<infer S> ? DataFrame<S> : Awaited<Out>;

/** Any asset, whatever its output, inputs and config. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAsset = AssetDefinition<string, any, any, any, any>;

/** Upstream assets by input name. */
export type AssetIns = Record<string, AnyAsset>;

/** The output type of an asset, as a downstream compute receives it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OutputOf<A> = A extends { readonly kind: 'asset'; readonly compute: (args: any) => infer Out } ? Loaded<Out> : never;

/** Inputs (by name, typed from the upstream outputs) plus `config` and `context`. */
export type AssetComputeArgs<Ins extends AssetIns, Schema, R extends ResourceParams = {}> = { [K in keyof Ins]: OutputOf<Ins[K]> } & {
  config: ConfigOf<Schema>;
  context: AssetContext<ConfigOf<Schema>, ResourcesOf<R>>;
};

/** What `asset()` takes. */
export interface AssetSpec<Key extends string, Out, Ins extends AssetIns, Schema extends ConfigSchema | undefined, R extends ResourceParams = {}> {
  /** Unique key; `/` separates the parts of a key path (`sales/raw_orders`). */
  key: Key;
  /** Upstream assets whose outputs this asset reads, by input name. */
  ins?: Ins;
  /** Upstream assets that must be materialized first but whose outputs are not read (keys or assets). */
  deps?: ReadonlyArray<AnyAsset | string>;
  /** Group name, for selections like `group:sales`. Default `default`. */
  group?: string;
  description?: string;
  /** zod schema of the asset's run config (`ops.<key>.config`). */
  config?: Schema;
  /** Retry policy of the materialization activity. Default: 3 attempts, 1 s doubling backoff. */
  retry?: RetryPolicy;
  /** Which IO manager stores the output. Default `io_manager` (DataFrames → Parquet, values → JSON). */
  ioManagerKey?: string;
  /** Free-form labels (`{ owner: 'sales-team' }`). */
  tags?: Record<string, string>;
  /**
   * A step whose worker sends no heartbeat for this long (the worker died) is retried elsewhere.
   * Default 10. Heartbeats come from the worker's own thread, never blocked by the compute (which runs in a step thread).
   */
  heartbeatTimeoutSeconds?: number;
  /**
   * The step's own timeout: an attempt still running after this long is stopped (its signal
   * aborts, then its thread is terminated) and fails with StepTimeoutError. Default 900 (15 min).
   */
  timeoutSeconds?: number;
  /** Resources the compute uses, by key: `{ warehouse: resourceParam<PostgresWarehouse>() }` (bound in Definitions). */
  resources?: R;
  /**
   * Splits the asset into partitions (`dailyPartitions(...)`, `hourlyPartitions(...)`,
   * `staticPartitions([...])`): each run materializes one partition, stored on its own.
   */
  partitions?: PartitionsDefinition;
  /**
   * The version of the asset's code (Dagster's `code_version`): any non-empty text up to
   * {@link MAX_CODE_VERSION_LENGTH} characters (`v2`, a date, a hash of the compute). Recorded with
   * each materialization; when the recorded one differs from this, the asset is stale
   * (`stale: code version changed v1 → v2`). Change it when the compute's logic changes.
   */
  codeVersion?: string;
  /**
   * Checks of the asset's value (Dagster's asset checks), each run as its own step after the
   * asset: `checks: [{ name: 'has_rows', blocking: true, compute: ({ value }) => ({ passed: value.height > 0 }) }]`.
   */
  checks?: ReadonlyArray<AssetCheckFields<Loaded<Out>>>;
  /** Computes the asset's value from its inputs. */
  compute: (args: AssetComputeArgs<Ins, Schema, R>) => Out | Promise<Out>;
}

/** A software-defined asset: a value built by `asset()`, validated when built. */
export interface AssetDefinition<
  Key extends string = string,
  Out = unknown,
  Ins extends AssetIns = AssetIns,
  Schema extends ConfigSchema | undefined = ConfigSchema | undefined,
  R extends ResourceParams = ResourceParams,
> {
  readonly kind: 'asset';
  readonly key: Key;
  readonly ins: Ins;
  /** Keys of non-data upstream dependencies. */
  readonly deps: readonly string[];
  readonly group: string;
  readonly description?: string;
  readonly config?: Schema;
  readonly retry?: RetryPolicy;
  readonly ioManagerKey: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly heartbeatTimeoutSeconds: number;
  readonly timeoutSeconds: number;
  /** Declared resource keys. */
  readonly resources: R;
  readonly partitions?: PartitionsDefinition;
  /** The version of the asset's code, recorded with each materialization; none when not declared. */
  readonly codeVersion?: string;
  /** Set on an out of a multi-asset: the multi-asset (its step) and the out's name. */
  readonly multi?: { readonly name: string; readonly out: string };
  /** The checks declared with the asset (more can be given to Definitions with `assetCheck()`). */
  readonly checks: readonly AssetCheckDefinition[];
  readonly compute: (args: AssetComputeArgs<Ins, Schema, R>) => Out | Promise<Out>;
}

const GROUP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** The longest code version an asset may declare (it is stored with every materialization and shown in lists). */
export const MAX_CODE_VERSION_LENGTH = 200;

/**
 * Defines a software-defined asset. Inputs are typed from the upstream assets' outputs and
 * config from the zod schema, with nothing to cast.
 *
 * @example
 * ```ts
 * const rawSales = asset({
 *   key: 'raw_sales',
 *   group: 'sales',
 *   config: z.object({ apiUrl: z.string().url(), timeoutSeconds: z.number().default(30) }),
 *   async compute({ config }) {
 *     const response = await fetch(config.apiUrl, { signal: AbortSignal.timeout(config.timeoutSeconds * 1000) });
 *     return pl.readRecords(await response.json());
 *   },
 * });
 * const cleanedSales = asset({
 *   key: 'cleaned_sales',
 *   ins: { rawSales },
 *   compute: ({ rawSales }) => rawSales.filter(pl.col('amount').gt(0)), // rawSales: DataFrame
 * });
 * ```
 */
export function asset<const Key extends string, Out, Ins extends AssetIns = {}, Schema extends ConfigSchema | undefined = undefined, R extends ResourceParams = {}>(
  spec: AssetSpec<Key, Out, Ins, Schema, R>,
): AssetDefinition<Key, Out, Ins, Schema, R> {
  const owner = `asset '${String(spec?.key)}'`;
  const problems: string[] = [];
  const keyProblem = invalidKeyReason(spec?.key);
  if (keyProblem) problems.push(`${owner}: ${keyProblem}`);
  problems.push(...stepSpecProblems(owner, spec));
  const ins = (spec?.ins ?? {}) as Ins;
  for (const [name, upstream] of Object.entries(ins)) {
    if (!isAsset(upstream)) problems.push(`${owner}: input '${name}' must be an asset built by asset(), got ${typeof upstream}`);
  }
  const deps: string[] = [];
  for (const dep of spec?.deps ?? []) {
    if (typeof dep === 'string') deps.push(dep);
    else if (isAsset(dep)) deps.push(dep.key);
    else problems.push(`${owner}: deps entries must be asset keys or assets`);
  }
  const group = spec?.group ?? 'default';
  if (!GROUP_NAME.test(group)) problems.push(`${owner}: group '${group}' may contain letters, digits, '_' and '-' only`);
  if (spec?.partitions !== undefined && !isPartitionsDefinition(spec.partitions)) {
    problems.push(`${owner}: partitions must be built by dailyPartitions(), hourlyPartitions() or staticPartitions()`);
  }
  const codeVersionProblem = invalidCodeVersionReason(spec?.codeVersion);
  if (codeVersionProblem) problems.push(`${owner}: ${codeVersionProblem}`);
  const checks = keyProblem ? [] : assetChecksOf(spec.key, spec.checks, problems);
  if (problems.length) throw new DefinitionError(problems);
  return Object.freeze({
    kind: 'asset' as const,
    key: spec.key,
    ins,
    deps,
    group,
    description: spec.description,
    config: spec.config,
    retry: spec.retry,
    ioManagerKey: spec.ioManagerKey ?? 'io_manager',
    tags: { ...(spec.tags ?? {}) },
    heartbeatTimeoutSeconds: spec.heartbeatTimeoutSeconds ?? DEFAULT_HEARTBEAT_TIMEOUT_SECONDS,
    timeoutSeconds: spec.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS,
    resources: { ...(spec.resources ?? {}) } as R,
    ...(spec.partitions ? { partitions: spec.partitions } : {}),
    ...(spec.codeVersion !== undefined ? { codeVersion: spec.codeVersion } : {}),
    checks: Object.freeze(checks),
    compute: spec.compute,
  });
}

/** Why `codeVersion` cannot be an asset's code version, or undefined when it can (absent is fine). */
function invalidCodeVersionReason(codeVersion: unknown): string | undefined {
  if (codeVersion === undefined) return undefined;
  if (typeof codeVersion !== 'string') return `codeVersion must be a string such as 'v2', got ${typeof codeVersion}`;
  if (codeVersion.trim() === '') return `codeVersion must not be empty or blank: give a version such as 'v2', or leave it out`;
  if (codeVersion.length > MAX_CODE_VERSION_LENGTH) {
    return `codeVersion is ${codeVersion.length} characters long; keep it to ${MAX_CODE_VERSION_LENGTH} (a version or a short hash, not the code itself)`;
  }
  if ([...codeVersion].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return `codeVersion must not contain control characters (newlines, tabs, NUL): it is printed in one line`;
  return undefined;
}

export function isAsset(value: unknown): value is AnyAsset {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'asset';
}

/** All upstream keys of an asset: data inputs first, then deps. */
export function upstreamKeys(definition: AnyAsset): string[] {
  const keys = Object.values(definition.ins as AssetIns).map((a) => a.key);
  for (const dep of definition.deps) if (!keys.includes(dep)) keys.push(dep);
  return keys;
}

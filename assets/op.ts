import type { ConfigOf, ConfigSchema, Loaded } from './asset';
import type { OpContext } from './context';
import { DefinitionError } from '../errors/errors';
import { currentComposition, type OpOutput } from './composition';
import type { ResourceParams, ResourcesOf } from './resources';
import type { RetryPolicy } from './retry';
import { DEFAULT_HEARTBEAT_TIMEOUT_SECONDS, DEFAULT_STEP_TIMEOUT_SECONDS, stepSpecProblems } from './step-spec';

/** Declares an op input of type `T` (Dagster's `In`). */
export interface OpInput<T> {
  readonly kind: 'op-input';
  readonly description?: string;
  /** Never set: carries the type only. */
  readonly __type?: T;
}

/**
 * Declares a typed op input: `ins: { salesDf: input<DataFrame>() }`. In a job, the input must be
 * wired to an op output of a compatible type (a mismatch is a type error).
 */
export function input<T = unknown>(description?: string): OpInput<T> {
  return Object.freeze({ kind: 'op-input' as const, ...(description !== undefined ? { description } : {}) });
}

/** Inputs of an op, by name. */
export type OpIns = Record<string, OpInput<unknown>>;

/** The value type of an input declaration. */
export type InputType<I> = I extends OpInput<infer T> ? T : never;

/** Inputs (by name, typed from their declarations) plus `config` and `context`. */
export type OpComputeArgs<Ins extends OpIns, Schema, R extends ResourceParams = {}> = { [K in keyof Ins]: InputType<Ins[K]> } & {
  config: ConfigOf<Schema>;
  context: OpContext<ConfigOf<Schema>, ResourcesOf<R>>;
};

/** What an op takes in a job's `build`: each input wired to an upstream op's output. */
export type OpInvocationInputs<Ins extends OpIns> = { [K in keyof Ins]: OpOutput<InputType<Ins[K]>> };

/** What `op()` takes. */
export interface OpSpec<Name extends string, Out, Ins extends OpIns, Schema extends ConfigSchema | undefined, R extends ResourceParams> {
  /** Unique name: letters, digits and `_`, not starting with a digit. Run config addresses it as `ops.<name>`. */
  name: Name;
  /** Typed inputs: `{ salesDf: input<DataFrame>() }`. */
  ins?: Ins;
  description?: string;
  /** zod schema of the op's run config (`ops.<name>.config`). */
  config?: Schema;
  /** Resources the compute uses: `{ warehouse: resourceParam<PostgresWarehouse>() }`. */
  resources?: R;
  /** Retry policy of the op's activity. Default: 3 attempts, 1 s doubling backoff. */
  retry?: RetryPolicy;
  /** Which IO manager stores the output for downstream ops. Default `io_manager` (DataFrames → Parquet, values → JSON). */
  ioManagerKey?: string;
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
  /** The op's work. Return nothing (undefined) when there is no output to pass on. */
  compute: (args: OpComputeArgs<Ins, Schema, R>) => Out | Promise<Out>;
}

/** The data an op definition holds. */
export interface OpFields<Name extends string, Out, Ins extends OpIns, Schema extends ConfigSchema | undefined, R extends ResourceParams> {
  readonly kind: 'op';
  readonly name: Name;
  readonly ins: Ins;
  readonly description?: string;
  readonly config?: Schema;
  readonly resources: R;
  readonly retry?: RetryPolicy;
  readonly ioManagerKey: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly heartbeatTimeoutSeconds: number;
  readonly timeoutSeconds: number;
  /** Set on an alias (`op.alias('name')`): the name of the op it is a second use of. */
  readonly aliasOf?: string;
  readonly compute: (args: OpComputeArgs<Ins, Schema, R>) => Out | Promise<Out>;
  /**
   * The same op under another name (Dagster's `.alias`), so that one op can be used twice in a
   * job: each alias is its own step with its own key, run config section (`ops.<alias>.config`)
   * and output. Asking twice for one alias gives the same definition.
   */
  alias<const Alias extends string>(name: Alias): OpDefinition<Alias, Out, Ins, Schema, R>;
}

/**
 * An op: a value built by `op()`. Inside a job's `build` it is called like a function with the
 * outputs of upstream ops, which wires them into the job's graph.
 */
export type OpDefinition<
  Name extends string = string,
  Out = unknown,
  Ins extends OpIns = OpIns,
  Schema extends ConfigSchema | undefined = ConfigSchema | undefined,
  R extends ResourceParams = ResourceParams,
> = OpFields<Name, Out, Ins, Schema, R> &
  ([keyof Ins] extends [never] ? (inputs?: Record<string, never>) => OpOutput<Loaded<Out>> : (inputs: OpInvocationInputs<Ins>) => OpOutput<Loaded<Out>>);

/** Any op. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOp = OpDefinition<string, any, any, any, any>;

export const OP_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,199}$/;

/**
 * Defines an op (Dagster's `@op`): one unit of work, run as one Temporal activity. Its output
 * goes to downstream ops through an IO manager.
 *
 * @example
 * ```ts
 * const transformSales = op({
 *   name: 'transform_sales',
 *   ins: { salesDf: input<DataFrame>() },
 *   compute: ({ salesDf }) => salesDf.filter(pl.col('amount').gt(0)),
 * });
 * const dailySalesEtl = job({
 *   name: 'daily_sales_etl',
 *   build: () => loadToWarehouse({ salesDf: transformSales({ salesDf: extractSales() }) }),
 * });
 * ```
 */
export function op<const Name extends string, Out, Ins extends OpIns = {}, Schema extends ConfigSchema | undefined = undefined, R extends ResourceParams = {}>(
  spec: OpSpec<Name, Out, Ins, Schema, R>,
): OpDefinition<Name, Out, Ins, Schema, R> {
  return defineOp(spec, undefined);
}

function defineOp<Name extends string, Out, Ins extends OpIns, Schema extends ConfigSchema | undefined, R extends ResourceParams>(
  spec: OpSpec<Name, Out, Ins, Schema, R>,
  aliasOf: string | undefined,
): OpDefinition<Name, Out, Ins, Schema, R> {
  const owner = aliasOf === undefined ? `op '${String(spec?.name)}'` : `alias '${String(spec?.name)}' of op '${aliasOf}'`;
  const problems: string[] = [];
  if (typeof spec?.name !== 'string' || !OP_NAME.test(spec.name)) {
    problems.push(`${owner}: an op name may contain letters, digits and '_' only, not start with a digit, and have at most 200 characters`);
  }
  problems.push(...stepSpecProblems(owner, spec));
  const ins = spec?.ins ?? ({} as Ins);
  for (const [name, declared] of Object.entries(ins)) {
    if ((declared as { kind?: unknown })?.kind !== 'op-input') problems.push(`${owner}: input '${name}' must be declared with input<T>()`);
  }
  if (problems.length) throw new DefinitionError(problems);
  const fields: OpFields<Name, Out, Ins, Schema, R> = {
    kind: 'op',
    name: spec.name,
    ins,
    description: spec.description,
    config: spec.config,
    resources: spec.resources ?? ({} as R),
    retry: spec.retry,
    ioManagerKey: spec.ioManagerKey ?? 'io_manager',
    tags: { ...(spec.tags ?? {}) },
    heartbeatTimeoutSeconds: spec.heartbeatTimeoutSeconds ?? DEFAULT_HEARTBEAT_TIMEOUT_SECONDS,
    timeoutSeconds: spec.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS,
    ...(aliasOf !== undefined ? { aliasOf } : {}),
    compute: spec.compute,
    alias: (aliasName) => {
      if ((aliasName as string) === spec.name) throw new DefinitionError([`${owner}: alias '${aliasName}' is the op's own name; give the second use another name`]);
      let found = aliases.get(aliasName);
      if (!found) {
        found = defineOp({ ...spec, name: aliasName }, aliasOf ?? spec.name) as unknown as AnyOp;
        aliases.set(aliasName, found);
      }
      return found as never;
    },
  };
  const aliases = new Map<string, AnyOp>();
  // A function's own `name` is read-only: define it rather than assign it.
  const { name, ...rest } = fields;
  const definition = Object.assign((inputs?: Record<string, unknown>) => currentComposition(name).invoke(definition as unknown as AnyOp, inputs ?? {}), rest);
  Object.defineProperty(definition, 'name', { value: name, enumerable: true });
  return Object.freeze(definition) as unknown as OpDefinition<Name, Out, Ins, Schema, R>;
}

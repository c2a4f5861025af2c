import { ResourceError } from '../errors/errors';
import { registerUrlPasswords } from './redaction';
import { Secret } from './secret';

/**
 * A resource built in the worker process when a step first needs it, and kept for the life of
 * the process: a database pool, an API client. Its options (secrets included) stay in the worker:
 * plans and workflow inputs carry only resource keys.
 */
export interface ResourceDefinition<T> {
  readonly kind: 'resource';
  /** Builds the resource; runs once per worker process (again after a failure). */
  create(): T | Promise<T>;
  /** Releases it (close pools) when the Definitions are disposed. */
  teardown?(value: T): void | Promise<void>;
}

/**
 * Defines a resource that is built lazily in the worker.
 *
 * @example
 * ```ts
 * const salesApi = defineResource({ create: () => new SalesClient(env('SALES_API_URL').value()) });
 * new Definitions({ assets, resources: { salesApi } });
 * ```
 */
export function defineResource<T>(spec: { create(): T | Promise<T>; teardown?(value: T): void | Promise<void> }): ResourceDefinition<T> {
  if (typeof spec?.create !== 'function') throw new ResourceError('defineResource: create must be a function that builds the resource');
  return Object.freeze({ kind: 'resource' as const, create: spec.create, ...(spec.teardown ? { teardown: spec.teardown } : {}) });
}

export function isResourceDefinition(value: unknown): value is ResourceDefinition<unknown> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'resource';
}

/** A value read from an environment variable of the worker process when the resource is built. */
export class EnvVar {
  constructor(readonly name: string) {}

  /** The variable's value; throws ResourceError naming the variable (never its value) when unset. */
  value(): string {
    const found = process.env[this.name];
    if (found === undefined || found === '') throw new ResourceError(`environment variable ${this.name} is not set in the worker's environment: set it and restart the worker`);
    return found;
  }

  /** Never shows the value: an EnvVar that ends up in a log or payload reveals only its name. */
  toJSON(): string {
    return `env(${this.name})`;
  }

  toString(): string {
    return this.toJSON();
  }
}

/**
 * Reads an option from the worker's environment when the resource is built (Dagster's EnvVar).
 *
 * @example postgresResource({ connectionString: env('WAREHOUSE_URL') })
 */
export function env(name: string): EnvVar {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ResourceError(`env('${name}'): not a valid environment variable name`);
  return new EnvVar(name);
}

/** An option given directly, read from the environment (`env(name)`), or a secret (`secret(value)`, `secret.fromEnv(name)`). */
export type StringOrEnv = string | EnvVar | Secret;

/**
 * The string an option stands for, read when the resource is built (in the worker). A password in
 * a connection string it resolves to is remembered as secret, so logs and errors never show it.
 */
export function resolveOption(value: StringOrEnv): string {
  const resolved = value instanceof EnvVar ? value.value() : value instanceof Secret ? value.reveal() : value;
  if (typeof resolved !== 'string') throw new ResourceError(`a resource option must be a string, env(name) or secret(value), got ${typeof resolved}`);
  return registerUrlPasswords(resolved);
}

/** Declares that a step uses a resource of type `T` (Dagster's ResourceParam). */
export interface ResourceParam<T> {
  readonly kind: 'resource-param';
  /** Never set: carries the type only. */
  readonly __type?: T;
}

/**
 * Declares a resource a compute uses, typed: `resources: { warehouse: resourceParam<PostgresWarehouse>() }`
 * gives `context.resources.warehouse: PostgresWarehouse`. The key must be bound in `Definitions({ resources })`.
 */
export function resourceParam<T>(): ResourceParam<T> {
  return Object.freeze({ kind: 'resource-param' as const });
}

/** Resource keys a compute declares. */
export type ResourceParams = Record<string, ResourceParam<unknown>>;

/** What `context.resources` holds for declared resource params. */
export type ResourcesOf<R> = { readonly [K in keyof R]: R[K] extends ResourceParam<infer T> ? T : never };

/** Checks a `resources` declaration; returns problems naming `owner`. */
export function resourceParamProblems(owner: string, resources: unknown): string[] {
  if (resources === undefined) return [];
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) {
    return [`${owner}: resources must be an object like { warehouse: resourceParam<PostgresWarehouse>() }`];
  }
  return Object.entries(resources)
    .filter(([, p]) => (p as { kind?: unknown })?.kind !== 'resource-param')
    .map(([key]) => `${owner}: resources.${key} must be resourceParam<T>()`);
}

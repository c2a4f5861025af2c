import { compose, type JobNode } from './composition';
import { DefinitionError } from '../errors/errors';
import { OP_NAME } from './op';
import type { RunConfig } from '../planning/run-config';

/** What `job()` takes. */
export interface JobSpec {
  /** Unique job name: letters, digits and `_`. Names the run in Temporal Web. */
  name: string;
  description?: string;
  /** Calls ops to wire their outputs into downstream inputs (Dagster's `@job` body). Synchronous. */
  build: () => void;
  /** Default run config, merged under the run config given at launch. */
  config?: RunConfig;
  tags?: Record<string, string>;
}

/** A job of ops, built by `job()`. */
export interface JobDefinition {
  readonly kind: 'job';
  readonly name: string;
  readonly description?: string;
  /** Op invocations in the order `build` made them (upstream first). */
  readonly nodes: readonly JobNode[];
  readonly config?: RunConfig;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Defines a job of ops (Dagster's `@job`): `build` calls each op with the outputs of the ops it
 * reads, and the calls form the job's graph. Each op runs as one Temporal activity.
 *
 * @example
 * ```ts
 * export const dailySalesEtl = job({
 *   name: 'daily_sales_etl',
 *   build: () => {
 *     const sales = extractSales();
 *     const transformed = transformSales({ salesDf: sales });
 *     loadToWarehouse({ salesDf: transformed });
 *   },
 * });
 * ```
 */
export function job(spec: JobSpec): JobDefinition {
  const owner = `job '${String(spec?.name)}'`;
  if (typeof spec?.name !== 'string' || !OP_NAME.test(spec.name)) {
    throw new DefinitionError([`${owner}: a job name may contain letters, digits and '_' only, not start with a digit, and have at most 200 characters`]);
  }
  if (typeof spec.build !== 'function') throw new DefinitionError([`${owner}: build must be a function that calls ops`]);
  let returned: unknown;
  const composition = compose(spec.name, () => {
    returned = spec.build();
  });
  const problems = [...composition.problems];
  if (returned instanceof Promise) problems.push(`${owner}: build must be synchronous (it only wires ops; their work runs later)`);
  if (composition.nodes.length === 0) problems.push(`${owner}: build called no ops`);
  if (problems.length) throw new DefinitionError(problems);
  return Object.freeze({
    kind: 'job' as const,
    name: spec.name,
    description: spec.description,
    nodes: Object.freeze([...composition.nodes]),
    ...(spec.config !== undefined ? { config: spec.config } : {}),
    tags: { ...(spec.tags ?? {}) },
  });
}

export function isJob(value: unknown): value is JobDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'job';
}

import { DefinitionError } from '../errors/errors';
import { OP_NAME } from './op';
import type { RunConfig } from '../planning/run-config';

/** What `defineAssetJob()` takes. */
export interface AssetJobSpec {
  /** Unique job name: letters, digits and `_`. */
  name: string;
  /** Which assets the job materializes: `group:sales`, `+top_customers`, `raw_sales*`, `*`, unions. */
  selection: string | readonly string[];
  description?: string;
  /** Default run config (Dagster's `config=`), merged under the run config given at launch. */
  config?: RunConfig;
  tags?: Record<string, string>;
}

/** A named selection of assets with default config, built by `defineAssetJob()`. */
export interface AssetJobDefinition {
  readonly kind: 'asset-job';
  readonly name: string;
  readonly selection: string | readonly string[];
  readonly description?: string;
  readonly config?: RunConfig;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Defines a job that materializes a selection of assets (Dagster's `define_asset_job`). The
 * selection is resolved, and its names checked, when the job is added to Definitions.
 *
 * @example
 * ```ts
 * export const salesJob = defineAssetJob({
 *   name: 'sales_job',
 *   selection: 'group:sales',
 *   config: { ops: { raw_sales: { config: { apiUrl: 'https://api.example.com/sales' } } } },
 * });
 * ```
 */
export function defineAssetJob(spec: AssetJobSpec): AssetJobDefinition {
  const owner = `asset job '${String(spec?.name)}'`;
  const problems: string[] = [];
  if (typeof spec?.name !== 'string' || !OP_NAME.test(spec.name)) problems.push(`${owner}: a job name may contain letters, digits and '_' only, not start with a digit, and have at most 200 characters`);
  const selection = spec?.selection;
  const valid = typeof selection === 'string' || (Array.isArray(selection) && selection.every((s) => typeof s === 'string'));
  if (!valid) problems.push(`${owner}: selection must be a selection string ('group:sales', 'key+', ...) or an array of them`);
  if (spec?.config !== undefined && (typeof spec.config !== 'object' || spec.config === null || Array.isArray(spec.config))) {
    problems.push(`${owner}: config must be run config like { ops: { <asset key>: { config: {...} } } }`);
  }
  if (problems.length) throw new DefinitionError(problems);
  return Object.freeze({
    kind: 'asset-job' as const,
    name: spec.name,
    selection: typeof selection === 'string' ? selection : Object.freeze([...selection]),
    description: spec.description,
    ...(spec.config !== undefined ? { config: spec.config } : {}),
    tags: { ...(spec.tags ?? {}) },
  });
}

export function isAssetJob(value: unknown): value is AssetJobDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'asset-job';
}

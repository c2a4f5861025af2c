import type { CheckSeverity } from '../storage/catalog/store';
import { DefinitionError } from '../errors/errors';
import type { Metadata } from '../execution/metadata';
import type { AnyAsset, OutputOf } from './asset';
import type { StepContext } from './context';

/** What a check's compute returns: passed or not, how bad a failure is (default `error`), and small metadata. */
export interface AssetCheckResult {
  passed: boolean;
  /** How bad a failure is: `error` (default) stops the asset's downstream steps when the check is blocking; `warn` never does. */
  severity?: CheckSeverity;
  /** Small facts shown with the result (`{ rows: 120 }`), like output metadata. */
  metadata?: Metadata;
}

/** What a check's compute receives as `context`: the run, the asset and check, the partition, a logger and a signal. */
export type AssetCheckContext = Pick<StepContext, 'runId' | 'stepKey' | 'partitionKey' | 'partitionTimeWindow' | 'attempt' | 'signal' | 'log'> & {
  readonly assetKey: string;
  readonly checkName: string;
};

/** What a check's compute receives: the asset's stored value (as a downstream step would read it) and a context. */
export interface AssetCheckComputeArgs<Value> {
  value: Value;
  context: AssetCheckContext;
}

/** A check declared with its asset: `asset({ ..., checks: [{ name: 'has_rows', compute: ({ value }) => ... }] })`. */
export interface AssetCheckFields<Value> {
  /** Unique among the asset's checks: letters, digits and `_`, not starting with a digit (`has_rows`). */
  name: string;
  /**
   * When true, a failure of severity `error` stops the asset's downstream steps in the run (they
   * are skipped and the run fails naming the check). Default false: the result is recorded and the run goes on.
   */
  blocking?: boolean;
  description?: string;
  compute: (args: AssetCheckComputeArgs<Value>) => AssetCheckResult | Promise<AssetCheckResult>;
}

/** What `assetCheck()` takes: a check's fields and the asset it checks (the asset itself, for a typed value, or its key). */
export interface AssetCheckSpec<A extends AnyAsset | string> extends AssetCheckFields<A extends AnyAsset ? OutputOf<A> : unknown> {
  asset: A;
}

/** An asset check (Dagster's `@asset_check`): runs as its own step after its asset, on the asset's stored output. */
export interface AssetCheckDefinition {
  readonly kind: 'asset_check';
  readonly assetKey: string;
  readonly name: string;
  readonly blocking: boolean;
  readonly description?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly compute: (args: AssetCheckComputeArgs<any>) => AssetCheckResult | Promise<AssetCheckResult>;
}

const CHECK_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The longest check name. */
export const MAX_CHECK_NAME_LENGTH = 100;

/** Separates the asset key from the check name in a check's step key (`cleaned_sales:has_rows`); never in an asset key. */
export const CHECK_STEP_SEPARATOR = ':';

/** The step key of a check: `<asset key>:<check name>`. */
export function checkStepKey(assetKey: string, checkName: string): string {
  return `${assetKey}${CHECK_STEP_SEPARATOR}${checkName}`;
}

/**
 * Defines an asset check apart from its asset (Dagster's `@asset_check`). Add it to
 * `Definitions({ checks: [...] })`; it runs after its asset in every run that materializes the
 * asset, and alone with `assetflow checks run <asset>`.
 *
 * @example
 * ```ts
 * const hasRows = assetCheck({
 *   asset: cleanedSales,
 *   name: 'has_rows',
 *   blocking: true,
 *   compute: ({ value }) => ({ passed: value.height > 0, metadata: { rows: value.height } }), // value: DataFrame
 * });
 * ```
 */
export function assetCheck<const A extends AnyAsset | string>(spec: AssetCheckSpec<A>): AssetCheckDefinition {
  const assetKey = typeof spec?.asset === 'string' ? spec.asset : (spec?.asset as AnyAsset | undefined)?.key;
  if (typeof assetKey !== 'string') throw new DefinitionError([`asset check '${String(spec?.name)}': asset must be an asset built by asset() or an asset key`]);
  return checkDefinition(assetKey, spec);
}

/** A check of `assetKey` built from its fields, validated (name, compute, blocking); throws DefinitionError naming the check. */
export function checkDefinition(assetKey: string, fields: AssetCheckFields<never>): AssetCheckDefinition {
  const owner = `asset check '${String(fields?.name)}' of asset '${assetKey}'`;
  const problems: string[] = [];
  const nameProblem = invalidCheckNameReason(fields?.name);
  if (nameProblem) problems.push(`${owner}: ${nameProblem}`);
  if (typeof fields?.compute !== 'function') problems.push(`${owner}: compute must be a function returning { passed, severity?, metadata? }`);
  if (fields?.blocking !== undefined && typeof fields.blocking !== 'boolean') problems.push(`${owner}: blocking must be true or false`);
  if (problems.length) throw new DefinitionError(problems);
  return Object.freeze({
    kind: 'asset_check' as const,
    assetKey,
    name: fields.name,
    blocking: fields.blocking ?? false,
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    compute: fields.compute as AssetCheckDefinition['compute'],
  });
}

/** Checks declared with an asset, built and checked for duplicate names; problems are appended to `problems`. */
export function assetChecksOf(assetKey: string, list: unknown, problems: string[]): AssetCheckDefinition[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problems.push(`asset '${assetKey}': checks must be an array of { name, compute }`);
    return [];
  }
  const checks: AssetCheckDefinition[] = [];
  for (const fields of list) {
    try {
      checks.push(checkDefinition(assetKey, fields as AssetCheckFields<never>));
    } catch (err) {
      problems.push(...(err as DefinitionError).problems);
    }
  }
  problems.push(...duplicateCheckProblems(checks));
  return checks;
}

/** A problem for each check name used twice on one asset. */
export function duplicateCheckProblems(checks: readonly AssetCheckDefinition[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const c of checks) {
    const key = checkStepKey(c.assetKey, c.name);
    if (seen.has(key)) problems.push(`asset '${c.assetKey}' has two checks named '${c.name}': give each check of an asset its own name`);
    seen.add(key);
  }
  return problems;
}

export function isAssetCheck(value: unknown): value is AssetCheckDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'asset_check';
}

function invalidCheckNameReason(name: unknown): string | undefined {
  if (typeof name !== 'string') return `a check name must be a string, got ${typeof name}`;
  if (name.length === 0) return 'a check name must not be empty';
  if (name.length > MAX_CHECK_NAME_LENGTH) return `a check name must be at most ${MAX_CHECK_NAME_LENGTH} characters (got ${name.length})`;
  if (!CHECK_NAME.test(name)) return `check name '${name}' may contain letters, digits and '_' only, and not start with a digit`;
  return undefined;
}

import { upstreamKeys, type AnyAsset, type AssetIns } from '../assets/asset';
import { checkStepKey, type AssetCheckDefinition } from '../assets/asset-check';
import { isAssetJob, type AssetJobDefinition } from '../assets/asset-job';
import type { JobDefinition } from '../assets/job';
import type { AnyMultiAsset } from '../assets/multi-asset';
import type { AnyOp } from '../assets/op';
import { checkPartitionKeyRules } from '../assets/partitions';
import { resolveRetry } from '../assets/retry';
import { PLAN_VERSION, type PlanStep, type RunPlan, type RunTrigger } from '../contract/run';
import { didYouMean, PartitionError, SelectionError } from '../errors/errors';
import { boundedIdPart } from '../contract/ids';
import { checkRunConfigSize, mergeRunConfig, validateRunConfig } from './run-config';
import { splitCheckTerms, type CheckTerm } from './selection';

export interface PlanOptions {
  /** Selection (see resolveSelection); a term `<asset>:<check>` runs just that check (see splitCheckTerms). Default `*`. Not with `job`. */
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
  /**
   * Names the run (workflow id, search attribute). Default: the job's name, else the selection as
   * written. A name over 200 characters is shortened to its first 183, `~` and 16 hex digits of
   * its SHA-256 (Temporal bounds workflow ids and search attribute values).
   */
  runName?: string;
  /**
   * Asset checks of the selected assets: `include` (default) runs each after its asset; `only`
   * runs the checks alone, against the assets' stored outputs (`assetflow checks run <asset>`);
   * `skip` runs none. Not with a job of ops.
   */
  checks?: CheckSelection;
}

/** Which asset checks a run of assets runs (see {@link PlanOptions.checks}). */
export type CheckSelection = 'include' | 'only' | 'skip';

export const DEFAULT_MAX_PARALLEL = 4;

/** What planning reads from the Definitions (lookups throw DefinitionError naming close matches). */
export interface PlanSource {
  readonly assets: ReadonlyMap<string, AnyAsset>;
  readonly ops: ReadonlyMap<string, AnyOp>;
  readonly multiAssets: ReadonlyMap<string, AnyMultiAsset>;
  /** Asset checks by asset key. */
  readonly checks: ReadonlyMap<string, readonly AssetCheckDefinition[]>;
  /** Keys selected, upstream first; throws SelectionError for unknown names. */
  select(selection: string | readonly string[]): string[];
  getAsset(key: string): AnyAsset;
  getOp(name: string): AnyOp;
  getMultiAsset(name: string): AnyMultiAsset;
  getJob(name: string): JobDefinition | AssetJobDefinition;
}

/**
 * A serializable plan for a run of a selection or a job: validates the selection, the run config
 * (merged over the job's) and the partition key, throwing SelectionError / RunConfigError /
 * PartitionError so that bad input fails before anything runs.
 */
export function planRun(source: PlanSource, options: PlanOptions = {}): RunPlan {
  checkRunConfigSize(options.runConfig);
  const maxParallel = options.maxParallel ?? DEFAULT_MAX_PARALLEL;
  if (!Number.isInteger(maxParallel) || maxParallel < 1) throw new RangeError(`maxParallel must be a whole number >= 1 (got ${maxParallel})`);
  if (options.job === undefined) return assetPlan(source, options, options.selection ?? '*', options.runConfig, maxParallel);
  if (options.selection !== undefined) throw new SelectionError(`Give either a job ('${options.job}') or a selection, not both.`);
  const found = source.getJob(options.job);
  if (!isAssetJob(found) && options.checks === 'only') throw new SelectionError(`job '${found.name}' runs ops, which have no asset checks: give an asset selection to run checks alone`);
  const runConfig = mergeRunConfig(found.config, options.runConfig);
  checkRunConfigSize(runConfig);
  const plan = isAssetJob(found) ? assetPlan(source, options, found.selection, runConfig, maxParallel) : opPlan(source, options, found, runConfig, maxParallel);
  return { ...plan, runName: boundedIdPart(options.runName ?? found.name), job: found.name, tags: { ...found.tags, ...plan.tags } };
}

function opPlan(source: PlanSource, options: PlanOptions, found: JobDefinition, runConfig: unknown, maxParallel: number): RunPlan {
  const configs = validateRunConfig(
    runConfig,
    found.nodes.map((n) => ({ key: n.name, config: n.op.config })),
    [...source.ops.keys(), ...source.assets.keys()],
  );
  const steps: PlanStep[] = found.nodes.map((node) => ({
    key: node.name,
    kind: 'op',
    upstream: [...new Set(Object.values(node.inputs))],
    inputs: Object.entries(node.inputs).map(([name, from]) => ({ name, from, ioManagerKey: source.getOp(from).ioManagerKey, fromAsset: false })),
    ioManagerKey: node.op.ioManagerKey,
    ...(configs.has(node.name) ? { config: configs.get(node.name) } : {}),
    retry: resolveRetry(node.op.retry),
    ...stepTimeouts(node.op),
  }));
  return runPlan(options, found.name, steps, maxParallel);
}

function assetPlan(source: PlanSource, options: PlanOptions, selection: string | readonly string[], runConfig: unknown, maxParallel: number): RunPlan {
  // Check terms (`<asset>:<check>`) name check steps; the other terms select assets.
  const { assetTerms, checkTerms } = splitCheckTerms(selection);
  const keys = checkTerms.length === 0 ? source.select(selection) : assetTerms.length > 0 ? source.select(assetTerms) : [];
  const stepOf = (key: string) => source.assets.get(key)?.multi?.name ?? key;
  const stepKeys = [...new Set(keys.map(stepOf))];
  const configs = validateRunConfig(
    runConfig,
    stepKeys.map((k) => (source.multiAssets.has(k) ? { key: k, config: source.getMultiAsset(k).config } : source.getAsset(k))),
    [...source.assets.keys(), ...source.multiAssets.keys(), ...source.ops.keys()],
  );
  const checkedAssets = [...new Set([...keys, ...checkTerms.map((t) => t.assetKey)])];
  if (checkTerms.length > 0) namedCheckSteps(source, checkTerms, new Set(), stepOf); // unknown checks fail before the partition key is looked at
  checkPartitionKey(source, selection, checkedAssets, options.partitionKey, options.now ?? new Date());
  const checks = options.checks ?? 'include';
  if (checks === 'only') {
    const alone = withNamedChecks(checkSteps(source, keys, new Set(), stepOf), namedCheckSteps(source, checkTerms, new Set(), stepOf));
    if (alone.length === 0) throw new SelectionError(`no asset of selection ${JSON.stringify(selection)} (${keys.join(', ')}) has checks: declare them with asset({ checks }) or assetCheck()`);
    return runPlan(options, typeof selection === 'string' ? selection : selection.join(','), alone, maxParallel);
  }
  const inPlan = new Set(keys);
  // What each step materializes and which assets it reads from this plan (their blocking checks gate it).
  const stepAssets = new Map<string, { materializes: string[]; upstreamAssets: string[] }>();
  const assetSteps: PlanStep[] = stepKeys.map((key) => {
    const multi = source.multiAssets.get(key);
    // A multi-asset's outs share its inputs; the first one stands for the step.
    const outs = multi ? Object.values(multi.outs).filter((o) => !multi.canSubset || inPlan.has(o.key)) : [];
    const a = multi ? outs[0] : source.getAsset(key);
    const members = multi ? outs : [a];
    stepAssets.set(key, {
      materializes: members.map((m) => m.key).filter((k) => inPlan.has(k)),
      upstreamAssets: [...new Set(members.flatMap((m) => upstreamKeys(m)).filter((u) => inPlan.has(u) && stepOf(u) !== key))],
    });
    return {
      key,
      kind: 'asset',
      upstream: [...new Set(upstreamKeys(a).filter((u) => inPlan.has(u)).map(stepOf))].filter((u) => u !== key),
      inputs: Object.entries(a.ins as AssetIns).map(([name, up]) => ({ name, from: up.key, ioManagerKey: up.ioManagerKey, fromAsset: true })),
      ioManagerKey: a.ioManagerKey,
      ...(configs.has(key) ? { config: configs.get(key) } : {}),
      retry: resolveRetry(a.retry),
      group: a.group,
      ...stepTimeouts(a),
      ...(multi ? { outputs: outs.map((o) => ({ name: o.multi!.out, key: o.key, ioManagerKey: o.ioManagerKey })) } : {}),
    };
  });
  const steps = withNamedChecks(checks === 'skip' ? assetSteps : withChecks(source, assetSteps, stepAssets, inPlan, stepOf), namedCheckSteps(source, checkTerms, inPlan, stepOf));
  return runPlan(options, typeof selection === 'string' ? selection : selection.join(','), steps, maxParallel);
}

/**
 * Asset steps with each asset's checks right after it (a multi-asset's step: the checks of each
 * of its outs); a step downstream of an asset waits for the asset's blocking checks too, so that
 * a blocking check that fails skips it. Downstream of one out of a multi-asset, a step waits
 * for that out's blocking checks.
 */
function withChecks(
  source: PlanSource,
  assetSteps: readonly PlanStep[],
  stepAssets: ReadonlyMap<string, { materializes: readonly string[]; upstreamAssets: readonly string[] }>,
  inPlan: ReadonlySet<string>,
  stepOf: (assetKey: string) => string,
): PlanStep[] {
  const blockingChecksOf = (assetKey: string) => (source.checks.get(assetKey) ?? []).filter((c) => c.blocking).map((c) => checkStepKey(assetKey, c.name));
  return assetSteps.flatMap((step) => {
    const { materializes, upstreamAssets } = stepAssets.get(step.key)!;
    const upstream = [...new Set([...step.upstream, ...upstreamAssets.flatMap(blockingChecksOf)])];
    return [{ ...step, upstream }, ...checkSteps(source, materializes, inPlan, stepOf)];
  });
}

/**
 * The check steps of `assetKeys`' checks: each reads its asset's stored value, after the asset's
 * step (a multi-asset's, for an out) when the asset is in the plan.
 */
function checkSteps(source: PlanSource, assetKeys: readonly string[], inPlan: ReadonlySet<string>, stepOf: (assetKey: string) => string): PlanStep[] {
  return assetKeys.flatMap((assetKey) => {
    const a = source.getAsset(assetKey);
    return (source.checks.get(assetKey) ?? []).map((c): PlanStep => ({
      key: checkStepKey(assetKey, c.name),
      kind: 'check',
      check: { assetKey, name: c.name, blocking: c.blocking },
      upstream: inPlan.has(assetKey) ? [stepOf(assetKey)] : [],
      inputs: [{ name: 'value', from: assetKey, ioManagerKey: a.ioManagerKey, fromAsset: true }],
      ioManagerKey: a.ioManagerKey,
      retry: resolveRetry(a.retry),
      group: a.group,
      ...stepTimeouts(a),
    }));
  });
}

/**
 * The check steps the selection's check terms name (`<asset>:<check>`, `<asset>:*`), each after
 * its asset's step when the asset is in the plan, else against its stored output. Throws
 * SelectionError for an unknown asset or check, naming close matches among the asset's checks.
 */
function namedCheckSteps(source: PlanSource, terms: readonly CheckTerm[], inPlan: ReadonlySet<string>, stepOf: (assetKey: string) => string): PlanStep[] {
  return terms.flatMap(({ term, assetKey, checkName }) => {
    if (!source.assets.has(assetKey)) throw new SelectionError(`Selection '${term}': there is no asset '${assetKey}' whose check to run.${didYouMean(assetKey, source.assets.keys())}`);
    const names = (source.checks.get(assetKey) ?? []).map((c) => c.name);
    if (names.length === 0) throw new SelectionError(`Selection '${term}': asset '${assetKey}' has no checks: declare them with asset({ checks }) or assetCheck()`);
    if (checkName !== '*' && !names.includes(checkName)) {
      throw new SelectionError(`Selection '${term}': asset '${assetKey}' has no check '${checkName}'.${didYouMean(checkName, names)} Its checks: ${names.join(', ')}.`);
    }
    return checkSteps(source, [assetKey], inPlan, stepOf).filter((s) => checkName === '*' || s.check!.name === checkName);
  });
}

/** `steps` followed by the named check steps they do not hold yet (each once). */
function withNamedChecks(steps: readonly PlanStep[], named: readonly PlanStep[]): PlanStep[] {
  const result = [...steps];
  const keys = new Set(steps.map((s) => s.key));
  for (const step of named) {
    if (keys.has(step.key)) continue;
    keys.add(step.key);
    result.push(step);
  }
  return result;
}

/** The plan around its steps: version, name, parallelism, partition, trigger and tags. */
function runPlan(options: PlanOptions, runName: string, steps: PlanStep[], maxParallel: number): RunPlan {
  return {
    planVersion: PLAN_VERSION,
    runName: boundedIdPart(options.runName ?? runName),
    steps,
    maxParallel,
    ...(options.partitionKey !== undefined ? { partitionKey: options.partitionKey } : {}),
    trigger: options.trigger ?? 'manual',
    tags: { ...(options.tags ?? {}) },
  };
}

/** A partition key only with partitioned assets, always with them, and one that exists. */
function checkPartitionKey(source: PlanSource, selection: string | readonly string[], keys: readonly string[], partitionKey: string | undefined, now: Date): void {
  const partitioned = keys.filter((k) => source.getAsset(k).partitions);
  const shown = JSON.stringify(selection);
  if (partitionKey !== undefined && partitioned.length === 0) {
    throw new PartitionError(`partition key '${partitionKey}' given, but no asset of selection ${shown} is partitioned (${keys.join(', ')}): drop the partition key`);
  }
  if (partitionKey === undefined && partitioned.length > 0) {
    const partitions = source.getAsset(partitioned[0]).partitions!;
    const last = partitions.lastKey(now);
    throw new PartitionError(
      `asset '${partitioned[0]}' of selection ${shown} is partitioned ${partitions.description}: pass a partition key${last ? ` (the newest is '${last}')` : ''}, or start a backfill`,
    );
  }
  if (partitionKey === undefined) return;
  checkPartitionKeyRules(partitionKey);
  const checked = new Set<string>();
  for (const key of partitioned) {
    const partitions = source.getAsset(key).partitions!;
    if (checked.has(partitions.id)) continue;
    checked.add(partitions.id);
    try {
      partitions.validateKey(partitionKey, now);
    } catch (err) {
      throw new PartitionError(`asset '${key}': ${(err as Error).message}`);
    }
  }
}

/**
 * How long Temporal lets one attempt run past the step's own timeout: the activity stops the
 * step at `timeoutSeconds` (signal, grace, thread terminated) and reports StepTimeoutError well
 * before Temporal's start-to-close timeout would end the attempt without saying which step.
 */
export const START_TO_CLOSE_MARGIN_MS = 30_000;

/** A step's timeouts in its plan: heartbeat, its own, and Temporal's start-to-close above it. */
function stepTimeouts(step: { heartbeatTimeoutSeconds: number; timeoutSeconds: number }): Pick<PlanStep, 'heartbeatTimeoutMs' | 'startToCloseTimeoutMs' | 'timeoutMs'> {
  const timeoutMs = step.timeoutSeconds * 1000;
  return { heartbeatTimeoutMs: step.heartbeatTimeoutSeconds * 1000, timeoutMs, startToCloseTimeoutMs: timeoutMs + START_TO_CLOSE_MARGIN_MS };
}

import { types } from 'node:util';
import type { ConfigSchema } from '../assets/asset';
import type { CatalogStore } from '../storage/catalog/store';
import type { MaterializationRecord } from '../contract/materialization';
import type { StepContext } from '../assets/context';
import type { Definitions } from '../planning/definitions';
import { AssetflowError } from '../errors/assetflow-error';
import { PartitionError, RunConfigError } from '../errors/errors';
import { loadAllPartitions } from './all-partitions';
import { executeCheck } from './execute-check';
import type { IOManager, InputContext, OutputRef } from '../storage/io-manager';
import type { Logger } from './logger';
import { assertMetadataTravels, type Metadata } from './metadata';
import type { InlineValue, PlanStep, StepOutput } from '../contract/run';
import { findNonJson } from '../storage/values';
import type { AnyMultiAsset } from '../assets/multi-asset';
import { outputValues } from './multi-asset-outputs';
import { withPublishFence, type PublishFence } from '../storage/publish-fence';

/** Everything one step execution needs besides the definitions. */
export interface StepExecution {
  definitions: Definitions;
  step: PlanStep;
  runId: string;
  partitionKey?: string;
  attempt: number;
  /** Stable across retries of this step in this run (names temp files). */
  writerId: string;
  log: Logger;
  signal: AbortSignal;
  /** For the catalog record. */
  workflowId?: string;
  runName?: string;
  /**
   * Replace the Definitions' IO managers, catalog or resources for this execution (the
   * in-process test helpers run every step through an in-memory IO manager this way).
   */
  overrides?: StepOverrides;
  /** Small upstream op outputs carried inline, by upstream step key: used instead of loading. */
  inlineInputs?: Readonly<Record<string, InlineValue>>;
  /** Let a plain-JSON op output up to this many bytes ride inline instead of being stored. Default: never. */
  inlineLimitBytes?: number;
  /**
   * Checked right before the output is renamed into place and before the catalog record: throws
   * when this attempt may no longer publish (cancelled, timed out, superseded). Default: none.
   */
  fence?: PublishFence;
}

export interface StepOverrides {
  /** IO managers by key; keys not given fall back to the Definitions' own. */
  ioManagers?: Readonly<Record<string, IOManager>>;
  catalog?: CatalogStore;
  resources?: Readonly<Record<string, unknown>>;
}

/** A compute threw something that is not an Error: wrapped so its value is kept and named. Not retried. */
export class NonErrorThrown extends AssetflowError {
  constructor(stepKey: string, value: unknown) {
    let shown: string;
    try {
      shown = JSON.stringify(value) ?? String(value);
    } catch {
      shown = String(value);
    }
    super(`'${stepKey}' threw a non-Error value (${typeof value}): ${shown}. Throw an Error so a stack trace is kept.`, { code: 'NON_ERROR_THROWN', retryable: false });
    this.name = 'NonErrorThrown';
  }
}

/**
 * Runs one step the way every executor does (the Temporal activity and the in-process test
 * helpers): parse config, load inputs through IO managers, compute, store the output through
 * its IO manager, and return a reference with small metadata.
 */
export async function executeStep(execution: StepExecution): Promise<StepOutput & { value: unknown; record?: MaterializationRecord }> {
  if (execution.step.kind === 'check') return executeCheck(execution);
  const { definitions, step, runId, partitionKey, log, overrides } = execution;
  const ioManagerOf = (key: string): IOManager => overrides?.ioManagers?.[key] ?? definitions.ioManagers[key];
  const catalog = overrides?.catalog ?? definitions.catalog;
  const started = performance.now();
  const definition = step.kind === 'op' ? definitions.getOp(step.key) : step.outputs ? definitions.getMultiAsset(step.key) : definitions.getAsset(step.key);
  const owner = step.outputs ? `multi-asset '${step.key}'` : `${step.kind} '${step.key}'`;
  const computeDefinition: ComputeDefinition = { key: step.key, config: definition.config, compute: definition.compute };
  const config = parseConfig(computeDefinition, step.config);
  // The run's partition applies to partitioned assets only; unpartitioned steps in the same run have none.
  const partitions = 'partitions' in definition ? definition.partitions : undefined;
  const ownPartition = partitions ? partitionKey : undefined;
  if (partitions && ownPartition === undefined) {
    throw new PartitionError(`asset '${step.key}' is partitioned ${partitions.description}: materialize it with a partition key`);
  }
  const resources = await stepResources(definitions, definition.resources, owner, overrides?.resources);
  const inputs: Record<string, unknown> = {};
  for (const input of step.inputs) {
    // In a re-execution, an upstream not run again is read where its earlier run left it.
    const inline = execution.inlineInputs?.[input.from] ?? input.fromRun?.inline;
    if (inline) {
      inputs[input.name] = inline.value;
      continue;
    }
    const upstreamPartitions = input.fromAsset ? definitions.assets.get(input.from)?.partitions : undefined;
    const load = (partition: string | undefined) => {
      const upstream: OutputRef = { stepKey: input.from, runId: input.fromRun?.runId ?? runId, ...(input.fromAsset ? { assetKey: input.from } : {}), ...(partition !== undefined ? { partitionKey: partition } : {}) };
      const context: InputContext = { upstream, stepKey: step.key, inputName: input.name, runId, log };
      return ioManagerOf(input.ioManagerKey).loadInput(context);
    };
    if (!upstreamPartitions) inputs[input.name] = await load(undefined);
    else if (ownPartition !== undefined) inputs[input.name] = await load(ownPartition);
    else inputs[input.name] = await loadAllPartitions(catalog, step.key, input.name, input.from, load);
  }
  const userMetadata: Metadata = {};
  const context: StepContext<unknown> = {
    runId,
    stepKey: step.key,
    assetKey: step.kind === 'asset' && !step.outputs ? step.key : undefined,
    ...(step.outputs ? { selectedOutputs: step.outputs.map((o) => o.name) } : {}),
    ...(ownPartition !== undefined ? { partitionKey: ownPartition, partitionTimeWindow: partitions!.timeWindow(ownPartition) } : {}),
    attempt: execution.attempt,
    config,
    resources,
    signal: execution.signal,
    log,
    addOutputMetadata: (metadata) => Object.assign(userMetadata, metadata),
  };
  const value = await runCompute(computeDefinition, inputs, context);
  // Before anything is published: metadata that cannot travel fails the step with the previous output in place.
  assertMetadataTravels(`'${step.key}'`, userMetadata);
  if (step.outputs) {
    const multi = definitions.getMultiAsset(step.key);
    return storeMultiAssetOutputs(execution, multi, outputValues(step.key, step.outputs, Object.keys(multi.outs), value), { ownPartition, userMetadata, started, ioManagerOf, catalog });
  }
  // An op that returns nothing (a load into a warehouse) has no output to store; a small one may ride inline.
  const inline = inlineOutput(execution, value);
  const stored =
    step.kind === 'op' && value === undefined
      ? { location: '', metadata: {} }
      : inline
        ? { location: 'inline', metadata: { bytes: inline.bytes } }
        : await withPublishFence(execution.fence, () =>
          ioManagerOf(step.ioManagerKey).handleOutput(
            { stepKey: step.key, runId, ...(step.kind === 'asset' ? { assetKey: step.key } : {}), ...(ownPartition !== undefined ? { partitionKey: ownPartition } : {}), log, writerId: execution.writerId },
            value,
          ),
        );
  const metadata = { ...(stored.metadata ?? {}), ...userMetadata };
  // An IO manager's own metadata is checked too (only after its write, which it alone controls).
  assertMetadataTravels(`'${step.key}'`, metadata);
  const rows = typeof metadata.rows === 'number' ? metadata.rows : undefined;
  let record: MaterializationRecord | undefined;
  if (step.kind === 'asset') {
    record = materializationRecord(execution, { assetKey: step.key, partitionKey: ownPartition, location: stored.location, rows, metadata });
    // The code version of the code that ran (this worker's definition), for staleness.
    const codeVersion = 'codeVersion' in definition ? definition.codeVersion : undefined;
    execution.fence?.assertCurrent();
    await catalog.recordMaterialization({ ...record, stepKey: step.key, ...(codeVersion !== undefined ? { codeVersion } : {}) });
  }
  const durationMs = Math.round(performance.now() - started);
  log.info({ location: stored.location, rows, durationMs }, `${step.kind === 'op' ? 'ran op' : 'materialized'} ${step.key}`);
  return {
    location: stored.location,
    ioManagerKey: step.ioManagerKey,
    ...(rows !== undefined ? { rows } : {}),
    durationMs,
    attempt: execution.attempt,
    metadata,
    ...(inline ? { inline: { value } } : {}),
    value,
    ...(record ? { record } : {}),
  };
}

/** The catalog record of one asset (or one out of a multi-asset) this attempt stored. */
function materializationRecord(
  execution: StepExecution,
  stored: { assetKey: string; partitionKey: string | undefined; location: string; rows: number | undefined; metadata: Metadata },
): MaterializationRecord {
  return {
    assetKey: stored.assetKey,
    ...(stored.partitionKey !== undefined ? { partitionKey: stored.partitionKey } : {}),
    runId: execution.runId,
    ...(execution.workflowId ? { workflowId: execution.workflowId } : {}),
    ...(execution.runName ? { runName: execution.runName } : {}),
    location: stored.location,
    ...(stored.rows !== undefined ? { rows: stored.rows } : {}),
    metadata: stored.metadata,
    attempt: execution.attempt,
    materializedAt: new Date().toISOString(),
  };
}

/** What storing a multi-asset's outs needs from the step's execution so far. */
interface MultiAssetStore {
  ownPartition: string | undefined;
  userMetadata: Metadata;
  started: number;
  ioManagerOf: (key: string) => IOManager;
  catalog: CatalogStore;
}

/**
 * Stores each out of a multi-asset's step through its own IO manager and records each in the
 * catalog as its own materialization (the compute's metadata goes with every out). The step's
 * location lists the outs' locations (`orders=<path>, refunds=<path>`); rows are the sum.
 */
async function storeMultiAssetOutputs(
  execution: StepExecution,
  multi: AnyMultiAsset,
  values: Record<string, unknown>,
  { ownPartition, userMetadata, started, ioManagerOf, catalog }: MultiAssetStore,
): Promise<StepOutput & { value: unknown }> {
  const { step, runId, log } = execution;
  const locations: string[] = [];
  const rowCounts: number[] = [];
  for (const out of step.outputs!) {
    const stored = await withPublishFence(execution.fence, () =>
      ioManagerOf(out.ioManagerKey).handleOutput(
        { stepKey: out.key, runId, assetKey: out.key, ...(ownPartition !== undefined ? { partitionKey: ownPartition } : {}), log, writerId: execution.writerId },
        values[out.name],
      ),
    );
    const metadata = { ...(stored.metadata ?? {}), ...userMetadata };
    assertMetadataTravels(`'${step.key}' out '${out.name}'`, metadata);
    const rows = typeof metadata.rows === 'number' ? metadata.rows : undefined;
    if (rows !== undefined) rowCounts.push(rows);
    locations.push(`${out.name}=${stored.location}`);
    const codeVersion = multi.outs[out.name]?.codeVersion;
    execution.fence?.assertCurrent();
    await catalog.recordMaterialization({
      ...materializationRecord(execution, { assetKey: out.key, partitionKey: ownPartition, location: stored.location, rows, metadata }),
      stepKey: step.key,
      ...(codeVersion !== undefined ? { codeVersion } : {}),
    });
  }
  const durationMs = Math.round(performance.now() - started);
  const rows = rowCounts.length ? rowCounts.reduce((a, b) => a + b, 0) : undefined;
  const location = locations.join(', ');
  log.info({ location, rows, durationMs }, `materialized ${step.outputs!.map((o) => o.key).join(', ')} (multi-asset ${step.key})`);
  return {
    location,
    ioManagerKey: step.ioManagerKey,
    ...(rows !== undefined ? { rows } : {}),
    durationMs,
    attempt: execution.attempt,
    metadata: { ...userMetadata, outputs: step.outputs!.map((o) => o.key) },
    value: values,
  };
}

/** What a step's compute and config come from: an asset, or an op under its name. */
export interface ComputeDefinition {
  readonly key: string;
  readonly config?: ConfigSchema;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly compute: (args: any) => unknown;
}

/**
 * Calls a compute with its inputs, config and context, the one way every executor (and
 * `invokeAsset` in assetflow/testing) does: a thrown non-Error is wrapped so it is named.
 */
export async function runCompute(definition: ComputeDefinition, inputs: Record<string, unknown>, context: StepContext<unknown>): Promise<unknown> {
  try {
    return await definition.compute({ ...inputs, config: context.config, context });
  } catch (err) {
    // Cancelled or timed out: rethrow as is, so the attempt is reported cancelled, not failed.
    if (context.signal.aborted) throw err;
    throw isError(err) ? err : new NonErrorThrown(definition.key, err);
  }
}

/** A step's config validated by its zod schema (defaults applied); RunConfigError names the paths. */
export function parseConfig(definition: Pick<ComputeDefinition, 'key' | 'config'>, raw: unknown): unknown {
  if (!definition.config) return {};
  const schema: ConfigSchema = definition.config;

  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new RunConfigError(parsed.error.issues.map((i) => ({ path: [`ops.${definition.key}.config`, ...i.path.map(String)].join('.'), message: i.message })));
}

/** The serialized size of an op output that may ride inline, or undefined when it goes to an IO manager. */
function inlineOutput(execution: StepExecution, value: unknown): { bytes: number } | undefined {
  const { step, definitions, inlineLimitBytes } = execution;
  if (step.kind !== 'op' || inlineLimitBytes === undefined || value === undefined) return undefined;
  if (!definitions.hasBuiltInIOManager(step.ioManagerKey, 'io_manager') || findNonJson(value) !== undefined) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(value));
  return bytes <= inlineLimitBytes ? { bytes } : undefined;
}

/**
 * The resources a step declared: given overrides first (test helpers), the rest built by the
 * Definitions' resource set. A step sees only what it declared.
 */
async function stepResources(definitions: Definitions, declared: object, owner: string, given: Readonly<Record<string, unknown>> = {}): Promise<Record<string, unknown>> {
  const keys = Object.keys(declared ?? {});
  const built = await definitions.resolveResources(Object.fromEntries(keys.filter((k) => !(k in given)).map((k) => [k, true])), owner);
  return { ...built, ...Object.fromEntries(keys.filter((k) => k in given).map((k) => [k, given[k]])) };
}

/** An Error from any realm (errors made by Node itself, e.g. AbortError, fail `instanceof Error` inside a vm context). */
function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

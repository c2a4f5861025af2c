import type { ConfigSchema } from './asset';
import type { MaterializationCatalog } from './catalog';
import type { StepContext } from './context';
import type { Definitions } from './definitions';
import { DefinitionError, RunConfigError } from './errors';
import { MissingInputError, UnsupportedOutputError, type IOManager, type InputContext, type OutputRef } from './io/io-manager';
import type { Logger } from './logger';
import { assertMetadataSize, OversizeMetadataError, type Metadata } from './metadata';
import type { PlanStep, StepOutput } from './plan';

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
}

export interface StepOverrides {
  /** IO managers by key; keys not given fall back to the Definitions' own. */
  ioManagers?: Readonly<Record<string, IOManager>>;
  catalog?: MaterializationCatalog;
  resources?: Readonly<Record<string, unknown>>;
}

/** A compute threw something that is not an Error: wrapped so its value is kept and named. */
export class NonErrorThrown extends Error {
  constructor(stepKey: string, value: unknown) {
    let shown: string;
    try {
      shown = JSON.stringify(value) ?? String(value);
    } catch {
      shown = String(value);
    }
    super(`'${stepKey}' threw a non-Error value (${typeof value}): ${shown}. Throw an Error so a stack trace is kept.`);
    this.name = 'NonErrorThrown';
  }
}

/**
 * Runs one step the way every executor does (the Temporal activity and the in-process test
 * helpers): parse config, load inputs through IO managers, compute, store the output through
 * its IO manager, and return a reference with small metadata.
 */
export async function executeStep(execution: StepExecution): Promise<StepOutput & { value: unknown }> {
  const { definitions, step, runId, partitionKey, log, overrides } = execution;
  const ioManagerOf = (key: string): IOManager => overrides?.ioManagers?.[key] ?? definitions.ioManagers[key];
  const catalog = overrides?.catalog ?? definitions.catalog;
  const started = performance.now();
  const definition = definitions.getAsset(step.key);
  const config = parseConfig(definition, step.config);
  const inputs: Record<string, unknown> = {};
  for (const input of step.inputs) {
    const upstream: OutputRef = { stepKey: input.from, runId, ...(input.fromAsset ? { assetKey: input.from } : {}), ...(partitionKey !== undefined ? { partitionKey } : {}) };
    const context: InputContext = { upstream, stepKey: step.key, inputName: input.name, runId, log };
    inputs[input.name] = await ioManagerOf(input.ioManagerKey).loadInput(context);
  }
  const userMetadata: Metadata = {};
  const context: StepContext<unknown> = {
    runId,
    stepKey: step.key,
    assetKey: step.kind === 'asset' ? step.key : undefined,
    partitionKey,
    attempt: execution.attempt,
    config,
    resources: overrides?.resources ?? definitions.resources,
    signal: execution.signal,
    log,
    addOutputMetadata: (metadata) => Object.assign(userMetadata, metadata),
  };
  const value = await runCompute(definition, inputs, context);
  const ioManager = ioManagerOf(step.ioManagerKey);
  const stored = await ioManager.handleOutput(
    { stepKey: step.key, runId, ...(step.kind === 'asset' ? { assetKey: step.key } : {}), ...(partitionKey !== undefined ? { partitionKey } : {}), log, writerId: execution.writerId },
    value,
  );
  const metadata = { ...(stored.metadata ?? {}), ...userMetadata };
  assertMetadataSize(`'${step.key}'`, metadata);
  const rows = typeof metadata.rows === 'number' ? metadata.rows : undefined;
  if (step.kind === 'asset') {
    await catalog.record({
      assetKey: step.key,
      ...(partitionKey !== undefined ? { partitionKey } : {}),
      runId,
      ...(execution.workflowId ? { workflowId: execution.workflowId } : {}),
      ...(execution.runName ? { runName: execution.runName } : {}),
      location: stored.location,
      ...(rows !== undefined ? { rows } : {}),
      metadata,
      attempt: execution.attempt,
      materializedAt: new Date().toISOString(),
    });
  }
  const durationMs = Math.round(performance.now() - started);
  log.info({ location: stored.location, rows, durationMs }, `materialized ${step.key}`);
  return { location: stored.location, ioManagerKey: step.ioManagerKey, ...(rows !== undefined ? { rows } : {}), durationMs, attempt: execution.attempt, metadata, value };
}

/** What a step's compute and config come from (an asset, and ops when they land). */
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
    throw err instanceof Error ? err : new NonErrorThrown(definition.key, err);
  }
}

/** Errors that another attempt cannot fix: executors fail the step at once instead of retrying. */
const NON_RETRYABLE = [RunConfigError, DefinitionError, UnsupportedOutputError, OversizeMetadataError, MissingInputError, NonErrorThrown];

export function isRetryable(err: unknown): boolean {
  return !NON_RETRYABLE.some((type) => err instanceof type);
}

/** A step's config validated by its zod schema (defaults applied); RunConfigError names the paths. */
export function parseConfig(definition: Pick<ComputeDefinition, 'key' | 'config'>, raw: unknown): unknown {
  if (!definition.config) return {};
  const schema: ConfigSchema = definition.config;
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new RunConfigError(parsed.error.issues.map((i) => ({ path: [`ops.${definition.key}.config`, ...i.path.map(String)].join('.'), message: i.message })));
}

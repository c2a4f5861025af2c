import type { AnyAsset, ConfigSchema } from './asset';
import type { StepContext } from './context';
import type { Definitions } from './definitions';
import { PartitionError, RunConfigError } from './errors';
import { loadAllPartitions } from './io/all-partitions';
import type { InputContext, OutputRef } from './io/io-manager';
import type { Logger } from './logger';
import { assertMetadataSize, type Metadata } from './metadata';
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
  const { definitions, step, runId, partitionKey, log } = execution;
  const started = performance.now();
  const definition = definitions.getAsset(step.key);
  const config = parseConfig(definition, step.config);
  // The run's partition applies to partitioned assets only; unpartitioned ones in the same run have none.
  const ownPartition = definition.partitions ? partitionKey : undefined;
  if (definition.partitions && ownPartition === undefined) {
    throw new PartitionError(`asset '${step.key}' is partitioned ${definition.partitions.description}: materialize it with a partition key`);
  }
  const inputs: Record<string, unknown> = {};
  for (const input of step.inputs) {
    const upstreamPartitions = input.fromAsset ? definitions.assets.get(input.from)?.partitions : undefined;
    const load = (partition: string | undefined) => {
      const upstream: OutputRef = { stepKey: input.from, runId, ...(input.fromAsset ? { assetKey: input.from } : {}), ...(partition !== undefined ? { partitionKey: partition } : {}) };
      const context: InputContext = { upstream, stepKey: step.key, inputName: input.name, runId, log };
      return definitions.ioManagers[input.ioManagerKey].loadInput(context);
    };
    if (!upstreamPartitions) inputs[input.name] = await load(input.fromAsset ? undefined : partitionKey);
    else if (ownPartition !== undefined) inputs[input.name] = await load(ownPartition);
    else inputs[input.name] = await loadAllPartitions(definitions, step.key, input.name, input.from, load);
  }
  const userMetadata: Metadata = {};
  const context: StepContext<unknown> = {
    runId,
    stepKey: step.key,
    assetKey: step.kind === 'asset' ? step.key : undefined,
    ...(ownPartition !== undefined ? { partitionKey: ownPartition, partitionTimeWindow: definition.partitions!.timeWindow(ownPartition) } : {}),
    attempt: execution.attempt,
    config,
    resources: definitions.resources,
    signal: execution.signal,
    log,
    addOutputMetadata: (metadata) => Object.assign(userMetadata, metadata),
  };
  let value: unknown;
  try {
    value = await definition.compute({ ...inputs, config, context } as never);
  } catch (err) {
    throw err instanceof Error ? err : new NonErrorThrown(step.key, err);
  }
  const ioManager = definitions.ioManagers[step.ioManagerKey];
  const stored = await ioManager.handleOutput(
    { stepKey: step.key, runId, ...(step.kind === 'asset' ? { assetKey: step.key } : {}), ...(ownPartition !== undefined ? { partitionKey: ownPartition } : {}), log, writerId: execution.writerId },
    value,
  );
  const metadata = { ...(stored.metadata ?? {}), ...userMetadata };
  assertMetadataSize(`'${step.key}'`, metadata);
  const rows = typeof metadata.rows === 'number' ? metadata.rows : undefined;
  if (step.kind === 'asset') {
    await definitions.catalog.record({
      assetKey: step.key,
      ...(ownPartition !== undefined ? { partitionKey: ownPartition } : {}),
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

function parseConfig(definition: AnyAsset, raw: unknown): unknown {
  if (!definition.config) return {};
  const schema: ConfigSchema = definition.config;
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new RunConfigError(parsed.error.issues.map((i) => ({ path: [`ops.${definition.key}.config`, ...i.path.map(String)].join('.'), message: i.message })));
}

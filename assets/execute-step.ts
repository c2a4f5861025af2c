import type { ConfigSchema } from './asset';
import type { StepContext } from './context';
import type { Definitions } from './definitions';
import { RunConfigError } from './errors';
import type { InputContext, OutputRef } from './io/io-manager';
import type { Logger } from './logger';
import { assertMetadataSize, type Metadata } from './metadata';
import type { InlineValue, PlanStep, StepOutput } from './plan';
import { findNonJson } from './io/values';

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
  /** Small upstream op outputs carried inline, by upstream step key: used instead of loading. */
  inlineInputs?: Readonly<Record<string, InlineValue>>;
  /** Let a plain-JSON op output up to this many bytes ride inline instead of being stored. Default: never. */
  inlineLimitBytes?: number;
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
  const definition = step.kind === 'op' ? definitions.getOp(step.key) : definitions.getAsset(step.key);
  const owner = `${step.kind} '${step.key}'`;
  const config = parseConfig(step.key, definition.config, step.config);
  const resources = await definitions.resolveResources(definition.resources, owner);
  const inputs: Record<string, unknown> = {};
  for (const input of step.inputs) {
    const inline = execution.inlineInputs?.[input.from];
    if (inline) {
      inputs[input.name] = inline.value;
      continue;
    }
    const upstream: OutputRef = { stepKey: input.from, runId, ...(input.fromAsset ? { assetKey: input.from } : {}), ...(partitionKey !== undefined ? { partitionKey } : {}) };
    const context: InputContext = { upstream, stepKey: step.key, inputName: input.name, runId, log };
    inputs[input.name] = await definitions.ioManagers[input.ioManagerKey].loadInput(context);
  }
  const userMetadata: Metadata = {};
  const context: StepContext<unknown> = {
    runId,
    stepKey: step.key,
    assetKey: step.kind === 'asset' ? step.key : undefined,
    partitionKey,
    attempt: execution.attempt,
    config,
    resources,
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
  // An op that returns nothing (a load into a warehouse) has no output to store; a small one may ride inline.
  const inline = inlineOutput(execution, value);
  const stored =
    step.kind === 'op' && value === undefined
      ? { location: '', metadata: {} }
      : inline
        ? { location: 'inline', metadata: { bytes: inline.bytes } }
        : await definitions.ioManagers[step.ioManagerKey].handleOutput(
          { stepKey: step.key, runId, ...(step.kind === 'asset' ? { assetKey: step.key } : {}), ...(partitionKey !== undefined ? { partitionKey } : {}), log, writerId: execution.writerId },
          value,
        );
  const metadata = { ...(stored.metadata ?? {}), ...userMetadata };
  assertMetadataSize(`'${step.key}'`, metadata);
  const rows = typeof metadata.rows === 'number' ? metadata.rows : undefined;
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
  };
}

/** The serialized size of an op output that may ride inline, or undefined when it goes to an IO manager. */
function inlineOutput(execution: StepExecution, value: unknown): { bytes: number } | undefined {
  const { step, definitions, inlineLimitBytes } = execution;
  if (step.kind !== 'op' || inlineLimitBytes === undefined || value === undefined) return undefined;
  if (!definitions.hasBuiltInIOManager(step.ioManagerKey, 'io_manager') || findNonJson(value) !== undefined) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(value));
  return bytes <= inlineLimitBytes ? { bytes } : undefined;
}

function parseConfig(stepKey: string, schema: ConfigSchema | undefined, raw: unknown): unknown {
  if (!schema) return {};
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new RunConfigError(parsed.error.issues.map((i) => ({ path: [`ops.${stepKey}.config`, ...i.path.map(String)].join('.'), message: i.message })));
}

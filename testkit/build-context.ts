import { randomUUID } from 'node:crypto';
import type { ConfigOf, ConfigSchema } from '../assets/asset';
import type { StepContext } from '../assets/context';
import type { PartitionsDefinition, TimeWindow } from '../assets/partitions';
import { PartitionError } from '../errors/errors';
import { parseConfig } from '../execution/execute-step';
import { rootLogger, type Logger } from '../execution/logger';
import type { Metadata } from '../execution/metadata';

/** A step context for tests: a real one, plus the metadata the compute attached. */
export interface TestStepContext<Config = unknown> extends StepContext<Config> {
  /** Everything passed to `addOutputMetadata` so far, merged. */
  readonly outputMetadata: Metadata;
}

/** A definition whose config schema parses a test's config, and whose partitions check a test's partition key (an asset or an op). */
export interface ConfiguredStep {
  readonly key: string;
  readonly config?: ConfigSchema;
  readonly partitions?: PartitionsDefinition;
}

/** The compute-side config type of a step (an asset's zod output, or `{}` without a schema). */
export type StepConfigOf<S> = S extends { readonly config?: infer Schema } ? ConfigOf<Schema> : Record<string, unknown>;

export interface BuildContextOptions<S extends ConfiguredStep | undefined = undefined> {
  /** The step whose zod schema validates `config` (defaults applied, errors name the paths). */
  step?: S;
  /** The step's config as a run config would give it (`ops.<key>.config`). */
  config?: unknown;
  /** Resources by name, as `Definitions({ resources })` would hand them. */
  resources?: Record<string, unknown>;
  /**
   * The partition the compute materializes. With a partitioned `step`, the key is checked against
   * its partitions (PartitionError naming the valid keys) and, for daily and hourly partitions,
   * sets `partitionTimeWindow` as a run would.
   */
  partitionKey?: string;
  /** The partition's time window, when the compute should see another one (or one without a partitioned step). */
  partitionTimeWindow?: TimeWindow;
  /** Default a fresh `test-<uuid>`. */
  runId?: string;
  /** Default 1. */
  attempt?: number;
  /** Default a signal that never aborts; pass an AbortController's to test cancellation. */
  signal?: AbortSignal;
  /** Default the process logger, tagged with the run and step. */
  log?: Logger;
}

/**
 * Builds the context a compute receives, without a Temporal server (Dagster's
 * `build_op_context` / `build_asset_context`). Config is validated by the step's zod schema
 * exactly as in a run; `outputMetadata` shows what the compute attached.
 *
 * @example
 * ```ts
 * const context = buildAssetContext({ step: rawSales, config: { apiUrl: 'https://api.example.com/sales' } });
 * context.config.timeoutSeconds; // 30: the schema's default
 * ```
 */
export function buildAssetContext<S extends ConfiguredStep | undefined = undefined>(options: BuildContextOptions<S> = {}): TestStepContext<StepConfigOf<S>> {
  return buildStepContext(options, 'asset');
}

/** Builds an op's context; see {@link buildAssetContext}. */
export function buildOpContext<S extends ConfiguredStep | undefined = undefined>(options: BuildContextOptions<S> = {}): TestStepContext<StepConfigOf<S>> {
  return buildStepContext(options, 'op');
}

function buildStepContext<S extends ConfiguredStep | undefined>(options: BuildContextOptions<S>, kind: 'asset' | 'op'): TestStepContext<StepConfigOf<S>> {
  const stepKey = options.step?.key ?? `test_${kind}`;
  const runId = options.runId ?? `test-${randomUUID()}`;
  const attempt = options.attempt ?? 1;
  const config = (options.step ? parseConfig(options.step, options.config) : (options.config ?? {})) as StepConfigOf<S>;
  const outputMetadata: Metadata = {};
  const partitionTimeWindow = options.partitionTimeWindow ?? timeWindowOf(options.step, options.partitionKey, kind);
  return {
    runId,
    stepKey,
    assetKey: kind === 'asset' ? stepKey : undefined,
    partitionKey: options.partitionKey,
    ...(partitionTimeWindow !== undefined ? { partitionTimeWindow } : {}),
    attempt,
    config,
    resources: { ...(options.resources ?? {}) },
    signal: options.signal ?? new AbortController().signal,
    log: options.log ?? rootLogger().child({ runId, step: stepKey, attempt }),
    outputMetadata,
    addOutputMetadata: (metadata) => Object.assign(outputMetadata, metadata),
  };
}

/** The window of `partitionKey` in the step's partitions (checked as a run checks it: the key must exist now). */
function timeWindowOf(step: ConfiguredStep | undefined, partitionKey: string | undefined, kind: 'asset' | 'op'): TimeWindow | undefined {
  if (partitionKey === undefined || !step?.partitions) return undefined;
  try {
    step.partitions.validateKey(partitionKey, new Date());
  } catch (err) {
    throw new PartitionError(`${kind} '${step.key}': ${(err as Error).message}`);
  }
  return step.partitions.timeWindow(partitionKey);
}

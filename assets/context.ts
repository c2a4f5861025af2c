import type { Logger } from '../execution/logger';
import type { Metadata } from '../execution/metadata';
import type { TimeWindow } from './partitions';

/**
 * What an asset's or op's compute receives as `context`: the run, the step, its config,
 * a logger tagged with both, resources, and a way to attach metadata to the output.
 */
export interface StepContext<Config = unknown, Resources = Readonly<Record<string, unknown>>> {
  /** The assetflow run id (also the suffix of the Temporal workflow id). */
  readonly runId: string;
  /** The asset key or op name being computed. */
  readonly stepKey: string;
  /** Set when computing an asset. */
  readonly assetKey?: string;
  /** Set when the run targets one partition. */
  readonly partitionKey?: string;
  /** The partition's time window `[start, end)`, for daily and hourly partitions. */
  readonly partitionTimeWindow?: TimeWindow;
  /** 1 on the first try, 2 on the first retry, ... */
  readonly attempt: number;
  /** The step's config, validated by its zod schema (defaults applied). */
  readonly config: Config;
  /** The resources the step declares (`resources: { warehouse: resourceParam<T>() }`), built from `Definitions({ resources })`. */
  readonly resources: Resources;
  /** Aborted when the run is cancelled or this attempt timed out: pass it to fetch and long loops. */
  readonly signal: AbortSignal;
  /** A pino logger whose lines carry `runId` and `step`. */
  readonly log: Logger;
  /** Merge metadata into the output's record (shown in the run result and Temporal Web). */
  addOutputMetadata(metadata: Metadata): void;
}

/** The context of an asset's compute. */
export type AssetContext<Config = unknown, Resources = Readonly<Record<string, unknown>>> = StepContext<Config, Resources>;

/** The context of an op's compute. */
export type OpContext<Config = unknown, Resources = Readonly<Record<string, unknown>>> = StepContext<Config, Resources>;

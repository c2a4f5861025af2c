import { AssetflowError } from '../errors/assetflow-error';
import type { Logger } from '../execution/logger';
import type { Metadata } from '../execution/metadata';
import type { PartitionsDefinition } from '../assets/partitions';

/** Identifies one stored output: an asset (by key, and partition) or an op's output in one run. */
export interface OutputRef {
  /** The asset key or op node name. */
  stepKey: string;
  /** Set for assets: outputs are addressed by asset key and survive across runs. */
  assetKey?: string;
  /** Set for op outputs: they belong to the run that produced them. */
  runId: string;
  partitionKey?: string;
}

/** What `handleOutput` receives besides the value. */
export interface OutputContext extends OutputRef {
  log: Logger;
  /** Stable across retries of this step in this run: pass it to writeAtomically (it names temp files after it). */
  writerId: string;
}

/** What `loadInput` receives: the upstream output to load, for which consumer. */
export interface InputContext {
  /** The upstream output to load. */
  upstream: OutputRef;
  /** The consuming step and input name. */
  stepKey: string;
  inputName: string;
  runId: string;
  log: Logger;
}

/** Where an output went, plus metadata the IO manager wants recorded. */
export interface StoredOutput {
  /** A URI or path a person (or another IO manager) can use to find the data. */
  location: string;
  metadata?: Metadata;
}

/**
 * Stores step outputs and loads them as inputs of downstream steps, as Dagster's IOManager.
 *
 * @example
 * ```ts
 * const memory = new Map<string, unknown>();
 * const inMemory: IOManager = {
 *   handleOutput: (ctx, value) => { memory.set(ctx.stepKey, value); return { location: `memory://${ctx.stepKey}` }; },
 *   loadInput: (ctx) => memory.get(ctx.upstream.stepKey),
 * };
 * ```
 */
export interface IOManager {
  handleOutput(context: OutputContext, value: unknown): Promise<StoredOutput> | StoredOutput;
  loadInput(context: InputContext): Promise<unknown> | unknown;
  /**
   * Optional: checks, when the Definitions are built, where this IO manager would store the
   * assets bound to it (under `ioManagerKey`), and returns the problems as sentences naming the
   * assets: two assets stored in one place (each would overwrite the other), or a key the storage
   * cannot name. An empty list when all is well.
   */
  checkAssets?(assets: readonly StoredAsset[], ioManagerKey: string): string[];
}

/** An asset as {@link IOManager.checkAssets} sees it: its key and partitions. */
export interface StoredAsset {
  readonly key: string;
  readonly partitions?: PartitionsDefinition;
}

/** Thrown when an IO manager is handed a value it cannot store. Not retried. */
export class UnsupportedOutputError extends AssetflowError {
  constructor(stepKey: string, ioManagerKey: string, got: string, stores: string) {
    super(
      `'${stepKey}' returned ${got}, which IO manager '${ioManagerKey}' cannot store: it stores ${stores}. ` +
        `Return such a value, or give '${stepKey}' an ioManagerKey whose IO manager stores ${got}.`,
      { code: 'OUTPUT_UNSUPPORTED', retryable: false },
    );
    this.name = 'UnsupportedOutputError';
  }
}

/** Thrown when an input's upstream output is not where its IO manager looks. Not retried: materialize the upstream first. */
export class MissingInputError extends AssetflowError {
  constructor(context: InputContext, where: string) {
    const up = context.upstream;
    super(
      `'${context.stepKey}' needs input '${context.inputName}' from '${up.stepKey}'` +
        `${up.partitionKey ? ` [${up.partitionKey}]` : ''}, but nothing is stored at ${where}. ` +
        `Materialize '${up.stepKey}' first (or include it in the selection, e.g. '+${context.stepKey}').`,
      { code: 'INPUT_MISSING', retryable: false },
    );
    this.name = 'MissingInputError';
  }
}

/** Thrown when a stored upstream output exists but cannot be read (a corrupt or foreign file). Not retried. */
export class CorruptInputError extends AssetflowError {
  constructor(context: InputContext, where: string, reason: string) {
    super(
      `'${context.stepKey}' could not read input '${context.inputName}' from ${where}: ${reason}. ` +
        `The file is corrupt or not what '${context.upstream.stepKey}' writes: re-materialize '${context.upstream.stepKey}'.`,
      { code: 'INPUT_CORRUPT', retryable: false },
    );
    this.name = 'CorruptInputError';
  }
}

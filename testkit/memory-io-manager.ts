import type { InputContext, IOManager, OutputContext, OutputRef } from '../storage/io-manager';
import { MissingInputError } from '../storage/io-manager';
import { isDataFrame, isLazyFrame } from '../storage/values';
import type { Metadata } from '../execution/metadata';

/** An IO manager keeping every output in a Map (Dagster's mem_io_manager). */
export interface MemoryIOManager extends IOManager {
  /** Stored values by {@link memoryKey}. */
  readonly values: Map<string, unknown>;
}

/** Where an output lives in memory: assets by key (and partition), op outputs by run and node. */
export function memoryKey(ref: Pick<OutputRef, 'stepKey' | 'assetKey' | 'runId' | 'partitionKey'>): string {
  const base = ref.assetKey !== undefined ? ref.assetKey : `${ref.runId}/${ref.stepKey}`;
  return ref.partitionKey !== undefined ? `${base}[${ref.partitionKey}]` : base;
}

/**
 * Keeps outputs in memory instead of storage. A LazyDataFrame is collected when stored, so
 * downstream steps receive a DataFrame exactly as they do from the Parquet IO manager.
 */
export function memoryIOManager(initial?: Iterable<[string, unknown]>): MemoryIOManager {
  const values = new Map<string, unknown>(initial);
  return {
    values,
    async handleOutput(context: OutputContext, value: unknown) {
      const stored = isLazyFrame(value) ? await value.collect() : value;
      const key = memoryKey(context);
      values.set(key, stored);
      const metadata: Metadata = isDataFrame(stored) ? { rows: stored.height, columns: stored.columns } : {};
      return { location: `memory://${key}`, metadata };
    },
    loadInput(context: InputContext) {
      const key = memoryKey(context.upstream);
      if (!values.has(key)) throw new MissingInputError(context, `memory://${key}`);
      return values.get(key);
    },
  };
}

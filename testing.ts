/**
 * assetflow/testing: test assets (and ops) without a Temporal server, with the same step
 * executor the activities use (Dagster's build_op_context, materialize_to_memory,
 * execute_in_process).
 *
 * @example
 * ```ts
 * import { invokeAsset, materializeToMemory } from 'assetflow/testing';
 * const cleaned = await invokeAsset(cleanedSales, { inputs: { rawSales: testFrame } });
 * const result = await materializeToMemory([rawSales, cleanedSales], { runConfig });
 * expect(result.success).toBe(true);
 * ```
 * @packageDocumentation
 */
export { buildAssetContext, buildOpContext } from './testkit/build-context';
export type { BuildContextOptions, ConfiguredStep, StepConfigOf, TestStepContext } from './testkit/build-context';
export { invokeAsset } from './testkit/invoke';
export type { InvokeAssetOptions } from './testkit/invoke';
export { executeInProcess, executePlanInProcess, materializeToMemory, InProcessStepError } from './testkit/execute-in-process';
export type { ExecuteInProcessOptions, InProcessOptions, InProcessResult, MaterializeToMemoryOptions, StepFailure } from './testkit/execute-in-process';
export { memoryIOManager, memoryKey } from './testkit/memory-io-manager';
export type { MemoryIOManager } from './testkit/memory-io-manager';
export { memoryCatalog } from './testkit/memory-catalog';
export { readHistories, replayHistories } from './client/replay-histories';
export type { ReplayOutcome } from './client/replay-histories';
export { exportHistories, fetchHistories, writeHistories } from './client/export-histories';
export type { ExportedHistory, HistorySource } from './client/export-histories';

/**
 * assetflow: Dagster's data-aware orchestration in TypeScript, running on Temporal.
 *
 * @example
 * ```ts
 * import { asset, Definitions } from 'assetflow';
 * const numbers = asset({ key: 'numbers', compute: () => [1, 2, 3] });
 * const total = asset({ key: 'total', ins: { numbers }, compute: ({ numbers }) => numbers.reduce((a, b) => a + b, 0) });
 * export default new Definitions({ assets: [numbers, total] });
 * ```
 * @packageDocumentation
 */
export { asset } from './assets/asset';
export type { AnyAsset, AssetComputeArgs, AssetDefinition, AssetSpec, ConfigOf, OutputOf } from './assets/asset';
export type { AssetContext, StepContext } from './assets/context';
export { Definitions } from './assets/definitions';
export { dailyPartitions, hourlyPartitions, staticPartitions, previousDayPartition } from './assets/partitions';
export type { PartitionsDefinition, TimePartitionsOptions, TimeWindow } from './assets/partitions';
export { partitionForSchedule } from './assets/scheduled-partition';
export type { BackfillInput, BackfillProgress, BackfillStatus, BackfillFailure } from './assets/backfill';
export { startBackfill, getBackfill, backfillResultOf, backfillHistorySizes } from './client/backfills';
export type { BackfillHandle, StartBackfillOptions } from './client/backfills';
export type { DefinitionsSpec, PlanOptions } from './assets/definitions';
export { DefinitionError, PartitionError, RunConfigError, SelectionError } from './assets/errors';
export type { ConfigIssue } from './assets/errors';
export type { RetryPolicy } from './assets/retry';
export type { RunConfig } from './assets/run-config';
export type { Metadata, MetadataValue } from './assets/metadata';
export type { RunPlan, RunResult, StepResult, StepStatus, RunStatus, RunTrigger } from './assets/plan';
export type { IOManager, InputContext, OutputContext, OutputRef, StoredOutput } from './assets/io/io-manager';
export { MissingInputError, UnsupportedOutputError } from './assets/io/io-manager';
export { NoPartitionsMaterializedError } from './assets/io/all-partitions';
export { parquetIOManager } from './assets/io/parquet-io-manager';
export { jsonIOManager } from './assets/io/json-io-manager';
export { defaultIOManager } from './assets/io/type-based-io-manager';
export { writeAtomically } from './assets/io/atomic-file';
export { createWorker } from './worker';
export type { AssetflowWorkerOptions } from './worker';
export { ensureDevServer, stopDevServer } from './client/dev-server';
export type { DevServer, DevServerOptions } from './client/dev-server';
export { materialize, startRun, runResultOf, runUrl } from './client/runs';
export type { RunHandle, StartRunOptions } from './client/runs';
export { temporalTargetFromEnv, DEFAULT_TASK_QUEUE } from './client/connection';
export type { TemporalTarget } from './client/connection';
export { loadDefinitions } from './client/load-definitions';

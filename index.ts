/**
 * assetflow: Dagster's data-aware orchestration in TypeScript, running on Temporal. Define assets
 * (and ops, jobs, schedules, sensors), collect them in a Definitions, run a worker for them, and
 * materialize: every run is a Temporal workflow, every materialization an activity.
 *
 * Test helpers are in `assetflow/testing`, the PostgreSQL integration in `assetflow/postgres`.
 *
 * @example
 * ```ts
 * import { Client, Connection } from '@temporalio/client';
 * import { asset, createWorker, Definitions, ensureDevServer, materialize } from 'assetflow';
 *
 * const numbers = asset({ key: 'numbers', compute: () => [1, 2, 3] });
 * const total = asset({ key: 'total', ins: { numbers }, compute: ({ numbers }) => numbers.reduce((a, b) => a + b, 0) });
 * const definitions = new Definitions({ assets: [numbers, total] });
 * export default definitions; // what `npx assetflow` loads
 *
 * // Materialize both on a local Temporal dev server (started if none runs).
 * export async function main(): Promise<void> {
 *   const server = await ensureDevServer();
 *   const target = { address: server.address, namespace: server.namespace };
 *   const worker = await createWorker({ definitions, target });
 *   const client = new Client({ connection: await Connection.connect({ address: target.address }), namespace: target.namespace });
 *   const result = await worker.runUntil(materialize(client, definitions, { selection: '*' }));
 *   console.log(result.status); // 'success'
 * }
 * ```
 * @packageDocumentation
 */

// Assets, ops and jobs: the definition API.
export { asset } from './assets/asset';
export type { AnyAsset, AssetComputeArgs, AssetDefinition, AssetSpec, ConfigOf, OutputOf } from './assets/asset';
export { multiAsset } from './assets/multi-asset';
export type { AnyMultiAsset, AssetOutSpec, AssetOuts, MultiAssetComputeArgs, MultiAssetContext, MultiAssetDefinition, MultiAssetSpec, OutAssets } from './assets/multi-asset';
export { MultiAssetOutputError } from './execution/multi-asset-outputs';
export { assetCheck } from './assets/asset-check';
export type { AssetCheckComputeArgs, AssetCheckContext, AssetCheckDefinition, AssetCheckFields, AssetCheckResult, AssetCheckSpec } from './assets/asset-check';
export { op, input } from './assets/op';
export type { AnyOp, InputType, OpComputeArgs, OpDefinition, OpFields, OpInput, OpIns, OpInvocationInputs, OpSpec } from './assets/op';
export { job } from './assets/job';
export type { JobDefinition, JobSpec } from './assets/job';
export type { JobNode, OpOutput } from './assets/composition';
export { defineAssetJob } from './assets/asset-job';
export type { AssetJobDefinition, AssetJobSpec } from './assets/asset-job';
export type { AssetContext, OpContext, StepContext } from './assets/context';
export type { RetryPolicy } from './assets/retry';
export type { Metadata, MetadataValue } from './execution/metadata';

// Partitions.
export { dailyPartitions, hourlyPartitions, staticPartitions, MAX_PARTITION_KEY_LENGTH } from './assets/partitions';
export type { PartitionsDefinition, TimePartitionsOptions, TimeWindow } from './assets/partitions';

// Schedules and sensors.
export { schedule, DEFAULT_CATCHUP_WINDOW_SECONDS, DEFAULT_OVERLAP, DEFAULT_TIMEZONE } from './assets/schedule';
export type { ScheduleContext, ScheduleDefinition, ScheduleOverlap, ScheduleSpec } from './assets/schedule';
export { previousDayPartition } from './assets/partitions';
export { partitionForSchedule } from './planning/scheduled-partition';
export { sensor, assetSensor } from './assets/sensor';
export type { SensorSpec, AssetSensorSpec, SensorDefinition, SensorContext, AssetSensorContext, SensorRunRequest, SensorResult } from './assets/sensor';
export type { MaterializationRecord } from './contract/materialization';

// Resources and secrets.
export { defineResource, env, resourceParam, EnvVar } from './assets/resources';
export type { ResourceDefinition, ResourceParam, ResourceParams, ResourcesOf, StringOrEnv } from './assets/resources';
export { secret, Secret } from './assets/secret';

// IO managers and storage.
export { defaultIOManager } from './storage/type-based-io-manager';
export { parquetIOManager } from './storage/parquet-io-manager';
export { jsonIOManager } from './storage/json-io-manager';
export type { IOManager, InputContext, OutputContext, OutputRef, StoredOutput } from './storage/io-manager';
export { INLINE_OUTPUT_LIMIT_BYTES } from './contract/run';

// Definitions and planning.
export { Definitions } from './planning/definitions';
export type { DefinitionsSpec, PlanOptions } from './planning/definitions';
export type { CheckSelection } from './planning/plan-run';
export type { CodeLocation } from './planning/code-location';
export type { RunConfig } from './planning/run-config';
export { MAX_RUN_CONFIG_BYTES } from './planning/run-config';
export type { RunPlan } from './contract/run';

// Running: the client API (runs, backfills, schedules, sensors).
export { startRun, startPlannedRun, materialize, cancelRun, runResultOf, runUrl } from './client/runs';
export { resolveCatalogSelection } from './client/catalog-selection';
export type { CatalogSelection } from './client/catalog-selection';
export type { RunHandle, StartRunOptions } from './client/runs';
export type { RunResult, RunStatus, RunTrigger, StepResult, StepStatus, InlineValue, CheckOutcome } from './contract/run';
export { startBackfill, prepareBackfill, startPreparedBackfill, getBackfill } from './client/backfills';
export type { BackfillHandle, PreparedBackfill, StartBackfillOptions } from './client/backfills';
export type { BackfillProgress, BackfillStatus, BackfillFailure } from './contract/backfill';
// Re-execution: a failed run's failed and skipped steps again (or all), a backfill's failed partitions again.
export { reexecuteRun } from './client/reexecute';
export type { ReexecuteRunOptions } from './client/reexecute';
export type { ReexecutionMode, ParentRun, PreviousStepOutput } from './contract/run';
export { retryBackfill } from './client/backfill-retry';
export type { RetryBackfillOptions, RetriedBackfill } from './client/backfill-retry';
export { deploySchedules } from './client/deploy';
export type { DeployOptions, ScheduleChange, ScheduleChangeKind } from './client/deploy';
export { listSchedules, pauseSchedule, unpauseSchedule, triggerSchedule, backfillSchedule, runsQuery } from './client/schedules';
export type { ScheduleRow, ScheduleStatus, TriggeredSchedule } from './client/schedules';
export { taskQueuePollers } from './client/task-queue';
export type { TaskQueuePoller } from './client/task-queue';
export { deploySensors } from './client/deploy-sensors';
export type { DeploySensorsOptions, DeploySensorsResult } from './client/deploy-sensors';
export { sensorHandle } from './client/sensors';
export type { SensorHandle } from './client/sensors';
export type { SensorState, SensorRunRecord, SensorEvaluationRecord } from './contract/sensor';

// The worker, and the Temporal service it and the client talk to.
export { createWorker } from './worker';
export type { AssetflowWorkerOptions } from './worker';
export { temporalTargetFromEnv } from './temporal/connection';
export type { TemporalTarget } from './temporal/connection';
export { devServerStatus, ensureDevServer, stopDevServer } from './temporal/dev-server';
export type { DevServer, DevServerOptions, DevServerStatus } from './temporal/dev-server';

// Errors: every one derives from AssetflowError, with a stable code and whether a retry could help.
export { AssetflowError } from './errors/assetflow-error';
export type { AssetflowErrorCode } from './errors/assetflow-error';
export { DefinitionError, SelectionError, PartitionError, ResourceError, RunConfigError, RunConfigTooLargeError } from './errors/errors';
export type { ConfigIssue } from './errors/errors';
export { NoPartitionsMaterializedError } from './execution/all-partitions';
export { UnsupportedOutputError, MissingInputError, CorruptInputError } from './storage/io-manager';
export { NonErrorThrown } from './execution/execute-step';
export { OversizeMetadataError, UnserializableMetadataError } from './execution/metadata';
export { StorageRootError } from './storage/storage-root';
export { InvalidSensorResultError, UnknownSensorError } from './errors/sensor-errors';
export { CatalogReadError } from './storage/catalog/catalog-read-error';
export { SettingError } from './errors/setting-error';
export { StepTimeoutError, SupersededAttemptError } from './execution/step-errors';
export { DefinitionsModuleError } from './execution/definitions-module';
export { InvalidCheckResultError } from './execution/execute-check';
export { ReexecutionError } from './errors/reexecution-error';
export {
  CatalogError,
  CatalogUrlError,
  CatalogConnectionError,
  CatalogCorruptError,
  NotACatalogError,
  CatalogSchemaTooNewError,
  CatalogReadOnlyError,
  CatalogInputError,
} from './storage/catalog/catalog-errors';

// The asset catalog: materializations, failed attempts, check results and runs, in SQLite or PostgreSQL.
export { openCatalog, catalogFromUrl } from './storage/catalog/open-catalog';
export type { CatalogUrlOptions } from './storage/catalog/open-catalog';
export { sqliteCatalog } from './storage/catalog/sqlite-store';
export type { SqliteCatalogOptions } from './storage/catalog/sqlite-store';
export { postgresCatalog } from './storage/catalog/postgres-store';
export type { PostgresCatalogOptions } from './storage/catalog/postgres-store';
export type {
  CatalogStore,
  MaterializationInput,
  StoredMaterialization,
  FailureInput,
  StoredFailure,
  CheckResultInput,
  StoredCheckResult,
  CheckSeverity,
  RunStart,
  RunEndStatus,
  StoredRun,
  WriteOutcome,
  Page,
  HistoryQuery,
  PartitionState,
  PartitionRange,
  PartitionStatusSummary,
} from './storage/catalog/store';

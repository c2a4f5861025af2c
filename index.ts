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
export type { AssetContext, OpContext, StepContext } from './assets/context';
export { op, input } from './assets/op';
export type { AnyOp, InputType, OpComputeArgs, OpDefinition, OpFields, OpInput, OpIns, OpInvocationInputs, OpSpec } from './assets/op';
export { job } from './assets/job';
export type { JobDefinition, JobSpec } from './assets/job';
export type { JobNode, OpOutput } from './assets/composition';
export { defineAssetJob } from './assets/asset-job';
export type { AssetJobDefinition, AssetJobSpec } from './assets/asset-job';
export { defineResource, env, resourceParam, EnvVar } from './assets/resources';
export type { ResourceDefinition, ResourceParam, ResourceParams, ResourcesOf, StringOrEnv } from './assets/resources';
export { postgresResource } from './assets/postgres/resource';
export type { PostgresResourceOptions } from './assets/postgres/resource';
export { PostgresWarehouse } from './assets/postgres/warehouse';
export type { ReadOptions, ReplaceOptions, UpsertOptions } from './assets/postgres/warehouse';
export { postgresIOManager, PARTITION_COLUMN, RUN_COLUMN } from './assets/postgres/io-manager';
export type { PostgresIOManagerOptions } from './assets/postgres/io-manager';
export { UnsafeIdentifierError } from './assets/postgres/identifiers';
export { Definitions } from './assets/definitions';
export { dailyPartitions, hourlyPartitions, staticPartitions, previousDayPartition } from './assets/partitions';
export type { PartitionsDefinition, TimePartitionsOptions, TimeWindow } from './assets/partitions';
export { partitionForSchedule } from './assets/scheduled-partition';
export type { BackfillInput, BackfillProgress, BackfillStatus, BackfillFailure } from './assets/backfill';
export { startBackfill, getBackfill, backfillResultOf, backfillHistorySizes } from './client/backfills';
export type { BackfillHandle, StartBackfillOptions } from './client/backfills';
export type { DefinitionsSpec, PlanOptions } from './assets/definitions';
export { DefinitionError, PartitionError, ResourceError, RunConfigError, SelectionError } from './assets/errors';
export { schedule, DEFAULT_CATCHUP_WINDOW_SECONDS, DEFAULT_OVERLAP, DEFAULT_TIMEZONE } from './assets/schedule';
export type { ScheduleContext, ScheduleDefinition, ScheduleOverlap, ScheduleSpec } from './assets/schedule';
export type { ConfigIssue } from './assets/errors';
export type { RetryPolicy } from './assets/retry';
export type { RunConfig } from './assets/run-config';
export { mergeRunConfig } from './assets/run-config';
export type { Metadata, MetadataValue } from './assets/metadata';
export type { RunPlan, RunResult, StepResult, StepStatus, RunStatus, RunTrigger, InlineValue } from './assets/plan';
export { INLINE_OUTPUT_LIMIT_BYTES } from './assets/plan';
export type { IOManager, InputContext, OutputContext, OutputRef, StoredOutput } from './assets/io/io-manager';
export { CorruptInputError, MissingInputError, UnsupportedOutputError } from './assets/io/io-manager';
export { NoPartitionsMaterializedError } from './assets/io/all-partitions';
export { parquetIOManager } from './assets/io/parquet-io-manager';
export { jsonIOManager } from './assets/io/json-io-manager';
export { defaultIOManager } from './assets/io/type-based-io-manager';
export { writeAtomically } from './assets/io/atomic-file';
export { createWorker } from './worker';
export type { AssetflowWorkerOptions } from './worker';
export { ensureDevServer, stopDevServer } from './client/dev-server';
export type { DevServer, DevServerOptions } from './client/dev-server';
export { cancelRun, materialize, startRun, runResultOf, runUrl } from './client/runs';
export { secret, Secret } from './assets/secret';
export type { RunHandle, StartRunOptions } from './client/runs';
export { temporalTargetFromEnv, DEFAULT_TASK_QUEUE } from './client/connection';
export { deploySchedules } from './client/deploy';
export type { DeployOptions, ScheduleChange, ScheduleChangeKind } from './client/deploy';
export { backfillSchedule, listSchedules, pauseSchedule, runsQuery, triggerSchedule, unpauseSchedule } from './client/schedules';
export type { ScheduleRow, ScheduleStatus } from './client/schedules';
export type { TemporalTarget } from './client/connection';
export { loadDefinitions } from './client/load-definitions';
export { sensor, assetSensor } from './assets/sensor';
export type { SensorSpec, AssetSensorSpec, SensorDefinition, SensorContext, AssetSensorContext, SensorRunRequest, SensorResult } from './assets/sensor';
export type { MaterializationRecord } from './assets/catalog';
export { deploySensors, sensorWorkflowInput } from './client/deploy-sensors';
export type { DeploySensorsOptions, DeploySensorsResult } from './client/deploy-sensors';
export { sensorHandle } from './client/sensors';
export type { SensorHandle } from './client/sensors';
export type { SensorState, SensorRunRecord, SensorEvaluationRecord } from './workflows/sensor-messages';

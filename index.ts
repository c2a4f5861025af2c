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
export { Definitions } from './planning/definitions';
export { dailyPartitions, hourlyPartitions, staticPartitions, previousDayPartition } from './assets/partitions';
export type { PartitionsDefinition, TimePartitionsOptions, TimeWindow } from './assets/partitions';
export { partitionForSchedule } from './planning/scheduled-partition';
export type { BackfillInput, BackfillProgress, BackfillStatus, BackfillFailure } from './contract/backfill';
export { startBackfill, getBackfill, backfillResultOf, backfillHistorySizes } from './client/backfills';
export type { BackfillHandle, StartBackfillOptions } from './client/backfills';
export type { DefinitionsSpec, PlanOptions } from './planning/definitions';
export { DefinitionError, PartitionError, ResourceError, RunConfigError, SelectionError } from './errors/errors';
export { schedule, DEFAULT_CATCHUP_WINDOW_SECONDS, DEFAULT_OVERLAP, DEFAULT_TIMEZONE } from './assets/schedule';
export type { ScheduleContext, ScheduleDefinition, ScheduleOverlap, ScheduleSpec } from './assets/schedule';
export type { ConfigIssue } from './errors/errors';
export type { RetryPolicy } from './assets/retry';
export type { RunConfig } from './planning/run-config';
export { mergeRunConfig } from './planning/run-config';
export type { Metadata, MetadataValue } from './execution/metadata';
export type { RunPlan, RunResult, StepResult, StepStatus, RunStatus, RunTrigger, InlineValue } from './contract/run';
export { INLINE_OUTPUT_LIMIT_BYTES } from './contract/run';
export type { IOManager, InputContext, OutputContext, OutputRef, StoredOutput } from './storage/io-manager';
export { CorruptInputError, MissingInputError, UnsupportedOutputError } from './storage/io-manager';
export { NoPartitionsMaterializedError } from './execution/all-partitions';
export { parquetIOManager } from './storage/parquet-io-manager';
export { jsonIOManager } from './storage/json-io-manager';
export { defaultIOManager } from './storage/type-based-io-manager';
export { writeAtomically } from './storage/atomic-file';
export { createWorker } from './worker';
export type { AssetflowWorkerOptions } from './worker';
export { ensureDevServer, stopDevServer } from './temporal/dev-server';
export type { DevServer, DevServerOptions } from './temporal/dev-server';
export { cancelRun, materialize, startRun, runResultOf, runUrl } from './client/runs';
export { secret, Secret } from './assets/secret';
export type { RunHandle, StartRunOptions } from './client/runs';
export { temporalTargetFromEnv, DEFAULT_TASK_QUEUE } from './temporal/connection';
export { deploySchedules } from './client/deploy';
export type { DeployOptions, ScheduleChange, ScheduleChangeKind } from './client/deploy';
export { backfillSchedule, listSchedules, pauseSchedule, runsQuery, triggerSchedule, unpauseSchedule } from './client/schedules';
export type { ScheduleRow, ScheduleStatus } from './client/schedules';
export type { TemporalTarget } from './temporal/connection';
export { loadDefinitions } from './client/load-definitions';
export { sensor, assetSensor } from './assets/sensor';
export type { SensorSpec, AssetSensorSpec, SensorDefinition, SensorContext, AssetSensorContext, SensorRunRequest, SensorResult } from './assets/sensor';
export type { MaterializationRecord } from './contract/materialization';
export { deploySensors, sensorWorkflowInput } from './client/deploy-sensors';
export type { DeploySensorsOptions, DeploySensorsResult } from './client/deploy-sensors';
export { sensorHandle } from './client/sensors';
export type { SensorHandle } from './client/sensors';
export type { SensorState, SensorRunRecord, SensorEvaluationRecord } from './contract/sensor';

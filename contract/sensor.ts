/**
 * The sensor workflow's wire types, signals and query: shared by the workflow, the evaluate
 * activity, the materialize activity (which signals asset sensors) and the client.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { MaterializationRecord } from './materialization';
import type { RunRequest } from './run';
import type { RetrySpec } from '../assets/retry';

/**
 * The sensor workflow's type name (the `assetflowSensor` function in workflows/), fixed for the
 * same reasons as `RUN_WORKFLOW_TYPE`. Ids: `sensorWorkflowId`, and `sensorRunWorkflowId` for
 * the runs it requests, in ./ids.
 */
export const SENSOR_WORKFLOW_TYPE = 'assetflowSensor';
/** Memo key marking a workflow as an assetflow sensor (deploy stops only those). */
export const SENSOR_MEMO_MARKER = 'assetflowSensor';

export interface EvaluateSensorInput {
  name: string;
  cursor?: string;
  /** Materializations that woke an asset sensor, oldest first. */
  events: MaterializationRecord[];
  lastEvaluationAt?: string;
}

/** A run request with its target resolved and its config validated by the activity. */
export interface ResolvedSensorRunRequest {
  runKey?: string;
  request: RunRequest;
}

export interface EvaluateSensorResult {
  runRequests: ResolvedSensorRunRequest[];
  cursor?: string;
  skipReason?: string;
  /** The interval as the code says now (the workflow follows code changes without a redeploy). */
  minimumIntervalSeconds: number;
  /** Timeouts and retry as the code says now (applied from the next continue-as-new). */
  evaluation: SensorEvaluationOptions;
}

export interface SensorEvaluationOptions {
  timeoutMs: number;
  heartbeatTimeoutMs: number;
  retry: RetrySpec;
}

/** One run the sensor asked for. */
export interface SensorRunRecord {
  runKey?: string;
  workflowId: string;
  /** Absent when deduped (the run was started earlier). */
  runId?: string;
  requestedAt: string;
  deduped: boolean;
}

export interface SensorEvaluationRecord {
  startedAt: string;
  finishedAt: string;
  status: 'requested' | 'skipped' | 'failed';
  requested: number;
  started: number;
  deduped: number;
  skipReason?: string;
  error?: string;
}

/** A pending materialization event, numbered so an evaluation consumes exactly what it saw. */
export interface PendingSensorEvent {
  seq: number;
  record: MaterializationRecord;
}

/** State carried across continue-as-new. */
export interface SensorCarriedState {
  cursor?: string;
  paused: boolean;
  pendingEvents: PendingSensorEvent[];
  nextEventSeq: number;
  droppedEvents: number;
  /** Bounded list of run keys already started (dedupe without asking the server, and past retention). */
  recentRunKeys: string[];
  recentRuns: SensorRunRecord[];
  lastEvaluation?: SensorEvaluationRecord;
  lastSuccessAt?: string;
  consecutiveFailures: number;
  evaluations: number;
  runsStarted: number;
  runsDeduped: number;
}

export interface SensorWorkflowInput {
  name: string;
  type: 'standard' | 'asset';
  minimumIntervalSeconds: number;
  evaluation: SensorEvaluationOptions;
  /** Continue-as-new after this many evaluations (also when Temporal suggests it). Default 200. */
  maxEvaluationsPerRun?: number;
  carried?: SensorCarriedState;
}

/** What `sensorStateQuery` returns. */
export interface SensorState {
  name: string;
  type: 'standard' | 'asset';
  status: 'running' | 'paused';
  evaluating: boolean;
  cursor?: string;
  minimumIntervalSeconds: number;
  lastEvaluation?: SensorEvaluationRecord;
  /** When the next evaluation is due (ISO); absent while paused or waiting for materializations. */
  nextEvaluationAt?: string;
  /** Failures in a row; the sensor backs off while it fails. */
  consecutiveFailures: number;
  lastError?: string;
  pendingEvents: number;
  droppedEvents: number;
  evaluations: number;
  runsStarted: number;
  runsDeduped: number;
  /** Newest last. */
  recentRuns: SensorRunRecord[];
}

export const pauseSensorSignal = defineSignal('assetflow.sensor.pause');
export const resumeSensorSignal = defineSignal('assetflow.sensor.resume');
export const triggerSensorSignal = defineSignal('assetflow.sensor.trigger');
export const resetSensorCursorSignal = defineSignal('assetflow.sensor.resetCursor');
/** Sent by the materialize activity to the asset sensors watching the asset. */
export const assetMaterializedSignal = defineSignal<[MaterializationRecord]>('assetflow.sensor.assetMaterialized');
export const sensorStateQuery = defineQuery<SensorState>('assetflow.sensor.state');

/**
 * The plain-JSON plan a run workflow executes. Built by `Definitions.plan()` outside the
 * workflow, recorded in history as the workflow's input, and imported by workflows as types only.
 */
import { defineQuery } from '@temporalio/workflow';
import type { Metadata } from '../execution/metadata';
import type { RetrySpec } from '../assets/retry';

/**
 * The run workflow's type name (the `assetflowRun` function in workflows/): what visibility
 * queries filter on and what committed histories record, so it never changes. Start runs with
 * the function itself (`client.workflow.start(assetflowRun, ...)`), never with this string.
 * Ids: `runWorkflowId`, `scheduledRunWorkflowId` in ./ids.
 */
export const RUN_WORKFLOW_TYPE = 'assetflowRun';

export const PLAN_VERSION = 1;

/**
 * An op output that is plain JSON of at most this many bytes (serialized) rides inline in the
 * activity result and in the downstream activity's input, instead of going to a file; bigger
 * outputs, DataFrames, asset outputs and outputs under an IO manager other than the built-in
 * default always go through IO managers.
 */
export const INLINE_OUTPUT_LIMIT_BYTES = 4096;

/** A small op output carried in Temporal payloads (wrapped, so that null and false are values too). */
export interface InlineValue {
  value: unknown;
}

/** What started a run; shown as the AssetflowTrigger search attribute. */
export type RunTrigger = 'manual' | 'schedule' | 'sensor' | 'backfill' | 'test';

export interface PlanInput {
  /** The compute's input name. */
  name: string;
  /** The upstream step (asset key or op name). */
  from: string;
  /** Which IO manager stored the upstream output. */
  ioManagerKey: string;
  /** Assets are loaded by key (from any earlier run); op outputs belong to this run. */
  fromAsset: boolean;
  /**
   * Set in a re-execution for an input whose upstream step is not re-run: its output is the one
   * that run stored (an op output is read under that run's id, not this run's), or the small
   * value that rode inline in that run's history.
   */
  fromRun?: PreviousStepOutput;
}

/** Where a re-executed step finds the output of an upstream step it reuses from an earlier run. */
export interface PreviousStepOutput {
  workflowId: string;
  runId: string;
  /** The op output that rode inline in that run (see INLINE_OUTPUT_LIMIT_BYTES). */
  inline?: InlineValue;
}

/** How a run re-executes an earlier one: the failed and skipped steps only, or every step. */
export type ReexecutionMode = 'from-failure' | 'all';

/** The run a re-execution re-executes (its memo `assetflowParentRun`, its AssetflowParentRun search attribute). */
export interface ParentRun {
  workflowId: string;
  runId: string;
  mode: ReexecutionMode;
}

/** One asset a multi-asset's step materializes. */
export interface PlanOutput {
  /** The out's name: the key of the compute's result holding its value. */
  name: string;
  /** The out's asset key. */
  key: string;
  /** Which IO manager stores it. */
  ioManagerKey: string;
}

/** The check a `check` step runs: one asset check, on the asset's stored output. */
export interface PlanCheck {
  assetKey: string;
  name: string;
  /** A failure of severity `error` stops the asset's downstream steps (they list this step upstream). */
  blocking: boolean;
}

/** How a check came out: the step's result when the check ran (a compute that throws fails the step instead). */
export interface CheckOutcome {
  passed: boolean;
  severity: 'error' | 'warn';
  blocking: boolean;
}

/** Whether a check's outcome stops its asset's downstream steps (and fails its step): a blocking check that failed with severity `error`. */
export function checkStopsDownstream(check: CheckOutcome): boolean {
  return !check.passed && check.blocking && check.severity === 'error';
}

export interface PlanStep {
  /** The asset key, op name, multi-asset name, or `<asset key>:<check name>` for a check. */
  key: string;
  kind: 'asset' | 'op' | 'check';
  /** Set on a `check` step (its only input is the asset's value, named `value`). */
  check?: PlanCheck;
  /** Steps of this plan that must succeed before this one starts. */
  upstream: string[];
  /** Data inputs, loaded through IO managers (may come from assets outside the plan). */
  inputs: PlanInput[];
  ioManagerKey: string;
  /** Validated config (defaults applied) when it is plain JSON; else the config as given. */
  config?: unknown;
  retry: RetrySpec;
  group?: string;
  heartbeatTimeoutMs: number;
  /** Temporal's bound on one attempt: the step's own timeout plus a margin for stopping it. */
  startToCloseTimeoutMs: number;
  /** The step's own timeout (its `timeoutSeconds`): the activity stops the step then. Absent in plans made before it existed. */
  timeoutMs?: number;
  /**
   * Set on a multi-asset's step (kind `asset`, key the multi-asset's name): the outs it computes
   * and stores, each an asset recorded on its own. All outs, unless the multi-asset can subset.
   */
  outputs?: PlanOutput[];
}

export interface RunPlan {
  planVersion: typeof PLAN_VERSION;
  /** The job name, or the selection as written: names the run in Temporal Web. */
  runName: string;
  job?: string;
  /** Steps in dependency order. */
  steps: PlanStep[];
  /** How many steps may run at once. */
  maxParallel: number;
  partitionKey?: string;
  trigger: RunTrigger;
  tags: Record<string, string>;
  /** Set on a re-execution: the run it re-executes. */
  parent?: ParentRun;
  /**
   * A re-execution from failure: the parent's steps that succeeded and are not run again, as
   * rows of the step table (status succeeded, `reusedFrom` set). Their outputs are read where
   * that run stored them (`PlanInput.fromRun`).
   */
  reusedSteps?: StepResult[];
}

/**
 * A run described by name rather than by plan: planned inside the run, by the `planRun`
 * activity, against the worker's Definitions (used by schedules, sensors and backfills,
 * whose runs start without a client holding the Definitions).
 */
export interface RunRequest {
  /** A job name; or else a selection. */
  job?: string;
  selection?: string | string[];
  runConfig?: unknown;
  partitionKey?: string;
  trigger: RunTrigger;
  tags?: Record<string, string>;
  runName?: string;
  maxParallel?: number;
  /**
   * Set on runs a schedule starts: planRun calls the schedule's `runConfig` with the scheduled
   * time (read by the workflow from Temporal, ISO 8601) instead of using `runConfig` above.
   */
  schedule?: { name: string; scheduledTime?: string };
}

/** What the run workflow receives: a plan made by the client, or a request it plans itself. */
export type RunWorkflowInput = { plan: RunPlan } | { request: RunRequest };

/** What a materialize activity returns: a reference and small metadata, never the data. */
export interface StepOutput {
  location: string;
  ioManagerKey: string;
  rows?: number;
  durationMs: number;
  attempt: number;
  metadata: Metadata;
  /** Set for a small op output that rides inline (see INLINE_OUTPUT_LIMIT_BYTES). */
  inline?: InlineValue;
  /** Set by a check step: how the check came out. */
  check?: CheckOutcome;
}

export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/** One line of a run's step table. */
export interface StepResult {
  key: string;
  status: StepStatus;
  rows?: number;
  durationMs?: number;
  location?: string;
  attempts?: number;
  error?: string;
  /** A check step that ran: how it came out (a failed non-blocking or `warn` check still succeeds as a step). */
  check?: CheckOutcome;
  /** Not run here: the output of this step in that earlier run (a re-execution from failure) is used. */
  reusedFrom?: { workflowId: string; runId: string };
}

export type RunStatus = 'running' | 'success' | 'failure' | 'cancelled';

export interface RunResult {
  runId: string;
  workflowId: string;
  runName: string;
  status: RunStatus;
  partitionKey?: string;
  steps: StepResult[];
  startedAt: string;
  finishedAt?: string;
  /** Set on a re-execution: the run it re-executes. */
  parent?: ParentRun;
}

/** The run's step table as it stands: status, rows, duration and location of every step. */
export const runProgressQuery = defineQuery<RunResult>('assetflow.progress');

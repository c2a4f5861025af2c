/**
 * Plain-JSON types of a backfill (imported by workflows as types only): what the backfill
 * workflow receives, carries across continue-as-new, and reports through its progress query.
 */
import { defineQuery } from '@temporalio/workflow';

/**
 * The backfill workflow's type name (the `assetflowBackfill` function in workflows/), fixed
 * for the same reasons as `RUN_WORKFLOW_TYPE`. Ids: `backfillWorkflowId`, and
 * `backfillRunWorkflowId` for its partition runs, in ./ids.
 */
export const BACKFILL_WORKFLOW_TYPE = 'assetflowBackfill';

/** Which partitions to backfill: a range the worker enumerates page by page, or an explicit (bounded) list. */
export type BackfillPartitions = { from: string; to: string } | { keys: string[] };

export interface BackfillInput {
  /** Names the backfill: workflow id `assetflow/backfill/<id>`, child runs `assetflow/backfill-run/<id>/<partition>`. */
  backfillId: string;
  /** An asset job's name (its selection's partitions are backfilled); or else a selection. */
  job?: string;
  selection?: string | string[];
  partitions: BackfillPartitions;
  /** Partition runs at once. */
  maxConcurrent: number;
  runConfig?: unknown;
  tags?: Record<string, string>;
  /** Partitions per workflow execution before it continues as new (bounds history). Default 200. */
  partitionsPerExecution?: number;
  /** Progress carried across continue-as-new; absent on the first execution. */
  carried?: BackfillCarried;
}

/** What one execution hands to the next. */
export interface BackfillCarried {
  /** Index (in partition order) of the first partition not started yet. */
  position: number;
  total: number;
  succeeded: number;
  failed: number;
  /** Partitions whose run id was already taken (started by an earlier execution): not run again. */
  alreadyRun: number;
  /** The first failed partitions (at most 100), with their errors. */
  failures: BackfillFailure[];
  startedAt: string;
  /** 1 for the first execution of the chain. */
  execution: number;
}

export interface BackfillFailure {
  partitionKey: string;
  error: string;
}

export type BackfillStatus = 'running' | 'success' | 'failure' | 'cancelled';

/** The progress query's answer, and the backfill's result. */
export interface BackfillProgress extends Omit<BackfillCarried, 'position'> {
  backfillId: string;
  status: BackfillStatus;
  /** Partition runs in flight right now. */
  running: number;
  /** succeeded + failed + alreadyRun. */
  finished: number;
  finishedAt?: string;
}

/** A page of partition keys from the planning activity. */
export interface BackfillKeysRequest {
  job?: string;
  selection?: string | string[];
  from: string;
  to: string;
  offset: number;
  limit: number;
}

export interface BackfillKeysPage {
  keys: string[];
  total: number;
}

/** A backfill's counters: total, succeeded, failed, already run, running; the first failures. */
export const backfillProgressQuery = defineQuery<BackfillProgress>('assetflow.backfillProgress');

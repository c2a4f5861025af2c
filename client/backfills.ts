import { Client, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TypedSearchAttributes } from '@temporalio/common';
import type { BackfillInput, BackfillPartitions, BackfillProgress } from '../contract/backfill';
import { backfillSelection, resolveBackfillKeys } from '../planning/backfill-keys';
import type { Definitions } from '../planning/definitions';
import { PartitionError } from '../errors/errors';
import { backfillProgressQuery } from '../contract/backfill';
import { BACKFILL_FAILED } from '../contract/failures';
import { ASSETS, assetKeysAttribute, JOB, PARENT_RUN, TRIGGER } from '../contract/search-attributes';
import { backfillWorkflowId, boundedIdPart } from '../contract/ids';
import { assetflowBackfill } from '../workflows';
import { newRunSuffix } from './run-suffix';

/** An explicit key list travels in the workflow input: above this size, pass a range instead. */
export const MAX_KEY_LIST_BYTES = 128 * 1024;

export interface StartBackfillOptions {
  /** Assets to backfill (the partitioned ones get each partition; unpartitioned ones read all). Default `*`. Not with `job`. */
  selection?: string | string[];
  /** An asset job to backfill: its selection's partitions, each run with the job's default config merged. Not with `selection`. */
  job?: string;
  /** First and last partition (both included); default: the first and newest keys. */
  from?: string;
  to?: string;
  /** An explicit list instead of a range. */
  partitionKeys?: string[];
  /** Partition runs at once. Default 4. */
  maxConcurrent?: number;
  runConfig?: unknown;
  tags?: Record<string, string>;
  /** Default: `<selection>-<time>-<random>`. */
  backfillId?: string;
  /** Partitions per workflow execution before continue-as-new. Default 200. */
  partitionsPerExecution?: number;
  /** Default: the Definitions' task queue (`definitions.taskQueue`). */
  taskQueue?: string;
  /** Checks keys against "now". Default: the current time. */
  now?: Date;
}

export interface BackfillHandle {
  backfillId: string;
  workflowId: string;
  /** The first execution's run id (later executions continue as new). */
  firstRunId?: string;
  /** Partitions the backfill covers. */
  total: number;
  handle: WorkflowHandle;
  progress(): Promise<BackfillProgress>;
  /** Waits for the end of the whole chain; resolves with the counters whether it succeeded, failed or was cancelled. */
  result(): Promise<BackfillProgress>;
  /** Requests cancellation: running partition runs are cancelled, no new one starts. */
  cancel(): Promise<void>;
}

/**
 * A backfill checked against the Definitions and ready to start: what {@link prepareBackfill}
 * returns and {@link startPreparedBackfill} starts without checking again.
 */
export interface PreparedBackfill {
  /** The workflow input (selection or job, partitions as a range or a key list, concurrency, config). */
  input: BackfillInput;
  /** The backfill's name in Temporal Web (the job, else the selection). */
  name: string;
  /** Every partition key the backfill covers, in order. */
  keys: readonly string[];
  /** Asset keys of the selection (the AssetflowAssets search attribute). */
  assets: string[];
  /** One line for Temporal Web: name, partitions, concurrency. */
  summary: string;
  taskQueue: string;
  /** A retry's backfill: the one whose failed partitions it runs again (memo `assetflowParentBackfill`, AssetflowParentRun search attribute). */
  parent?: { backfillId: string; workflowId: string };
}

/**
 * Checks a backfill against the Definitions (selection, keys or range, run config: bad input
 * throws here, naming the valid range) and returns what {@link startPreparedBackfill} starts.
 * Touches no server: check first, connect later.
 *
 * @example
 * ```ts
 * const prepared = prepareBackfill(definitions, { selection: 'daily_sales+', from: '2026-01-01', to: '2026-01-31' });
 * console.log(`${prepared.keys.length} partitions`); // 31
 * const backfill = await startPreparedBackfill(client, prepared);
 * ```
 */
export function prepareBackfill(definitions: Definitions, options: StartBackfillOptions = {}): PreparedBackfill {
  const now = options.now ?? new Date();
  const target = options.job !== undefined ? { job: options.job, selection: options.selection } : { selection: options.selection ?? '*' };
  // The job's (or the given) selection: a bad job, an op job, or a job and a selection together fail here.
  const selection = backfillSelection(definitions, target);
  const keys = resolveBackfillKeys(definitions, { ...target, from: options.from, to: options.to, keys: options.partitionKeys, now });
  // Plans the first partition's run: a bad selection or run config fails here, not in every child.
  definitions.plan({ ...(options.job !== undefined ? { job: options.job } : { selection }), runConfig: options.runConfig, partitionKey: keys[0], now });
  let partitions: BackfillPartitions;
  if (options.partitionKeys) {
    const bytes = Buffer.byteLength(JSON.stringify(keys));
    if (bytes > MAX_KEY_LIST_BYTES) {
      throw new PartitionError(`the list of ${keys.length} partition keys is ${bytes} bytes, over the ${MAX_KEY_LIST_BYTES}-byte limit of a workflow input: pass a range (from/to) instead`);
    }
    partitions = { keys };
  } else {
    partitions = { from: keys[0], to: keys[keys.length - 1] };
  }
  const maxConcurrent = options.maxConcurrent ?? 4;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be a whole number >= 1 (got ${maxConcurrent})`);
  const perExecution = options.partitionsPerExecution;
  if (perExecution !== undefined && (!Number.isInteger(perExecution) || perExecution < 1)) {
    throw new RangeError(`partitionsPerExecution must be a whole number >= 1 (got ${perExecution})`);
  }
  // Bounded (a 100,000-character selection names it too): the JOB search attribute and the ids.
  const name = boundedIdPart(options.job ?? (typeof selection === 'string' ? selection : selection.join(',')));
  const backfillId = options.backfillId ?? `${boundedIdPart(name.replace(/[^A-Za-z0-9_.-]+/g, '_'), 150)}-${newRunSuffix(now)}`;
  const input: BackfillInput = {
    backfillId,
    ...(options.job !== undefined ? { job: options.job } : { selection: selection as string | string[] }),
    partitions,
    maxConcurrent,
    ...(options.runConfig !== undefined ? { runConfig: options.runConfig } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.partitionsPerExecution !== undefined ? { partitionsPerExecution: options.partitionsPerExecution } : {}),
  };
  return {
    input,
    name,
    keys,
    assets: assetKeysAttribute(definitions.select(selection)),
    summary: `backfill ${name}: ${keys.length} partitions, ${keys[0]} to ${keys[keys.length - 1]}, ${maxConcurrent} at once`,
    taskQueue: options.taskQueue ?? definitions.taskQueue,
  };
}

/** Starts the workflow of a backfill that {@link prepareBackfill} checked (it is not checked again). */
export async function startPreparedBackfill(client: Client, prepared: PreparedBackfill): Promise<BackfillHandle> {
  const { input, name } = prepared;
  const handle = await client.workflow.start(assetflowBackfill, {
    taskQueue: prepared.taskQueue,
    workflowId: backfillWorkflowId(input.backfillId),
    args: [input],
    staticSummary: prepared.summary,
    typedSearchAttributes: new TypedSearchAttributes([
      { key: JOB, value: name },
      { key: ASSETS, value: prepared.assets },
      { key: TRIGGER, value: 'backfill' },
      ...(prepared.parent ? [{ key: PARENT_RUN, value: prepared.parent.workflowId }] : []),
    ]),
    ...(prepared.parent ? { memo: { assetflowParentBackfill: prepared.parent } } : {}),
  });
  return backfillHandle(client, input.backfillId, prepared.keys.length, handle.firstExecutionRunId);
}

/**
 * Checks a backfill against the Definitions (selection, keys or range, run config: bad input
 * throws here, naming the valid range) and starts its workflow: {@link prepareBackfill} then
 * {@link startPreparedBackfill}.
 *
 * @example
 * ```ts
 * const backfill = await startBackfill(client, definitions, { selection: 'daily_sales+', from: '2026-01-01', to: '2026-01-31', maxConcurrent: 4 });
 * const progress = await backfill.result(); // { succeeded: 31, failed: 0, ... }
 * ```
 */
export async function startBackfill(client: Client, definitions: Definitions, options: StartBackfillOptions = {}): Promise<BackfillHandle> {
  return startPreparedBackfill(client, prepareBackfill(definitions, options));
}

/** A handle on an existing backfill, by id. */
export function getBackfill(client: Client, backfillId: string): BackfillHandle {
  return backfillHandle(client, backfillId, undefined);
}

function backfillHandle(client: Client, backfillId: string, total: number | undefined, firstRunId?: string): BackfillHandle {
  const workflowId = backfillWorkflowId(backfillId);
  // No run id: follow the chain of continue-as-new executions to the latest.
  const handle = client.workflow.getHandle(workflowId);
  return {
    backfillId,
    workflowId,
    ...(firstRunId ? { firstRunId } : {}),
    total: total ?? -1,
    handle,
    progress: () => handle.query(backfillProgressQuery),
    result: () => backfillResultOf(handle),
    cancel: () => handle.cancel().then(() => undefined),
  };
}

/** The counters of a finished backfill, from its result or its failure's details. */
export async function backfillResultOf(handle: WorkflowHandle): Promise<BackfillProgress> {
  try {
    return (await handle.result()) as BackfillProgress;
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      const cause = err.cause;
      if (((cause instanceof ApplicationFailure && cause.type === BACKFILL_FAILED) || cause instanceof CancelledFailure) && cause.details?.length) return cause.details[0] as BackfillProgress;
      // A cancelled workflow's failure carries no details: the final counters are in the memo.
      const memo = (await handle.describe()).memo?.assetflowBackfill;
      if (memo) return memo as BackfillProgress;
    }
    throw err;
  }
}

/** History event counts of each execution of a backfill's continue-as-new chain, first first. */
export async function backfillHistorySizes(client: Client, backfillId: string, firstRunId: string): Promise<number[]> {
  const sizes: number[] = [];
  for (let runId: string | undefined = firstRunId; runId; ) {
    const current: string = runId;
    const events = (await client.workflow.getHandle(backfillWorkflowId(backfillId), current).fetchHistory()).events ?? [];
    sizes.push(events.length);
    runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return sizes;
}

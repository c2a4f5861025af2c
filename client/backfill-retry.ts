import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { BackfillInput } from '../contract/backfill';
import { BACKFILL_WORKFLOW_TYPE } from '../contract/backfill';
import { backfillWorkflowId, retryBackfillId } from '../contract/ids';
import type { Definitions } from '../planning/definitions';
import { ReexecutionError } from '../errors/reexecution-error';
import { backfillResultOf, prepareBackfill, startPreparedBackfill, type BackfillHandle, type StartBackfillOptions } from './backfills';
import { newRunSuffix } from './run-suffix';

export interface RetryBackfillOptions extends Pick<StartBackfillOptions, 'maxConcurrent' | 'taskQueue' | 'now'> {
  /** Default: `<old backfill id>-retry-<time>-<random>`. */
  backfillId?: string;
}

/** A retry of a backfill, started: its handle, and the partitions it retries. */
export interface RetriedBackfill extends BackfillHandle {
  /** The backfill whose failed partitions this one runs again. */
  parentBackfillId: string;
  partitionKeys: string[];
}

/**
 * Starts a new backfill of the partitions that failed in a finished backfill, with the same
 * selection or job, run config, tags and concurrency (read from the old backfill's workflow
 * input; `maxConcurrent` overrides). The new backfill is `<old id>-retry-<suffix>`, names the
 * old one in its memo (`assetflowParentBackfill`) and its AssetflowParentRun search attribute
 * (the old backfill's workflow id).
 *
 * Refuses (ReexecutionError) an unknown backfill, one still running, one with no failed
 * partition, and one whose result lists fewer failed partitions than it counts (it records the
 * first 100 only): retry those with `startBackfill` and their keys.
 *
 * @example
 * ```ts
 * const retry = await retryBackfill(client, definitions, 'daily_sales-20261124T101500Z-3fa2c1');
 * retry.partitionKeys; // ['2026-11-03', '2026-11-05']
 * (await retry.result()).succeeded; // 2
 * ```
 */
export async function retryBackfill(client: Client, definitions: Definitions, backfillId: string, options: RetryBackfillOptions = {}): Promise<RetriedBackfill> {
  const workflowId = backfillWorkflowId(backfillId);
  const handle = client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new ReexecutionError(`there is no backfill '${backfillId}' (no workflow '${workflowId}') in namespace '${client.options.namespace}'`);
    throw err;
  }
  if (description.type !== BACKFILL_WORKFLOW_TYPE) throw new ReexecutionError(`workflow '${workflowId}' is a ${description.type}, not an assetflow backfill`);
  if (description.status.name === 'RUNNING') throw new ReexecutionError(`backfill '${backfillId}' is still running: wait for it to end (or cancel it: assetflow backfill cancel ${backfillId}), then retry it`);
  const result = await backfillResultOf(handle);
  if (result.failed === 0) throw new ReexecutionError(`backfill '${backfillId}' has no failed partition (${result.succeeded} succeeded, ${result.alreadyRun} already run): nothing to retry`);
  const partitionKeys = [...new Set(result.failures.map((f) => f.partitionKey))];
  if (partitionKeys.length < result.failed) {
    throw new ReexecutionError(
      `backfill '${backfillId}' had ${result.failed} failed partitions, but its result names only the first ${partitionKeys.length}: ` +
        'retry them by key with `assetflow backfill start --partitions ...` (find the failed runs in Temporal Web: AssetflowTrigger = "backfill" and ExecutionStatus = "Failed")',
    );
  }
  // The latest execution of the continue-as-new chain started with the backfill's whole input.
  const history = await client.workflow.getHandle(workflowId, description.runId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const input = await decodeFromPayloadsAtIndex<BackfillInput>(client.options.loadedDataConverter, 0, started?.input?.payloads);
  const prepared = prepareBackfill(definitions, {
    ...(input.job !== undefined ? { job: input.job } : { selection: input.selection }),
    partitionKeys,
    maxConcurrent: options.maxConcurrent ?? input.maxConcurrent,
    ...(input.runConfig !== undefined ? { runConfig: input.runConfig } : {}),
    ...(input.tags ? { tags: input.tags } : {}),
    ...(input.partitionsPerExecution !== undefined ? { partitionsPerExecution: input.partitionsPerExecution } : {}),
    backfillId: options.backfillId ?? retryBackfillId(backfillId, newRunSuffix(options.now)),
    taskQueue: options.taskQueue,
    now: options.now,
  });
  const retry = await startPreparedBackfill(client, { ...prepared, parent: { backfillId, workflowId } });
  return { ...retry, parentBackfillId: backfillId, partitionKeys };
}

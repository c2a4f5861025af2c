import {
  CancellationScope,
  CancelledFailure,
  ApplicationFailure,
  ChildWorkflowCancellationType,
  ChildWorkflowFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { AssetflowActivities } from '../activities';
import type { BackfillCarried, BackfillInput, BackfillProgress } from '../contract/backfill';
import { backfillProgressQuery } from '../contract/backfill';
import { BACKFILL_FAILED } from '../contract/failures';
import { assetflowRun } from './run-workflow';
import { backfillRunWorkflowId, boundedIdPart, legacyBackfillRunWorkflowId, unboundedBackfillRunWorkflowId } from '../contract/ids';
import { invalidPartitionKeyReason } from '../contract/partition-key';
import { ASSETS, JOB, PARTITION, plannedAssetKeys, TRIGGER } from '../contract/search-attributes';
import { assetsAttributeValue } from './assets-attribute';

/** Partitions one execution starts before it continues as new. */
export const DEFAULT_PARTITIONS_PER_EXECUTION = 200;
/**
 * History events one execution may write: per partition 3 child events (initiated, started,
 * closed) and at most 2 workflow tasks of 3 events each (woken by the child's start and by
 * its end; usually fewer, as events batch), plus the key page, the plan and a margin.
 */
export const historyBound = (partitionsPerExecution: number) => 10 * partitionsPerExecution + 50;
const MAX_RECORDED_FAILURES = 100;

/**
 * Patch: a backfill's partition runs get ids of their own kind,
 * `assetflow/backfill-run/<backfill id>/<partition>`; before it they took
 * `assetflow/run/<backfill id>/<partition>`, the shape of manual runs, so a manual run could take
 * a partition's id (and the backfill counted the partition as already run). Executions recorded
 * before the patch replay with the old ids; new work takes the new. A backfill in flight across
 * the change does not run a partition twice: partitions are started in order and the position
 * is carried, never re-derived from the ids. A backfill started again under the same explicit
 * id after the change does not see the partitions its old runs took.
 */
export const BACKFILL_RUN_ID_PATCH = 'assetflow-backfill-runs-have-their-own-id-prefix';

/**
 * Patch: a partition key no partitions definition can have (over 200 characters, `..`, ...; one
 * that reached the workflow without the client's checks) fails its partition, naming the rule,
 * without starting a run; and a partition run's id bounds its parts (`boundedIdPart`). Before it,
 * a 1,500-character key made a workflow id over Temporal's limit, and the backfill stayed
 * Running, its workflow task failing on every retry. Called only where it changes something
 * (a refused key, an id that bounding shortens), so other executions record no marker; one
 * stuck before the change takes the new path at its next workflow task.
 */
export const BOUNDED_BACKFILL_RUNS_PATCH = 'assetflow-backfill-refuses-bad-keys-and-bounds-run-ids';

const { backfillPartitionKeys, planRun } = proxyActivities<AssetflowActivities>({
  summary: 'list backfill partitions',
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});

/**
 * Backfills partitions: one `assetflowRun` child per partition, at most `maxConcurrent` at
 * once, with the deterministic id `assetflow/backfill-run/<backfill id>/<partition>` and
 * REJECT_DUPLICATE, so no partition ever runs twice in a backfill. Each execution starts at
 * most `partitionsPerExecution` partitions, waits for them, and continues as new carrying
 * the counters and its position: history stays bounded (see `historyBound`) however many
 * partitions there are. Cancelling the backfill cancels its running children.
 */
export async function assetflowBackfill(input: BackfillInput): Promise<BackfillProgress> {
  const perExecution = input.partitionsPerExecution ?? DEFAULT_PARTITIONS_PER_EXECUTION;
  const carried: BackfillCarried = input.carried ?? {
    position: 0,
    total: 'keys' in input.partitions ? input.partitions.keys.length : 0,
    succeeded: 0,
    failed: 0,
    alreadyRun: 0,
    failures: [],
    startedAt: new Date().toISOString(),
    execution: 1,
  };
  const running = new Map<string, Promise<void>>();
  let cancelled = false;
  const progress = (status: BackfillProgress['status']): BackfillProgress => {
    const { position: _position, ...counters } = carried;
    return { backfillId: input.backfillId, status, ...counters, running: running.size, finished: carried.succeeded + carried.failed + carried.alreadyRun };
  };
  setHandler(backfillProgressQuery, () => progress(cancelled ? 'cancelled' : 'running'));
  const showProgress = () => {
    const p = progress('running');
    setCurrentDetails(`**backfill ${input.backfillId}**: ${p.finished}/${p.total} finished (${p.succeeded} succeeded, ${p.failed} failed, ${p.alreadyRun} already run), ${p.running} running, execution ${p.execution}`);
  };

  const page = await keysPage(input, carried.position, perExecution);
  carried.total = page.total;
  const runSelection = input.selection ?? '*';
  const runName = input.job ?? (typeof runSelection === 'string' ? runSelection : runSelection.join(','));
  // Planned once per execution (the plan differs between partitions only by its key): each
  // child then starts with its plan: one activity and one workflow task fewer per partition.
  const plan =
    page.keys.length === 0
      ? undefined
      : await planRun({
          ...(input.job !== undefined ? { job: input.job } : { selection: runSelection }),
          partitionKey: page.keys[0],
          trigger: 'backfill',
          runName,
          ...(input.runConfig !== undefined ? { runConfig: input.runConfig } : {}),
          tags: { ...(input.tags ?? {}), backfill: input.backfillId },
        });

  const runPartition = async (partitionKey: string) => {
    const refused = invalidPartitionKeyReason(partitionKey);
    if (refused !== undefined && patched(BOUNDED_BACKFILL_RUNS_PATCH)) {
      carried.failed++;
      if (carried.failures.length < MAX_RECORDED_FAILURES) carried.failures.push({ partitionKey: boundedIdPart(partitionKey), error: `not run: ${refused}` });
      return;
    }
    try {
      const workflowId = patched(BACKFILL_RUN_ID_PATCH) ? partitionRunId(input.backfillId, partitionKey) : legacyBackfillRunWorkflowId(input.backfillId, partitionKey);
      const child = await startChild(assetflowRun, {
        workflowId,
        args: [{ plan: { ...plan!, partitionKey } }],
        typedSearchAttributes: [
          { key: JOB, value: plan!.job ?? plan!.runName },
          { key: ASSETS, value: assetsAttributeValue(plannedAssetKeys(plan!)) },
          { key: TRIGGER, value: 'backfill' },
          { key: PARTITION, value: partitionKey },
        ],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        staticSummary: `${runName} [${partitionKey}] (backfill ${input.backfillId})`,
      });
      await child.result();
      carried.succeeded++;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        carried.alreadyRun++;
      } else if (isCancellation(err) && CancellationScope.current().consideredCancelled) {
        cancelled = true;
      } else {
        carried.failed++;
        if (carried.failures.length < MAX_RECORDED_FAILURES) carried.failures.push({ partitionKey, error: failureMessage(err) });
      }
    }
  };

  let started = 0;
  for (const key of page.keys) {
    while (running.size >= input.maxConcurrent) await Promise.race(running.values());
    if (cancelled || CancellationScope.current().consideredCancelled) break;
    if (started > 0 && workflowInfo().continueAsNewSuggested) break;
    const done = runPartition(key).finally(() => {
      running.delete(key);
      showProgress();
    });
    running.set(key, done);
    started++;
    showProgress();
  }
  await Promise.all(running.values());
  carried.position += started;

  if (cancelled || CancellationScope.current().consideredCancelled) {
    throw new CancelledFailure(`backfill ${input.backfillId} cancelled`, [finish('cancelled')]);
  }
  if (carried.position < carried.total) {
    await continueAsNew<typeof assetflowBackfill>({ ...input, carried: { ...carried, execution: carried.execution + 1 } });
  }
  if (carried.failed > 0) {
    const result = finish('failure');
    throw ApplicationFailure.create({
      type: BACKFILL_FAILED,
      message: `backfill ${input.backfillId}: ${carried.failed} of ${carried.total} partitions failed (first: ${carried.failures.map((f) => f.partitionKey).slice(0, 5).join(', ')})`,
      nonRetryable: true,
      details: [result],
    });
  }
  return finish('success');

  function finish(status: BackfillProgress['status']): BackfillProgress {
    const result = { ...progress(status), finishedAt: new Date().toISOString() };
    setHandler(backfillProgressQuery, () => result);
    // In the memo too: readable without a worker, and kept when a cancellation drops the details.
    upsertMemo({ assetflowBackfill: result });
    setCurrentDetails(`**backfill ${input.backfillId}**: ${status}, ${result.succeeded} succeeded, ${result.failed} failed, ${result.alreadyRun} already run of ${result.total}`);
    return result;
  }
}

/** A partition run's id: bounded, unless this execution started its runs with ids of before the patch. */
function partitionRunId(backfillId: string, partitionKey: string): string {
  const bounded = backfillRunWorkflowId(backfillId, partitionKey);
  const unbounded = unboundedBackfillRunWorkflowId(backfillId, partitionKey);
  return bounded === unbounded || patched(BOUNDED_BACKFILL_RUNS_PATCH) ? bounded : unbounded;
}

/** This execution's keys: a slice of an explicit list, or a page enumerated by an activity. */
async function keysPage(input: BackfillInput, offset: number, limit: number): Promise<{ keys: string[]; total: number }> {
  const partitions = input.partitions;
  if ('keys' in partitions) return { keys: partitions.keys.slice(offset, offset + limit), total: partitions.keys.length };
  return backfillPartitionKeys({ ...(input.job !== undefined ? { job: input.job } : { selection: input.selection ?? '*' }), from: partitions.from, to: partitions.to, offset, limit });
}

function failureMessage(err: unknown): string {
  let e: unknown = err;
  // ChildWorkflowFailure → the run's ApplicationFailure (its message summarizes the steps).
  if (e instanceof ChildWorkflowFailure && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

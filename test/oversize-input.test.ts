/**
 * Input too large or too long for Temporal, on the real dev server. Each used to fail late or
 * never end: a backfill over a 1,500-character partition key stayed Running, its workflow task
 * failing on every retry (`WorkflowId … exceeds length limit`); a 10 MB run config was sent and
 * failed after 41 s (RESOURCE_EXHAUSTED); a 100,000-character selection made a workflow id over
 * the limit; a run of a dozen assets with long keys set a search attribute over its size limit.
 * Now what cannot work fails at once with a clear error, and what can work runs.
 */
import { WorkflowFailedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { asset } from '../assets/asset';
import { staticPartitions } from '../assets/partitions';
import { backfillResultOf, startBackfill } from '../client/backfills';
import { replayHistories } from '../client/replay-histories';
import { materialize, startRun } from '../client/runs';
import type { BackfillInput, BackfillProgress } from '../contract/backfill';
import { backfillWorkflowId, MAX_WORKFLOW_ID_LENGTH } from '../contract/ids';
import { RunConfigTooLargeError } from '../errors/errors';
import { Definitions } from '../planning/definitions';
import { assetflowBackfill } from '../workflows';
import { BOUNDED_BACKFILL_RUNS_PATCH } from '../workflows/backfill-workflow';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const runsOnQueue = async () => (await env.client.workflow.count(`TaskQueue = "${env.taskQueue}"`)).count;

/** Resolves with `promise`, or rejects saying what is still running after `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} was still running after ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

test('a backfill handed a 1,500-character partition key ends failed, naming the limit, and runs its other partitions', async () => {
  const regional = asset({ key: 'regional', partitions: staticPartitions(['emea', 'amer']), compute: ({ context }) => ({ region: context.partitionKey }) });
  const definitions = new Definitions({ assets: [regional], storageRoot: tempStorage('long-key') });
  const longKey = 'k'.repeat(1500);
  const backfillId = `long-key-${Date.now()}`;
  // A request no client of today sends (the client checks keys): an older client, or one
  // started by hand, as the adversarial run did when staticPartitions still took such keys.
  const input: BackfillInput = { backfillId, selection: 'regional', partitions: { keys: ['emea', longKey, 'amer'] }, maxConcurrent: 2 };
  const result: BackfillProgress = await withWorker(env, definitions, async () => {
    const handle = await env.client.workflow.start(assetflowBackfill, {
      taskQueue: env.taskQueue,
      workflowId: backfillWorkflowId(backfillId),
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return within(60_000, `backfill ${backfillId}`, backfillResultOf(handle));
  });
  expect(result.status).toBe('failure');
  expect([result.succeeded, result.failed, result.total]).toEqual([2, 1, 3]);
  expect(result.failures).toHaveLength(1);
  expect(result.failures[0].error).toMatch(/^not run: partition key 'k{40}…' \(1500 characters\) is over the limit of 200 characters: use 1 to 200 characters/);
  expect(result.failures[0].partitionKey.length).toBeLessThanOrEqual(200);
  // No workflow task failed on the way: the request was refused, not retried.
  const history = await env.client.workflow.getHandle(backfillWorkflowId(backfillId)).fetchHistory();
  expect((history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
  // The patch marker is recorded, and the history replays against the code (the patched path is deterministic).
  const markers = (history.events ?? []).flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((d) => (d.payloads ?? []).map((p) => Buffer.from(p.data ?? []).toString())));
  expect(markers.some((m) => m.includes(BOUNDED_BACKFILL_RUNS_PATCH))).toBe(true);
  const [replayed] = await replayHistories([{ workflowId: backfillWorkflowId(backfillId), history }], { workflowBundle: { codePath: process.env.ASSETFLOW_TEST_BUNDLE! } });
  expect(replayed.error).toBeUndefined();
  expect((await definitions.catalog.materializedPartitions('regional')).sort()).toEqual(['amer', 'emea']);
});

test('a backfill whose first key is over the limit ends failed at once: its plan is refused, stating the rules', async () => {
  const regional = asset({ key: 'regional', partitions: staticPartitions(['emea']), compute: () => 1 });
  const definitions = new Definitions({ assets: [regional], storageRoot: tempStorage('long-first-key') });
  const backfillId = `long-first-key-${Date.now()}`;
  const input: BackfillInput = { backfillId, selection: 'regional', partitions: { keys: ['k'.repeat(1500), 'emea'] }, maxConcurrent: 1 };
  const failure = await withWorker(env, definitions, async () => {
    const handle = await env.client.workflow.start(assetflowBackfill, { taskQueue: env.taskQueue, workflowId: backfillWorkflowId(backfillId), args: [input] });
    return within(60_000, `backfill ${backfillId}`, handle.result().then(() => undefined, (err: unknown) => err));
  });
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  const cause = (failure as WorkflowFailedError).cause?.cause as Error | undefined;
  expect(cause?.message).toMatch(/^partition key 'k{40}…' \(1500 characters\) is over the limit of 200 characters: use 1 to 200 characters/);
});

describe('10 MB of run config', () => {
  const big = { ops: { numbers: { config: { blob: 'x'.repeat(10 * 1024 * 1024) } } } };
  const numbers = asset({ key: 'numbers', partitions: staticPartitions(['a']), compute: () => [1, 2, 3] });
  const definitions = new Definitions({ assets: [numbers], storageRoot: tempStorage('big-config') });

  test('a run is refused before anything is sent, stating the limit', async () => {
    const before = await runsOnQueue();
    const started = Date.now();
    const attempt = startRun(env.client, definitions, { taskQueue: env.taskQueue, partitionKey: 'a', runConfig: big });
    await expect(attempt).rejects.toThrow(RunConfigTooLargeError);
    await expect(attempt).rejects.toThrow(/over the limit of 262144 bytes \(256 KiB\)/);
    expect(Date.now() - started).toBeLessThan(10_000); // not the 41 s of a server refusing it
    expect(await runsOnQueue()).toBe(before);
  });

  test('a backfill is refused before anything is sent', async () => {
    const before = await runsOnQueue();
    await expect(startBackfill(env.client, definitions, { selection: 'numbers', taskQueue: env.taskQueue, runConfig: big })).rejects.toThrow(RunConfigTooLargeError);
    expect(await runsOnQueue()).toBe(before);
  });
});

test('a valid 100,000-character selection runs, under a bounded workflow id and run name', async () => {
  const numbers = asset({ key: 'numbers', compute: () => [1, 2, 3] });
  const definitions = new Definitions({ assets: [numbers], storageRoot: tempStorage('long-selection') });
  const selection = 'numbers,'.repeat(12_500);
  expect(selection.length).toBe(100_000);
  const run = await withWorker(env, definitions, async () => {
    const started = await startRun(env.client, definitions, { taskQueue: env.taskQueue, selection });
    return { workflowId: started.workflowId, result: await started.result() };
  });
  expect(run.result.status).toBe('success');
  expect(run.workflowId.length).toBeLessThanOrEqual(MAX_WORKFLOW_ID_LENGTH);
  expect(run.workflowId).toMatch(/^assetflow\/run\/(numbers,){22}numbers~[0-9a-f]{16}\//);
  expect(run.result.runName).toHaveLength(200);
});

test('a run of a dozen assets with 200-character keys starts (its AssetflowAssets value is bounded)', async () => {
  const keys = Array.from({ length: 12 }, (_, i) => `a${i}_`.padEnd(200, 'x'));
  const assets = keys.map((key) => asset({ key, compute: () => 1 }));
  const definitions = new Definitions({ assets, storageRoot: tempStorage('long-keys') });
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue, maxParallel: 4 }));
  expect(result.status).toBe('success');
  expect(result.steps).toHaveLength(12);
});

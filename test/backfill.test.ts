/**
 * Backfills on a real dev server: 30 partitions with 4 at once survive a SIGKILLed worker
 * without re-running a finished partition; a cancelled backfill cancels its runs and starts
 * no more; an asset job backfills its selection's partitions with its default config.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import type { BackfillProgress } from '../contract/backfill';
import { startBackfill } from '../client/backfills';
import { backfillRunWorkflowId, backfillWorkflowId } from '../contract/ids';
import { asset } from '../assets/asset';
import { defineAssetJob } from '../assets/asset-job';
import { job } from '../assets/job';
import { op } from '../assets/op';
import { hourlyPartitions } from '../assets/partitions';
import { Definitions } from '../planning/definitions';
import { days2026, slowDefinitions } from './fixtures/slow-partitions';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const childRunId = backfillRunWorkflowId;

/** A worker for the slow partitions in a process of its own; resolves once it polls. */
async function spawnWorker(storageRoot: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'backfill-worker.ts')], {
    env: { ...process.env, ASSETFLOW_TASK_QUEUE: env.taskQueue, ASSETFLOW_STORAGE: storageRoot, ASSETFLOW_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await Promise.race([
    (async () => {
      while (!output.includes('ready')) await new Promise((r) => setTimeout(r, 50));
    })(),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the worker process exited with ${code} before it was ready`);
    }),
  ]);
  return child;
}

async function killWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a backfill of 30 partitions, 4 at once, finishes after its worker is killed halfway, running no finished partition twice', async () => {
  const root = tempStorage('backfill-crash');
  const definitions = slowDefinitions(root);
  let worker = await spawnWorker(root);
  try {
    const backfill = await startBackfill(env.client, definitions, { selection: 'slow_day', from: '2026-01-01', to: '2026-01-30', maxConcurrent: 4, taskQueue: env.taskQueue });
    expect(backfill.total).toBe(30);
    const keys = definitions.getAsset('slow_day').partitions!.keysBetween('2026-01-01', '2026-01-30', new Date());

    // Halfway: a dozen partitions stored. The progress query shows the bound on concurrency.
    const seen: BackfillProgress[] = [];
    await waitFor('12 materialized partitions', async () => {
      seen.push(await backfill.progress());
      return (await definitions.catalog.materializedPartitions('slow_day')).length >= 12 ? true : undefined;
    });
    expect(Math.max(...seen.map((p) => p.running))).toBeLessThanOrEqual(4);
    expect(seen[seen.length - 1]).toMatchObject({ total: 30, status: 'running' });

    // Which partition runs had completed when the worker died (asked of the server, not the worker).
    const described = await Promise.all(keys.map((k) => env.client.workflow.getHandle(childRunId(backfill.backfillId, k)).describe().catch(() => undefined)));
    const completedBefore = new Map(keys.flatMap((k, i) => (described[i]?.status.name === 'COMPLETED' ? [[k, described[i]!.runId] as const] : [])));
    await killWorker(worker);
    expect(completedBefore.size).toBeGreaterThanOrEqual(8);
    expect(completedBefore.size).toBeLessThan(30);

    worker = await spawnWorker(root);
    const result = await backfill.result();
    expect(result).toMatchObject({ status: 'success', total: 30, succeeded: 30, failed: 0, alreadyRun: 0, running: 0 });

    const history = await definitions.catalog.history('slow_day');
    const recordsOf = (key: string) => history.filter((r) => r.partitionKey === key);
    for (const [key, runId] of completedBefore) {
      expect(recordsOf(key)).toHaveLength(1); // materialized once, never again
      expect((await env.client.workflow.getHandle(childRunId(backfill.backfillId, key)).describe()).runId).toBe(runId); // the same run
    }
    for (const key of keys) expect(recordsOf(key).length).toBeGreaterThanOrEqual(1);
    // At most the partitions in flight at the kill were stored again (an attempt that wrote, then died).
    expect(history.length).toBeLessThanOrEqual(30 + 4);
    const children = await Promise.all(keys.map((k) => env.client.workflow.getHandle(childRunId(backfill.backfillId, k)).describe()));
    expect(new Set(children.map((c) => c.status.name))).toEqual(new Set(['COMPLETED']));
  } finally {
    await killWorker(worker);
  }
});

test('a cancelled backfill cancels its running partitions and starts no more', async () => {
  const root = tempStorage('backfill-cancel');
  const definitions = slowDefinitions(root);
  const result = await withWorker(env, definitions, async () => {
    const backfill = await startBackfill(env.client, definitions, { selection: 'slow_day', from: '2026-02-01', to: '2026-02-20', maxConcurrent: 2, taskQueue: env.taskQueue });
    await waitFor('2 finished partitions', async () => ((await backfill.progress()).succeeded >= 2 ? true : undefined));
    await backfill.cancel();
    const final = await backfill.result();
    // No partition run is left running: each finished or was cancelled with the backfill.
    const keys = definitions.getAsset('slow_day').partitions!.keysBetween('2026-02-01', '2026-02-20', new Date());
    const statuses = await Promise.all(keys.map((k) => env.client.workflow.getHandle(childRunId(backfill.backfillId, k)).describe().then((d) => d.status.name, () => 'NOT_STARTED')));
    expect(statuses).not.toContain('RUNNING');
    expect(statuses).toContain('NOT_STARTED');
    return final;
  });
  expect(result.status).toBe('cancelled');
  expect(result.total).toBe(20);
  expect(result.succeeded).toBeGreaterThanOrEqual(2);
  expect(result.succeeded).toBeLessThan(20);
  expect(result.running).toBe(0);
  const stored = await definitions.catalog.materializedPartitions('slow_day');
  expect(stored.length).toBeLessThan(20);
});

test('a backfill started again under the same id runs only the partitions it has not run yet', async () => {
  const root = tempStorage('backfill-rerun');
  const definitions = slowDefinitions(root);
  const backfillId = `rerun-${Date.now()}`;
  const [first, second, secondRunId] = await withWorker(env, definitions, async () => {
    const a = await startBackfill(env.client, definitions, { selection: 'slow_day', partitionKeys: ['2026-03-01', '2026-03-02', '2026-03-03'], backfillId, taskQueue: env.taskQueue });
    const firstResult = await a.result();
    const b = await startBackfill(env.client, definitions, { selection: 'slow_day', from: '2026-03-01', to: '2026-03-05', backfillId, partitionsPerExecution: 2, taskQueue: env.taskQueue });
    return [firstResult, await b.result(), b.firstRunId!] as const;
  });
  expect(first).toMatchObject({ status: 'success', total: 3, succeeded: 3, alreadyRun: 0 });
  expect(second).toMatchObject({ status: 'success', total: 5, succeeded: 2, alreadyRun: 3, execution: 3 });
  const history = await definitions.catalog.history('slow_day');
  expect(history.map((r) => r.partitionKey).sort()).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);

  // Every execution of the chain replays deterministically against the current workflow code.
  let runId: string | undefined = secondRunId;
  let replayed = 0;
  while (runId) {
    const current: string = runId;
    const recorded = await env.client.workflow.getHandle(backfillWorkflowId(backfillId), current).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: process.env.ASSETFLOW_TEST_BUNDLE! } }, recorded, `${backfillId}-${replayed}`);
    replayed++;
    const events = recorded.events ?? [];
    runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  expect(replayed).toBe(3);
});

/** An asset job over a daily asset (its label comes from the job's default config), beside an hourly asset and an op job. */
function jobDefinitions(storageRoot: string): Definitions {
  const labelledDay = asset({
    key: 'labelled_day',
    partitions: days2026,
    config: z.object({ label: z.string() }),
    compute: ({ config, context }) => {
      context.addOutputMetadata({ label: config.label });
      return { day: context.partitionKey! };
    },
  });
  // Hourly: a backfill of `*` would mix partitionings, so only the job's selection can be backfilled.
  const otherHour = asset({ key: 'other_hour', partitions: hourlyPartitions({ start: '2026-01-01' }), compute: () => 1 });
  const hello = op({ name: 'hello', compute: () => 'hello' });
  return new Definitions({
    assets: [labelledDay, otherHour],
    jobs: [
      defineAssetJob({ name: 'day_job', selection: 'labelled_day', config: { ops: { labelled_day: { config: { label: 'from the job' } } } } }),
      job({ name: 'hello_job', build: () => void hello() }),
    ],
    storageRoot,
  });
}

test("a backfill of an asset job runs its selection's partitions with the job's default config", async () => {
  const root = tempStorage('backfill-job');
  const definitions = jobDefinitions(root);
  const { result, children } = await withWorker(env, definitions, async () => {
    const backfill = await startBackfill(env.client, definitions, { job: 'day_job', from: '2026-04-01', to: '2026-04-03', taskQueue: env.taskQueue });
    expect(backfill.total).toBe(3);
    const final = await backfill.result();
    const keys = ['2026-04-01', '2026-04-02', '2026-04-03'];
    return { result: final, children: await Promise.all(keys.map((k) => env.client.workflow.getHandle(childRunId(backfill.backfillId, k)).describe())) };
  });
  expect(result).toMatchObject({ status: 'success', total: 3, succeeded: 3, failed: 0 });
  expect(children.map((c) => c.status.name)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
  expect((await definitions.catalog.materializedPartitions('labelled_day')).sort()).toEqual(['2026-04-01', '2026-04-02', '2026-04-03']);
  const history = await definitions.catalog.history('labelled_day');
  expect(history.map((r) => r.metadata.label)).toEqual(['from the job', 'from the job', 'from the job']);
  expect(history.map((r) => r.runName)).toEqual(['day_job', 'day_job', 'day_job']);
  expect(await definitions.catalog.materializedPartitions('other_hour')).toEqual([]);
});

test('a backfill of an unknown job, of an op job, or of a job and a selection fails before anything starts, saying why', async () => {
  const definitions = jobDefinitions(tempStorage('backfill-bad-job'));
  const backfillId = `bad-job-${Date.now()}`;
  const start = (options: Parameters<typeof startBackfill>[2]) => startBackfill(env.client, definitions, { backfillId, from: '2026-04-01', to: '2026-04-03', taskQueue: env.taskQueue, ...options });
  await expect(start({ job: 'day_jbo' })).rejects.toThrow(/there is no job 'day_jbo'\. Did you mean 'day_job'\?/);
  await expect(start({ job: 'hello_job' })).rejects.toThrow(/job 'hello_job' has no partitioned assets: it is an op job/);
  await expect(start({ job: 'day_job', selection: 'labelled_day' })).rejects.toThrow(/either a job \('day_job'\) or a selection/);
  await expect(env.client.workflow.getHandle(backfillWorkflowId(backfillId)).describe()).rejects.toThrow(/not found/i);
});

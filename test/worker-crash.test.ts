/**
 * Workers die for real here: a worker process is SIGKILLed mid-materialization, or its event
 * process is stopped (SIGSTOP) so that it stops heartbeating. Temporal notices through the heartbeat
 * timeout and a second worker process finishes the run with the same outputs as an
 * undisturbed run, and no partial or temp file is left.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pl from 'nodejs-polars';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { startRun, materialize } from '../client/runs';
import { mark, waitForFile } from './fixtures/control-files';
import { crashDefinitions } from './fixtures/crash-definitions';
import { retriedAttemptCauses, tempFilesUnder } from './support/storage-files';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

const DEFINITIONS_MODULE = path.join(__dirname, 'fixtures', 'crash-definitions.ts');

let env: TestEnv;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  env = await connectTestEnv();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
});
afterAll(() => env?.close());

function fixture(name: string) {
  const dir = tempStorage(name);
  const storageRoot = path.join(dir, 'storage');
  const controlDir = path.join(dir, 'control');
  fs.mkdirSync(controlDir, { recursive: true });
  const start = async (extraEnv: Record<string, string> = {}) => {
    const worker = await startWorkerProcess({
      address: env.target.address,
      taskQueue: env.taskQueue,
      storageRoot,
      definitionsModule: DEFINITIONS_MODULE,
      env: { FIXTURE_CONTROL_DIR: controlDir, ...extraEnv },
    });
    workers.push(worker);
    return worker;
  };
  return { storageRoot, control: (file: string) => path.join(controlDir, file), definitions: crashDefinitions({ storageRoot, controlDir }), startWorker: start };
}


test('a worker SIGKILLed mid-write: another worker retries the step, outputs match an undisturbed run, no temp file remains', async () => {
  const crashed = fixture('sigkill');
  const firstWorker = await crashed.startWorker();
  const run = await startRun(env.client, crashed.definitions, { taskQueue: env.taskQueue, selection: '*report' });
  await waitForFile(crashed.control('write-started'));
  expect(tempFilesUnder(crashed.storageRoot)).toEqual([expect.stringMatching(/^\.group_totals\.parquet\.tmp-/)]);

  await firstWorker.kill();
  mark(crashed.control('release'));
  await crashed.startWorker();
  const result = await run.result();

  expect(result.status).toBe('success');
  expect(result.steps.map((s) => [s.key, s.status, s.attempts])).toEqual([
    ['numbers', 'succeeded', 1],
    ['group_totals', 'succeeded', 2],
    ['report', 'succeeded', 1],
  ]);
  // The second attempt started because the first stopped heartbeating.
  expect(await retriedAttemptCauses(run.handle)).toEqual([expect.objectContaining({ attempt: 2, timeoutType: 'HEARTBEAT' })]);
  expect(tempFilesUnder(crashed.storageRoot)).toEqual([]);

  const undisturbed = fixture('undisturbed');
  mark(undisturbed.control('release'));
  const reference = await withWorker({ ...env, taskQueue: `${env.taskQueue}-reference` }, undisturbed.definitions, () =>
    materialize(env.client, undisturbed.definitions, { taskQueue: `${env.taskQueue}-reference`, selection: '*report' }),
  );
  expect(reference.status).toBe('success');
  for (const key of ['numbers', 'group_totals', 'report']) {
    const file = `${key}.parquet`;
    const got = pl.readParquet(path.join(crashed.storageRoot, file));
    const want = pl.readParquet(path.join(undisturbed.storageRoot, file));
    expect(got.height).toBeGreaterThan(0);
    expect(got.frameEqual(want)).toBe(true);
  }
});

test('a long materialization heartbeats: it outlives its 2 s heartbeat timeout on its first attempt', async () => {
  const longRunning = asset({
    key: 'long_running',
    heartbeatTimeoutSeconds: 2,
    retry: { maxAttempts: 3, initialIntervalSeconds: 0.1 },
    compute: async ({ context }) => {
      await sleep(5000, undefined, { signal: context.signal });
      return { done: true };
    },
  });
  const definitions = new Definitions({ assets: [longRunning], storageRoot: tempStorage('long') });
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue }));
  expect(result.steps).toEqual([expect.objectContaining({ key: 'long_running', status: 'succeeded', attempts: 1 })]);
});

test('a hung worker (its process stopped) sends no heartbeat: the attempt times out by heartbeat and another worker finishes it', async () => {
  const hung = fixture('hung');
  // A hung worker's native core keeps the tasks it polled until they time out.
  // Few slots: once it hangs, the stuck worker can hold at most one activity and two workflow tasks.
  const stuck = await hung.startWorker({ WORKER_MAX_ACTIVITIES: '1', WORKER_MAX_WORKFLOW_TASKS: '2' });
  const run = await startRun(env.client, hung.definitions, { taskQueue: env.taskQueue, selection: '*blocks_event_loop' });
  await waitForFile(hung.control('hang-started'));
  // Its compute blocks only its step thread (the worker would keep heartbeating): stop the whole process.
  stuck.pause();
  await hung.startWorker();
  const result = await run.result();

  expect(result.status).toBe('success');
  expect(result.steps.find((s) => s.key === 'blocks_event_loop')).toMatchObject({ status: 'succeeded', attempts: 2 });
  // Detected by the 2 s heartbeat timeout, not by the step's own or start-to-close timeout.
  expect(await retriedAttemptCauses(run.handle)).toEqual([expect.objectContaining({ attempt: 2, timeoutType: 'HEARTBEAT' })]);
  const sum = pl.readParquet(path.join(hung.storageRoot, 'blocks_event_loop.parquet')).getColumn('sum').get(0);
  expect(Number(sum)).toBeGreaterThan(0);
});

/**
 * Steps off the event loop, on real processes: a worker process runs each step in a step thread
 * (which loads test/fixtures/step-thread-definitions.ts by path), while its own thread
 * heartbeats every 0.5 s with the default 10 s heartbeat timeout. Cancellation reaches a
 * compute within 2 s however it waits; one that ignores its signal is terminated and publishes
 * nothing; a dead worker's step is retried within 15 s; a timed-out attempt never publishes; a
 * compute that never resolves fails at its own timeout; a 120 s blocking call is not mistaken
 * for a dead worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pl from 'nodejs-polars';
import { startRun } from '../client/runs';
import { waitForFile, mark } from './fixtures/control-files';
import { stepThreadDefinitions } from './fixtures/step-thread-definitions';
import { filesUnder, retriedAttemptCauses, tempFilesUnder } from './support/storage-files';
import { connectTestEnv, tempStorage, type TestEnv } from './support/temporal';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

const DEFINITIONS_MODULE = path.join(__dirname, 'fixtures', 'step-thread-definitions.ts');
/** The bounds (functional guarantees of the defaults, not speed figures: those are in bench/step-control.ts). */
const CANCEL_BOUND_MS = 2000;
const RECOVERY_BOUND_MS = 15_000;

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
  const taskQueue = `${env.taskQueue}-${name}`;
  const startWorker = async () => {
    const worker = await startWorkerProcess({ address: env.target.address, taskQueue, storageRoot, definitionsModule: DEFINITIONS_MODULE, env: { FIXTURE_CONTROL_DIR: controlDir } });
    workers.push(worker);
    return worker;
  };
  const control = (file: string) => path.join(controlDir, file);
  const definitions = stepThreadDefinitions(storageRoot, controlDir);
  const run = (selection: string) => startRun(env.client, definitions, { taskQueue, selection });
  const outputs = () => filesUnder(storageRoot).filter((f) => f.endsWith('.parquet'));
  return { storageRoot, control, definitions, run, startWorker, outputs };
}

test.each(['async_wait', 'blocking_polars', 'busy_loop'])('cancelling a run reaches a compute in %s within 2 s and the run ends Cancelled', async (key) => {
  const f = fixture(`cancel-${key.replace(/_/g, '-')}`);
  await f.startWorker();
  const run = await f.run(key);
  await waitForFile(f.control(`started-${key}-1`));
  const cancelledAt = performance.now();
  await run.handle.cancel();
  const result = await run.result();
  const latencyMs = performance.now() - cancelledAt;

  expect(result.status).toBe('cancelled');
  expect(result.steps).toEqual([expect.objectContaining({ key, status: 'cancelled' })]);
  expect((await run.handle.describe()).status.name).toBe('CANCELLED');
  expect(latencyMs).toBeLessThanOrEqual(CANCEL_BOUND_MS);
  expect(f.outputs()).toEqual([]);
});

test('a compute that ignores its signal is stopped: nothing it would write after the cancel is published or recorded', async () => {
  const f = fixture('ignores-signal');
  await f.startWorker();
  const run = await f.run('ignores_signal');
  await waitForFile(f.control('started-ignores_signal-1'));
  await run.handle.cancel();
  const result = await run.result();
  expect(result.status).toBe('cancelled');
  expect(result.steps).toEqual([expect.objectContaining({ key: 'ignores_signal', status: 'cancelled' })]);
  // Past the moment the compute would have returned (3 s after it started): its thread was terminated.
  await sleep(4000);
  expect(fs.existsSync(f.control('ignores_signal-returned'))).toBe(false);
  expect(f.outputs()).toEqual([]);
  expect(tempFilesUnder(f.storageRoot)).toEqual([]);
  expect(await f.definitions.catalog.latestMaterialization('ignores_signal')).toBeUndefined();
});

test('a SIGKILLed worker: its step is retried on another worker within 15 s, with the default heartbeat timeout', async () => {
  const f = fixture('sigkill-default');
  const first = await f.startWorker();
  await f.startWorker();
  const run = await f.run('waits_for_release');
  await waitForFile(f.control('started-waits_for_release-1'));
  await first.kill();
  const killedAt = Date.now();
  await waitForFile(f.control('started-waits_for_release-2'));
  const retriedAfterMs = Number(fs.readFileSync(f.control('started-waits_for_release-2'), 'utf8')) - killedAt;
  const result = await run.result();

  expect(result.steps).toEqual([expect.objectContaining({ key: 'waits_for_release', status: 'succeeded', attempts: 2 })]);
  expect(await retriedAttemptCauses(run.handle)).toEqual([expect.objectContaining({ attempt: 2, timeoutType: 'HEARTBEAT' })]);
  expect(retriedAfterMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
});

test('a timed-out attempt never publishes: a hung worker resumed after the retry succeeded leaves the file and the catalog as the retry left them', async () => {
  const f = fixture('stale-attempt');
  const hung = await f.startWorker();
  const run = await f.run('waits_for_release');
  await waitForFile(f.control('started-waits_for_release-1'));
  hung.pause(); // no heartbeat goes out: the attempt times out by heartbeat
  await f.startWorker();
  const result = await run.result();
  // The paused worker may have held a second attempt too (its poll was outstanding): a later one succeeded.
  const [row] = result.steps;
  expect(row).toMatchObject({ key: 'waits_for_release', status: 'succeeded' });
  expect(row.attempts).toBeGreaterThan(1);
  const file = path.join(f.storageRoot, 'waits_for_release.parquet');
  const published = fs.readFileSync(file);

  // The stale attempts go on: their computes return and they try to publish.
  mark(f.control('release-waits_for_release'));
  hung.resume();
  await waitForFile(f.control('waits_for_release-returned'));
  await sleep(3000);

  expect(pl.readParquet(file).getColumn('written_by').toArray()).toEqual([`attempt ${row.attempts}`]);
  expect(fs.readFileSync(file).equals(published)).toBe(true);
  const records = await f.definitions.catalog.materializations('waits_for_release');
  expect(records.items.map((r) => r.attempt)).toEqual([row.attempts]);
  expect(tempFilesUnder(f.storageRoot)).toEqual([]);
});

test('a compute that never resolves fails at its own timeout, naming the step and the timeout, after one attempt', async () => {
  const f = fixture('never-resolves');
  await f.startWorker();
  const run = await f.run('never_resolves');
  const result = await run.result();
  expect(result.status).toBe('failure');
  const row = result.steps[0];
  expect(row).toMatchObject({ key: 'never_resolves', status: 'failed' });
  expect(row.error).toBe("StepTimeoutError: 'never_resolves' did not finish within its timeoutSeconds (2 s) and was stopped; raise timeoutSeconds on 'never_resolves' if it needs longer");
  expect(fs.existsSync(f.control('started-never_resolves-2'))).toBe(false);
  expect(f.outputs()).toEqual([]);
});

test("a step's error keeps its class, code, retry flag and stack from the thread, and its log lines reach the worker's log with step and attempt", async () => {
  const f = fixture('thread-error');
  const worker = await f.startWorker();
  const run = await f.run('throws_string');
  const result = await run.result();
  expect(result.steps).toEqual([expect.objectContaining({ key: 'throws_string', status: 'failed', error: expect.stringMatching(/^NonErrorThrown: 'throws_string' threw a non-Error value/) })]);
  const failed = (await run.handle.fetchHistory()).events!.map((e) => e.activityTaskFailedEventAttributes?.failure).filter((x) => x);
  expect(failed).toHaveLength(1); // not retried: NonErrorThrown is not retryable
  expect(failed[0]!.applicationFailureInfo).toMatchObject({ type: 'NonErrorThrown', nonRetryable: true });
  expect(failed[0]!.cause?.stackTrace ?? failed[0]!.stackTrace).toMatch(/execute-step\.ts/);
  const lines = worker.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'about to throw', detail: 'from the thread', step: 'throws_string', attempt: 1, runId: run.runId }));
});

const slow = process.env.ASSETFLOW_SKIP_SLOW_TESTS === '1' ? test.skip : test;
slow('a compute blocking its thread for 120 s succeeds on its first attempt with the default heartbeat timeout', async () => {
  const f = fixture('blocks-120');
  await f.startWorker();
  const run = await f.run('blocks_120_s');
  const result = await run.result();
  expect(result.steps).toEqual([expect.objectContaining({ key: 'blocks_120_s', status: 'succeeded', attempts: 1 })]);
  expect(await retriedAttemptCauses(run.handle)).toEqual([]);
}, 240_000);

/**
 * The evaluate activity on its own (Temporal's mock activity environment, no server): what it
 * does with the user's result, and how it refuses results that cannot be right.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { defineAssetJob } from '../assets/asset-job';
import { job } from '../assets/job';
import { op } from '../assets/op';
import { dailyPartitions } from '../assets/partitions';
import { Definitions } from '../planning/definitions';
import { assetSensor, sensor, type SensorResult } from '../assets/sensor';
import type { MaterializationRecord } from '../contract/materialization';
import type { EvaluateSensorInput, EvaluateSensorResult } from '../contract/sensor';
import { evaluateSensorActivity } from './evaluate-sensor';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Runs the activity in Temporal's mock activity context (its failures logged nowhere). */
function runEvaluate(definitions: Definitions, input: EvaluateSensorInput): Promise<EvaluateSensorResult> {
  const fn = evaluateSensorActivity(definitions);
  return new MockActivityEnvironment({ heartbeatTimeoutMs: 3000 }, { logger: quiet }).run<[EvaluateSensorInput], EvaluateSensorResult, typeof fn>(fn, input);
}

const item = asset({ key: 'item', config: z.object({ name: z.string() }), compute: ({ config }) => config.name });
const after = asset({ key: 'after', ins: { item }, compute: ({ item }) => item });

function evaluateWith(evaluate: (ctx: { cursor: string | undefined }) => SensorResult, cursor?: string) {
  const definitions = new Definitions({ assets: [item, after], sensors: [sensor({ name: 's', selection: 'item', evaluate })], storageRoot: '/tmp/unused' });
  return runEvaluate(definitions, { name: 's', events: [], ...(cursor !== undefined ? { cursor } : {}) });
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

test('resolves the target, labels the runs, and returns the cursor the evaluation set', async () => {
  const result = await evaluateWith((ctx) => {
    ctx.cursor = `${ctx.cursor ?? ''}x`;
    return [{ runKey: 'k1', runConfig: { ops: { item: { config: { name: 'a' } } } } }, { selection: 'item+', runConfig: { ops: { item: { config: { name: 'b' } } } }, tags: { owner: 'me' } }];
  }, 'c');
  expect(result.cursor).toBe('cx');
  expect(result.skipReason).toBeUndefined();
  expect(result.runRequests).toEqual([
    { runKey: 'k1', request: { selection: 'item', runConfig: { ops: { item: { config: { name: 'a' } } } }, trigger: 'sensor', runName: 's', tags: { 'assetflow/sensor': 's', 'assetflow/run_key': 'k1' } } },
    { request: { selection: 'item+', runConfig: { ops: { item: { config: { name: 'b' } } } }, trigger: 'sensor', runName: 's', tags: { owner: 'me', 'assetflow/sensor': 's' } } },
  ]);
});

test('a skip keeps its reason; returning nothing is a skip too', async () => {
  expect(await evaluateWith(() => ({ skipReason: 'nothing new' }))).toMatchObject({ runRequests: [], skipReason: 'nothing new' });
  expect(await evaluateWith(() => undefined)).toMatchObject({ runRequests: [], skipReason: 'no run requested' });
});

test('bad run config or selection fails the evaluation at once, naming the sensor and the run key', async () => {
  const badConfig = await failureOf(evaluateWith(() => [{ runKey: 'k', runConfig: { ops: { item: { config: { name: 1 } } } } }]));
  expect(badConfig.nonRetryable).toBe(true);
  expect(badConfig).toMatchObject({ type: 'InvalidSensorResult', details: [{ code: 'SENSOR_RESULT_INVALID' }] });
  expect(badConfig.message).toMatch(/^sensor 's': run request 0 \(run key 'k'\): Invalid run config:\n.*ops\.item\.config\.name/s);
  const badSelection = await failureOf(evaluateWith(() => [{ selection: 'itme', runConfig: { ops: { item: { config: { name: 'a' } } } } }]));
  expect(badSelection.message).toMatch(/sensor 's': run request 0: .*'itme'.*Did you mean 'item'/);
});

test('a cursor that is not a string, or too many requests, fail with what to do', async () => {
  const notString = await failureOf(evaluateWith((ctx) => {
    (ctx as { cursor: unknown }).cursor = 5;
    return [];
  }));
  expect(notString.message).toMatch(/cursor must be a string .*JSON\.stringify/);
  const many = await failureOf(evaluateWith(() => Array.from({ length: 501 }, (_, i) => ({ runKey: `k${i}`, runConfig: { ops: { item: { config: { name: 'a' } } } } }))));
  expect(many.message).toMatch(/501 run requests in one evaluation, over 500/);
});

test('an asset sensor without evaluate requests one run per materialization it was woken by', async () => {
  const definitions = new Definitions({ assets: [item, after], sensors: [assetSensor({ name: 'a', assetKeys: ['item'], selection: 'after' })], storageRoot: '/tmp/unused' });
  const record: MaterializationRecord = { assetKey: 'item', runId: 'r1', location: '/x', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() };
  const result = await runEvaluate(definitions, { name: 'a', events: [record, { ...record, runId: 'r2', partitionKey: 'p' }] });
  expect(result.runRequests.map((r) => [r.runKey, r.request.selection, r.request.partitionKey])).toEqual([['item:r1', 'after', undefined], ['item:r2:p', 'after', undefined]]); // 'after' is not partitioned: the record's partition is not passed on
});

test('a sensor the worker does not have fails at once, naming the sensors it has', async () => {
  const definitions = new Definitions({ assets: [item], sensors: [sensor({ name: 's', selection: 'item', evaluate: () => [] })], storageRoot: '/tmp/unused' });
  const unknown = await failureOf(runEvaluate(definitions, { name: 'gone', events: [] }));
  expect(unknown).toMatchObject({ type: 'UnknownSensor', nonRetryable: true, details: [{ code: 'SENSOR_UNKNOWN' }] });
  expect(unknown.message).toMatch(/^sensor 'gone' is not in this worker's Definitions \(known: s\)/);
});

test('an error the sensor throws is retried as it is', async () => {
  const err = await evaluateWith(() => {
    throw new Error('feed unreachable');
  }).then(() => undefined, (e: unknown) => e);
  expect(err).not.toBeInstanceOf(ApplicationFailure);
  expect((err as Error).message).toBe('feed unreachable');
});

describe('run requests that target a job', () => {
  const greet = op({ name: 'greet', config: z.object({ greeting: z.string() }), compute: ({ config }) => config.greeting });
  const day = asset({ key: 'day', partitions: dailyPartitions({ start: '2026-01-01' }), compute: ({ context }) => context.partitionKey! });
  const ping = op({ name: 'ping', compute: () => 'pong' });
  const jobs = [
    job({ name: 'greet_job', build: () => void greet() }),
    defineAssetJob({ name: 'item_job', selection: 'item' }),
    defineAssetJob({ name: 'day_job', selection: 'day' }),
    job({ name: 'ping_job', build: () => void ping() }),
  ];
  const itemConfig = { ops: { item: { config: { name: 'a' } } } };

  function evaluateJobs(evaluate: () => SensorResult) {
    const definitions = new Definitions({ assets: [item, after, day], jobs, sensors: [sensor({ name: 's', job: 'item_job', evaluate })], storageRoot: '/tmp/unused' });
    return runEvaluate(definitions, { name: 's', events: [] });
  }

  test('an unknown job fails the evaluation, naming the sensor, the run request and close matches', async () => {
    const failure = await failureOf(evaluateJobs(() => [{ runKey: 'k', job: 'greet_jbo', runConfig: { ops: { greet: { config: { greeting: 'hi' } } } } }]));
    expect(failure.type).toBe('InvalidSensorResult');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe("sensor 's': run request 0 (run key 'k'): there is no job 'greet_jbo'. Did you mean 'greet_job'? Jobs: greet_job, item_job, day_job, ping_job");
  });

  test("bad config for the job (the request's or the sensor's own job) fails the evaluation with the config's path", async () => {
    const opJob = await failureOf(evaluateJobs(() => [{ job: 'greet_job', runConfig: { ops: { greet: { config: { greeting: 1 } } } } }]));
    expect(opJob.message).toMatch(/^sensor 's': run request 0: Invalid run config:\n.*ops\.greet\.config\.greeting/s);
    const sensorJob = await failureOf(evaluateJobs(() => [{ runKey: 'k' }, { runKey: 'k2' }]));
    expect(sensorJob.message).toMatch(/^sensor 's': run request 0 \(run key 'k'\): Invalid run config:\n.*ops\.item\.config\.name/s);
    const partition = await failureOf(evaluateJobs(() => [{ job: 'day_job' }]));
    expect(partition.message).toMatch(/^sensor 's': run request 0: asset 'day' of selection "day" is partitioned .*: pass a partition key/);
  });

  test('a good job request passes, resolved to the job', async () => {
    const result = await evaluateJobs(() => [
      { runKey: 'k', runConfig: itemConfig },
      { job: 'greet_job', runConfig: { ops: { greet: { config: { greeting: 'hi' } } } } },
      { job: 'day_job', partitionKey: '2026-01-05' },
    ]);
    expect(result.runRequests).toEqual([
      { runKey: 'k', request: { job: 'item_job', runConfig: itemConfig, trigger: 'sensor', runName: 's', tags: { 'assetflow/sensor': 's', 'assetflow/run_key': 'k' } } },
      { request: { job: 'greet_job', runConfig: { ops: { greet: { config: { greeting: 'hi' } } } }, trigger: 'sensor', runName: 's', tags: { 'assetflow/sensor': 's' } } },
      { request: { job: 'day_job', partitionKey: '2026-01-05', trigger: 'sensor', runName: 's', tags: { 'assetflow/sensor': 's' } } },
    ]);
  });

  test("an asset sensor targeting a partitioned asset job passes the materialization's partition on; an op job gets none", async () => {
    const definitions = new Definitions({
      assets: [item, after, day],
      jobs,
      sensors: [assetSensor({ name: 'to_day', assetKeys: ['day'], job: 'day_job' }), assetSensor({ name: 'to_ping', assetKeys: ['day'], job: 'ping_job' })],
      storageRoot: '/tmp/unused',
    });
    const record: MaterializationRecord = { assetKey: 'day', partitionKey: '2026-01-05', runId: 'r1', location: '/x', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() };
    const toDay = await runEvaluate(definitions, { name: 'to_day', events: [record] });
    expect(toDay.runRequests.map((r) => [r.request.job, r.request.partitionKey])).toEqual([['day_job', '2026-01-05']]);
    const toPing = await runEvaluate(definitions, { name: 'to_ping', events: [record] });
    expect(toPing.runRequests.map((r) => [r.runKey, r.request.job, r.request.partitionKey])).toEqual([['day:r1:2026-01-05', 'ping_job', undefined]]);
  });
});

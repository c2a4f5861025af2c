/**
 * How a run behaves when steps fail, on the real dev server: failed steps skip their
 * downstream while unrelated branches finish; retries leave exactly one output; bad input is
 * refused before anything runs, with messages that say what to fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { Definitions } from '../assets/definitions';
import { RunConfigError } from '../assets/errors';
import { materialize, startRun } from '../client/runs';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const fastRetry = (maxAttempts: number) => ({ maxAttempts, initialIntervalSeconds: 0.1 });

test('a failing asset skips its downstream while an unrelated branch finishes', async () => {
  const root = asset({ key: 'root', compute: () => ({ n: 1 }) });
  const broken = asset({ key: 'broken', ins: { root }, retry: fastRetry(2), compute: (): number => { throw new Error('source is down'); } });
  const afterBroken = asset({ key: 'after_broken', ins: { broken }, compute: ({ broken }) => broken + 1 });
  const lastOfChain = asset({ key: 'last_of_chain', ins: { afterBroken }, compute: ({ afterBroken }) => afterBroken });
  const healthy = asset({ key: 'healthy', ins: { root }, compute: ({ root }) => root.n * 2 });
  const storage = tempStorage('skip');
  const definitions = new Definitions({ assets: [root, broken, afterBroken, lastOfChain, healthy], storageRoot: storage });
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue, runName: 'skip-test' }));
  expect(result.status).toBe('failure');
  const byKey = Object.fromEntries(result.steps.map((s) => [s.key, s]));
  expect(byKey.root.status).toBe('succeeded');
  expect(byKey.healthy.status).toBe('succeeded');
  expect(byKey.broken).toMatchObject({ status: 'failed', attempts: 2 });
  expect(byKey.broken.error).toMatch(/source is down/);
  expect(byKey.after_broken).toMatchObject({ status: 'skipped', error: "upstream 'broken' failed" });
  expect(byKey.last_of_chain).toMatchObject({ status: 'skipped', error: "upstream 'after_broken' skipped" });
  expect(JSON.parse(fs.readFileSync(path.join(storage, 'healthy.json'), 'utf8'))).toBe(2);
  expect(fs.existsSync(path.join(storage, 'after_broken.json'))).toBe(false);
});

test('a flaky asset succeeds on its second attempt and leaves exactly one output', async () => {
  let calls = 0;
  const flaky = asset({
    key: 'flaky',
    retry: fastRetry(3),
    compute: ({ context }) => {
      calls++;
      if (context.attempt === 1) throw new Error('transient');
      return { attempt: context.attempt };
    },
  });
  const storage = tempStorage('flaky');
  const definitions = new Definitions({ assets: [flaky], storageRoot: storage });
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue }));
  expect(result.status).toBe('success');
  expect(result.steps[0]).toMatchObject({ key: 'flaky', status: 'succeeded', attempts: 2 });
  expect(calls).toBe(2);
  expect(fs.readdirSync(storage).sort()).toEqual(['.catalog', 'flaky.json']);
  expect(await definitions.catalog.history('flaky')).toEqual([expect.objectContaining({ attempt: 2, runId: result.runId })]);
  expect(JSON.parse(fs.readFileSync(path.join(storage, 'flaky.json'), 'utf8'))).toEqual({ attempt: 2 });
});

test('invalid run config is refused before any activity runs, with the zod path', async () => {
  let ran = false;
  const configured = asset({
    key: 'configured',
    config: z.object({ apiUrl: z.string().url(), limit: z.number().int().positive() }),
    compute: () => {
      ran = true;
      return 1;
    },
  });
  const definitions = new Definitions({ assets: [configured], storageRoot: tempStorage('config') });
  const before = await env.client.workflow.count(`TaskQueue = "${env.taskQueue}"`);
  const attempt = startRun(env.client, definitions, { taskQueue: env.taskQueue, runConfig: { ops: { configured: { config: { apiUrl: 'nope', limit: -1 } } } } });
  await expect(attempt).rejects.toThrow(RunConfigError);
  await expect(attempt).rejects.toThrow(/ops\.configured\.config\.apiUrl/);
  await expect(attempt).rejects.toThrow(/ops\.configured\.config\.limit/);
  expect(ran).toBe(false);
  expect((await env.client.workflow.count(`TaskQueue = "${env.taskQueue}"`)).count).toBe(before.count);
});

test('a value the IO manager cannot store fails at once, naming the asset and the type', async () => {
  const mapAsset = asset({ key: 'returns_map', retry: fastRetry(3), compute: () => new Map([['a', 1]]) });
  const parquetOnly = asset({ key: 'parquet_only', ioManagerKey: 'parquet', retry: fastRetry(3), compute: () => ({ not: 'a frame' }) });
  const definitions = new Definitions({ assets: [mapAsset, parquetOnly], storageRoot: tempStorage('types') });
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue }));
  const byKey = Object.fromEntries(result.steps.map((s) => [s.key, s]));
  expect(byKey.returns_map.status).toBe('failed');
  expect(byKey.returns_map.error).toMatch(/'returns_map' returned a Map .*which IO manager 'io_manager' cannot store/);
  expect(byKey.parquet_only.error).toMatch(/'parquet_only' returned an object, which IO manager 'parquet' cannot store: it stores polars DataFrames/);
  // Not retried: another attempt could not help.
  expect(byKey.returns_map.attempts).toBeUndefined();
});

test('oversize output metadata and non-Error throws are reported clearly', async () => {
  const chatty = asset({
    key: 'chatty',
    compute: ({ context }) => {
      context.addOutputMetadata({ dump: 'x'.repeat(300 * 1024) });
      return 1;
    },
  });
  const weird = asset({ key: 'throws_string', compute: () => { throw 'plain string'; } });
  const definitions = new Definitions({ assets: [chatty, weird], storageRoot: tempStorage('oversize') });
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue }));
  const byKey = Object.fromEntries(result.steps.map((s) => [s.key, s]));
  expect(byKey.chatty.error).toMatch(/'chatty': output metadata is 300\.\d KiB, over the 256 KiB/);
  expect(byKey.throws_string.error).toMatch(/'throws_string' threw a non-Error value \(string\): "plain string"/);
});

/**
 * How a run behaves when steps fail, on the real dev server: failed steps skip their
 * downstream while unrelated branches finish; retries leave exactly one output. Bad input is
 * in bad-input.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { materialize } from '../client/runs';
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
  expect(fs.readdirSync(storage).filter((f) => !/^\.catalog\.sqlite-(wal|shm)$/.test(f)).sort()).toEqual(['.catalog.sqlite', 'flaky.json']);
  expect(await definitions.catalog.history('flaky')).toEqual([expect.objectContaining({ attempt: 2, runId: result.runId })]);
  expect(JSON.parse(fs.readFileSync(path.join(storage, 'flaky.json'), 'utf8'))).toEqual({ attempt: 2 });
});

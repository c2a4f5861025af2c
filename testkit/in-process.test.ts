/** The in-process executor behaves as a run on Temporal does, through the same step executor. */
import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset, dailyPartitions, Definitions, resourceParam, RunConfigError } from 'assetflow';
import { buildAssetContext, executeInProcess, InProcessStepError, invokeAsset, materializeToMemory } from 'assetflow/testing';

const fastRetry = (maxAttempts: number) => ({ maxAttempts, initialIntervalSeconds: 30 });

test('a failing asset skips its downstream while an unrelated branch finishes', async () => {
  const root = asset({ key: 'root', compute: () => ({ n: 1 }) });
  const broken = asset({ key: 'broken', ins: { root }, retry: fastRetry(2), compute: (): number => { throw new Error('source is down'); } });
  const afterBroken = asset({ key: 'after_broken', ins: { broken }, compute: ({ broken }) => broken + 1 });
  const healthy = asset({ key: 'healthy', ins: { root }, compute: ({ root }) => root.n * 2 });
  const result = await materializeToMemory([root, broken, afterBroken, healthy]);
  expect(result.success).toBe(false);
  const byKey = Object.fromEntries(result.steps.map((s) => [s.key, s]));
  expect(byKey.broken).toMatchObject({ status: 'failed', attempts: 2, error: 'source is down' });
  expect(byKey.after_broken).toMatchObject({ status: 'skipped', error: "upstream 'broken' failed" });
  expect(byKey.healthy.status).toBe('succeeded');
  expect(result.outputFor('healthy')).toBe(2);
  expect(result.errors.map((e) => [e.key, e.error.message])).toEqual([['broken', 'source is down']]);
  expect(() => result.outputFor('after_broken')).toThrow("'after_broken' has no output: it skipped (upstream 'broken' failed)");
  await expect(materializeToMemory([root, broken, afterBroken, healthy], { raiseOnError: true, retries: false })).rejects.toThrow(InProcessStepError);
});

test('retries follow the policy without waiting; non-retryable errors fail at once', async () => {
  const attempts: number[] = [];
  const flaky = asset({
    key: 'flaky',
    retry: fastRetry(3),
    compute: ({ context }) => {
      attempts.push(context.attempt);
      if (context.attempt < 3) throw new Error('transient');
      return 'ok';
    },
  });
  const throwsString = asset({ key: 'throws_string', retry: fastRetry(3), compute: () => { throw 'plain string'; } });
  const result = await materializeToMemory([flaky, throwsString]);
  expect(attempts).toEqual([1, 2, 3]);
  expect(result.steps).toEqual([
    expect.objectContaining({ key: 'flaky', status: 'succeeded', attempts: 3 }),
    expect.objectContaining({ key: 'throws_string', status: 'failed', attempts: 1, error: expect.stringMatching(/^NonErrorThrown: 'throws_string' threw a non-Error value \(string\)/) }),
  ]);
});

test('run config is validated before anything runs, with the zod path', async () => {
  let ran = false;
  const configured = asset({ key: 'configured', config: z.object({ limit: z.number().int().positive() }), compute: () => (ran = true) });
  await expect(materializeToMemory([configured], { runConfig: { ops: { configured: { config: { limit: -1 } } } } })).rejects.toThrow(/ops\.configured\.config\.limit/);
  expect(ran).toBe(false);
  expect(() => buildAssetContext({ step: configured, config: { limit: 'many' } })).toThrow(RunConfigError);
});

test('the step executor is shared: oversize metadata fails as it does in an activity', async () => {
  const chatty = asset({ key: 'chatty', compute: ({ context }) => { context.addOutputMetadata({ dump: 'x'.repeat(300 * 1024) }); return 1; } });
  const result = await materializeToMemory([chatty]);
  expect(result.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
  expect(result.steps[0].error).toMatch(/'chatty': output metadata is 300\.\d KiB, over the 256 KiB/);
});

test('lazy frames reach downstream as DataFrames; partitions, resources and given upstream values are honoured', async () => {
  const days = dailyPartitions({ start: '2026-11-01' });
  const numbers = asset({ key: 'numbers', partitions: days, compute: ({ context }) => pl.DataFrame({ n: [1, 2, 3], day: [context.partitionKey, context.partitionKey, context.partitionKey] }).lazy() });
  const doubled = asset({
    key: 'doubled',
    ins: { numbers },
    partitions: days,
    ioManagerKey: 'warehouse',
    resources: { factor: resourceParam<number>() },
    compute: ({ numbers, context }) => numbers.withColumns(pl.col('n').mul(context.resources.factor)),
  });
  const definitions = new Definitions({ assets: [numbers, doubled], resources: { factor: 1 }, ioManagers: { warehouse: { handleOutput: () => { throw new Error('not in tests'); }, loadInput: () => undefined } } });
  const result = await executeInProcess(definitions, { partitionKey: '2026-11-01', resources: { factor: 10 } });
  expect(result.success).toBe(true);
  expect((result.outputFor('doubled') as pl.DataFrame).toRecords()).toEqual([
    { n: 10, day: '2026-11-01' },
    { n: 20, day: '2026-11-01' },
    { n: 30, day: '2026-11-01' },
  ]);
  const onlyDoubled = await executeInProcess(definitions, { selection: 'doubled', partitionKey: '2026-11-02', assetValues: { numbers: pl.DataFrame({ n: [5] }) } });
  expect((onlyDoubled.outputFor('doubled') as pl.DataFrame).getColumn('n').toArray()).toEqual([5]);
  const missing = await executeInProcess(definitions, { selection: 'doubled', partitionKey: '2026-11-02' });
  expect(missing.steps[0].error).toMatch(/MissingInputError: 'doubled' needs input 'numbers' from 'numbers'/);
});

test('invokeAsset asks for missing inputs by name', async () => {
  const numbers = asset({ key: 'numbers', compute: () => [1, 2] });
  const total = asset({ key: 'total', ins: { numbers }, compute: ({ numbers }) => numbers.reduce((a, b) => a + b, 0) });
  expect(await invokeAsset(total, { inputs: { numbers: [4, 5] } })).toBe(9);
  await expect(invokeAsset(total, {} as never)).rejects.toThrow("invokeAsset('total'): missing input 'numbers'");
});

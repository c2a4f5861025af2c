/**
 * The catalog of bad input. Each case fails early, on the real dev server where a run is
 * involved, with a message that names the thing involved and says what to fix:
 *
 *  1. invalid run config           — refused before any workflow starts, with zod paths
 *  2. cyclic graph                 — refused when Definitions are built, the cycle printed
 *  3. unknown selection            — refused before any workflow starts, with suggestions
 *  4. unsafe asset key             — refused when the asset is defined (no path escapes)
 *  5. oversize metadata            — the step fails at once, with the size and the cap
 *  6. IO manager type mismatch     — the step fails at once, naming asset, IO manager and type
 *  7. corrupt Parquet input        — the step fails at once, naming asset, input and file
 *  8. missing upstream output      — the step fails at once, naming what to materialize
 *  9. a compute throwing a non-Error value — the value is shown, the step fails at once
 *
 * "At once" means not retried: another attempt could not help.
 */
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { DefinitionError, RunConfigError, SelectionError } from '../errors/errors';
import type { RunResult, StepResult } from '../contract/run';
import { materialize, startRun } from '../client/runs';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

/** Three attempts allowed: the cases below must still fail on the first. */
const retry = { maxAttempts: 3, initialIntervalSeconds: 5 };
const stepsByKey = (result: RunResult): Record<string, StepResult> => Object.fromEntries(result.steps.map((s) => [s.key, s]));
/** Failed without a retry (a step that used up its retries records `attempts`). */
const expectFailedAtOnce = (step: StepResult) => expect([step.status, step.attempts]).toEqual(['failed', undefined]);
const runsOnQueue = async () => (await env.client.workflow.count(`TaskQueue = "${env.taskQueue}"`)).count;

test('1. invalid run config is refused before any workflow starts, with the zod path of each bad field', async () => {
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
  const before = await runsOnQueue();
  const attempt = startRun(env.client, definitions, { taskQueue: env.taskQueue, runConfig: { ops: { configured: { config: { apiUrl: 'nope', limit: -1 } } } } });
  await expect(attempt).rejects.toThrow(RunConfigError);
  await expect(attempt).rejects.toThrow(/ops\.configured\.config\.apiUrl/);
  await expect(attempt).rejects.toThrow(/ops\.configured\.config\.limit/);
  expect(ran).toBe(false);
  expect(await runsOnQueue()).toBe(before);
});

test('2. a cyclic graph is refused when the Definitions are built, printing the cycle', () => {
  const x = asset({ key: 'x', deps: ['z'], compute: () => 1 });
  const y = asset({ key: 'y', deps: ['x'], compute: () => 1 });
  const z2 = asset({ key: 'z', deps: ['y'], compute: () => 1 });
  expect(() => new Definitions({ assets: [x, y, z2] })).toThrow(DefinitionError);
  expect(() => new Definitions({ assets: [x, y, z2] })).toThrow(/dependency cycle: x → y → z → x/);
});

test('3. an unknown selection is refused before any workflow starts, suggesting close names', async () => {
  const topCustomers = asset({ key: 'top_customers', compute: () => 1 });
  const definitions = new Definitions({ assets: [topCustomers], storageRoot: tempStorage('selection') });
  const before = await runsOnQueue();
  const attempt = startRun(env.client, definitions, { taskQueue: env.taskQueue, selection: 'top_custmers+' });
  await expect(attempt).rejects.toThrow(SelectionError);
  await expect(attempt).rejects.toThrow(/Selection 'top_custmers\+': there is no asset or op 'top_custmers'\. Did you mean 'top_customers'\?/);
  expect(await runsOnQueue()).toBe(before);
});

describe('4. an unsafe asset key is refused when the asset is defined', () => {
  test.each([
    ['', /must not be empty/],
    ['../etc', /'\.\.' part/],
    ['sales/../../etc/passwd', /'\.\.' part/],
    ['a//b', /empty part/],
    ['/a', /empty part/],
    ['a b', /part 'a b'/],
    ['a\\b', /part 'a\\b'/],
  ])('key %j', (key, message) => {
    expect(() => asset({ key, compute: () => 1 })).toThrow(DefinitionError);
    expect(() => asset({ key, compute: () => 1 })).toThrow(message);
  });
  test('a key path with / is fine', () => expect(asset({ key: 'sales/raw', compute: () => 1 }).key).toBe('sales/raw'));
});

test('5, 6, 9. oversize metadata, an IO manager type mismatch and a non-Error throw fail their step at once, saying why', async () => {
  const chatty = asset({
    key: 'chatty',
    retry,
    compute: ({ context }) => {
      context.addOutputMetadata({ dump: 'x'.repeat(300 * 1024) });
      return 1;
    },
  });
  const returnsMap = asset({ key: 'returns_map', retry, compute: () => new Map([['a', 1]]) });
  const parquetOnly = asset({ key: 'parquet_only', ioManagerKey: 'parquet', retry, compute: () => ({ not: 'a frame' }) });
  const throwsString = asset({ key: 'throws_string', retry, compute: () => { throw 'plain string'; } });
  const definitions = new Definitions({ assets: [chatty, returnsMap, parquetOnly, throwsString], storageRoot: tempStorage('step-errors') });
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue }));
  const byKey = stepsByKey(result);
  expect(result.status).toBe('failure');
  expect(byKey.chatty.error).toMatch(/'chatty': output metadata is 300\.\d KiB, over the 256 KiB .* Record counts, short previews or a location/);
  expect(byKey.returns_map.error).toMatch(/'returns_map' returned a Map .*which IO manager 'io_manager' cannot store/);
  expect(byKey.parquet_only.error).toMatch(/'parquet_only' returned an object, which IO manager 'parquet' cannot store: it stores polars DataFrames/);
  expect(byKey.throws_string.error).toMatch(/'throws_string' threw a non-Error value \(string\): "plain string"\. Throw an Error/);
  result.steps.forEach(expectFailedAtOnce);
});

describe('inputs that are not there or not readable', () => {
  const upstreamFrame = asset({ key: 'upstream_frame', compute: () => pl.DataFrame({ id: [1, 2, 3] }) });
  const downstream = asset({ key: 'downstream', ins: { frame: upstreamFrame }, retry, compute: ({ frame }) => frame.height });

  test('7. a corrupt Parquet input fails the step at once, naming the asset, the input and the file', async () => {
    const storageRoot = tempStorage('corrupt');
    const definitions = new Definitions({ assets: [upstreamFrame, downstream], storageRoot });
    const file = path.join(storageRoot, 'upstream_frame.parquet');
    const result = await withWorker(env, definitions, async () => {
      expect((await materialize(env.client, definitions, { taskQueue: env.taskQueue, selection: 'upstream_frame' })).status).toBe('success');
      fs.writeFileSync(file, 'PAR1 this is not a parquet file');
      return materialize(env.client, definitions, { taskQueue: env.taskQueue, selection: 'downstream' });
    });
    const step = stepsByKey(result).downstream;
    expectFailedAtOnce(step);
    expect(step.error).toContain(`CorruptInputError: 'downstream' could not read input 'frame' from ${file}:`);
    expect(step.error).toMatch(/re-materialize 'upstream_frame'\.$/);
  });

  test('8. a missing upstream output fails the step at once, saying what to materialize', async () => {
    const storageRoot = tempStorage('missing');
    const definitions = new Definitions({ assets: [upstreamFrame, downstream], storageRoot });
    const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue, selection: 'downstream' }));
    const step = stepsByKey(result).downstream;
    expectFailedAtOnce(step);
    expect(step.error).toBe(
      `MissingInputError: 'downstream' needs input 'frame' from 'upstream_frame', but nothing is stored at ${path.join(storageRoot, 'upstream_frame')}.parquet (or .json). ` +
        `Materialize 'upstream_frame' first (or include it in the selection, e.g. '+downstream').`,
    );
  });
});

/**
 * The replay check has teeth: the committed histories replayed against deliberately changed
 * copies of the run workflow. Starting ready steps in another order fails replay of a run
 * that had parallel steps; the same change guarded by `patched()` replays every history and
 * takes the new order in new runs. And the patches in the workflows guard something: with
 * `patched()` always taking the new branch, the sensor's new run ids fail replay of the
 * sensor histories that started runs under the old ids.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { startRun } from '../client/runs';
import { readHistories, replayHistories } from '../client/replay-histories';
import { connectTestEnv, tempStorage, type TestEnv } from './support/temporal';
import { createWorker } from '../worker';

const WORKFLOWS_DIR = path.join(__dirname, '..', 'workflows');
const histories = readHistories(path.join(__dirname, 'histories'));

/** The real workflows, with what workflows/ files import as `request` swapped for `replacement` (a webpack resolve hook). */
async function bundleWithSwap(request: string, replacement: string): Promise<string> {
  const swap = {
    apply(compiler: { hooks: { normalModuleFactory: { tap(name: string, fn: (factory: { hooks: { beforeResolve: { tap(name: string, fn: (data: { request: string; context: string }) => void): void } } }) => void): void } } }) {
      compiler.hooks.normalModuleFactory.tap('swap-module', (factory) =>
        factory.hooks.beforeResolve.tap('swap-module', (data) => {
          if (data.request === request && path.resolve(data.context) === WORKFLOWS_DIR) data.request = replacement;
        }),
      );
    },
  };
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), swap] }),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
  if (!code.includes(path.basename(replacement, '.ts'))) throw new Error(`the bundle does not contain ${replacement}: the swap did not happen`);
  const file = path.join(tempStorage('bundle'), `${path.basename(replacement, '.ts')}.js`);
  fs.writeFileSync(file, code);
  return file;
}

let reversed: string;
let guarded: string;
let unguarded: string;
beforeAll(async () => {
  [reversed, guarded, unguarded] = await Promise.all([
    bundleWithSwap('./step-table', path.join(__dirname, 'fixtures', 'reversed-step-table.ts')),
    bundleWithSwap('./step-table', path.join(__dirname, 'fixtures', 'patched-reversed-step-table.ts')),
    bundleWithSwap('@temporalio/workflow', path.join(__dirname, 'fixtures', 'unguarded-patches.ts')),
  ]);
});

test('starting ready steps in another order fails replay with a determinism error', async () => {
  const outcomes = await replayHistories(histories, { workflowBundle: { codePath: reversed } });
  const failed = outcomes.filter((o) => o.error);
  // Only the runs with steps ready side by side notice the order: broken and healthy after root; numbers' three checks.
  expect(failed.map((o) => o.workflowId).sort()).toEqual(['checked-run', 'failed-asset']);
  for (const { error, workflowId } of failed) {
    expect(error).toBeInstanceOf(DeterminismViolationError);
    expect(error!.message).toMatch(workflowId === 'failed-asset' ? /materialize\/(healthy|broken)/ : /check\/numbers:(not_empty|small|sorted)/);
  }
});

test('the same change guarded by patched() replays every history, and new runs take the new order', async () => {
  const outcomes = await replayHistories(histories, { workflowBundle: { codePath: guarded } });
  expect(outcomes.filter((o) => o.error).map((o) => `${o.workflowId}: ${o.error!.message}`)).toEqual([]);
  expect(outcomes).toHaveLength(histories.length);

  const env: TestEnv = await connectTestEnv();
  try {
    const root = asset({ key: 'root', compute: () => 1 });
    const left = asset({ key: 'left', ins: { root }, compute: ({ root }) => root + 1 });
    const right = asset({ key: 'right', ins: { root }, compute: ({ root }) => root + 2 });
    const definitions = new Definitions({ assets: [root, left, right], storageRoot: tempStorage('patched') });
    const worker = await createWorker({ definitions, target: env.target, taskQueue: env.taskQueue, workflowBundlePath: guarded, stepThreads: false });
    const run = await worker.runUntil(async () => {
      const started = await startRun(env.client, definitions, { taskQueue: env.taskQueue, runName: 'patched' });
      await started.result();
      return started;
    });
    const scheduled = ((await run.handle.fetchHistory()).events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityId] : []));
    expect(scheduled).toEqual(['materialize/root', 'materialize/right', 'materialize/left']);
  } finally {
    await env.close();
  }
});

/** Histories of runs recorded after the catalog's run records (they hold its patch marker). */
const PATCHED_RUNS = /^(catalog-|reexecuted-|checked-)/;

test('without their patch guard, the new run ids fail replay of the sensors and backfills that started runs, and the catalog run records fail replay of every run', async () => {
  const outcomes = await replayHistories(histories, { workflowBundle: { codePath: unguarded } });
  const failed = outcomes.filter((o) => o.error);
  const kind = (file: string) => (/^(sensor|backfill)-/.test(path.basename(file)) ? 'child runs' : PATCHED_RUNS.test(path.basename(file)) ? 'patched run' : 'old run');
  const files = (k: string, list: readonly { file: string }[]) => list.filter((o) => kind(o.file) === k).map((o) => path.basename(o.file)).sort();
  // Every sensor or backfill execution that started a child run; sensor-continue-as-new-3 only skipped.
  expect(files('child runs', failed)).toEqual(['backfill-continue-as-new-1.json', 'backfill-continue-as-new-2.json', 'backfill-continue-as-new-3.json', 'sensor-continue-as-new-1.json', 'sensor-continue-as-new-2.json']);
  // Every run recorded before the patch: the unguarded recordRunStarted local activity comes where the history has the first step's activity.
  expect(files('old run', histories).length).toBeGreaterThan(0);
  expect(files('old run', failed)).toEqual(files('old run', histories));
  // The runs recorded with the patch hold its marker, which the fixture's patched() (no marker command) does not match.
  expect(files('patched run', failed)).toEqual(['catalog-runs-1.json', 'catalog-runs-2.json', 'checked-run.json', 'reexecuted-run.json']);
  const messages = {
    'child runs': /Child workflow id of scheduled event 'assetflow\/run\/recorded[^']+' does not match child workflow id of command 'assetflow\/(sensor|backfill)-run\/recorded[^']+'/,
    'old run': /No command scheduled for event HistoryEvent\(id: \d+, ActivityTaskScheduled\)/,
    'patched run': /patch marker encountered for change assetflow-runs-recorded-in-catalog, but there is no corresponding change command/,
  };
  for (const { error, file } of failed) {
    expect(error).toBeInstanceOf(DeterminismViolationError);
    expect(error!.message).toMatch(messages[kind(file)]);
  }
});

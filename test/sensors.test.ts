/**
 * Sensors on the real dev server: each is a long-running workflow holding its cursor; run keys
 * start one run each, ever; pause, resume, trigger-now and reset; continue-as-new keeps the state;
 * failing evaluations back off without ending the sensor.
 */
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { sensor } from '../assets/sensor';
import { deploySensors } from '../client/deploy-sensors';
import { sensorHandle } from '../client/sensors';
import { sensorRunWorkflowId } from '../contract/ids';
import { SENSOR_WORKFLOW_TYPE } from '../contract/sensor';
import { stopSensors, uniqueSensorName, waitForSensor } from './support/sensors';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

/** The asset every sensor run materializes: records the item it was asked for. */
const item = asset({ key: 'item', config: z.object({ name: z.string() }), compute: ({ config }) => ({ name: config.name }) });
const itemRequest = (name: string, runKey: string | undefined = name) => ({ ...(runKey !== undefined ? { runKey } : {}), runConfig: { ops: { item: { config: { name } } } } });
const fast = { retry: { maxAttempts: 2, initialIntervalSeconds: 0.1 }, heartbeatTimeoutSeconds: 5, timeoutSeconds: 20 };

/** Item names materialized so far, one entry per successful run (from the catalog). */
async function materializedItems(definitions: Definitions): Promise<string[]> {
  const records = await definitions.catalog.history('item');
  return records.map((r) => String((r.metadata as { name?: unknown }).name ?? '')).sort();
}

/** Each item run reports its name as metadata, so the catalog says which file each run handled. */
const namedItem = asset({
  key: 'item',
  config: z.object({ name: z.string() }),
  compute: ({ config, context }) => {
    context.addOutputMetadata({ name: config.name });
    return { name: config.name };
  },
});

async function waitForItems(definitions: Definitions, count: number): Promise<string[]> {
  for (let i = 0; i < 600; i++) {
    const items = await materializedItems(definitions);
    if (items.length >= count) return items;
    await new Promise((r) => setTimeout(r, 100));
  }
  return materializedItems(definitions);
}

test('a run key starts one run, even when the evaluation is retried, repeated, or the sensor restarted without its state', async () => {
  const name = uniqueSensorName('dedupe');
  let attempts = 0;
  const dedupe = sensor({
    name,
    selection: 'item',
    minimumIntervalSeconds: 0.3,
    ...fast,
    evaluate(ctx) {
      attempts++;
      // The first attempt fails after "seeing" the files: the retried attempt asks for the same runs.
      if (ctx.attempt === 1 && attempts === 1) throw new Error('listing timed out');
      // The cursor never moves: every evaluation asks for a and b again.
      return [itemRequest('a'), itemRequest('b')];
    },
  });
  const definitions = new Definitions({ assets: [namedItem], sensors: [dedupe], storageRoot: tempStorage('dedupe') });
  try {
    await withWorker(env, definitions, async () => {
      expect(await deploySensors(env.client, definitions, { taskQueue: env.taskQueue })).toMatchObject({ started: [name] });
      const state = await waitForSensor(env.client, name, (s) => s.evaluations >= 4);
      expect(state.runsStarted).toBe(2);
      expect(state.runsDeduped).toBeGreaterThanOrEqual(4);
      expect(state.consecutiveFailures).toBe(0);
      expect(await waitForItems(definitions, 2)).toEqual(['a', 'b']);

      // Deploying again changes nothing; a fresh sensor workflow (its remembered keys gone) is
      // still refused by Temporal: the run workflow ids are taken.
      expect(await deploySensors(env.client, definitions, { taskQueue: env.taskQueue })).toMatchObject({ started: [], unchanged: [name] });
      await sensorHandle(env.client, name).handle.terminate('simulate a lost sensor');
      expect(await deploySensors(env.client, definitions, { taskQueue: env.taskQueue })).toMatchObject({ started: [name] });
      const fresh = await waitForSensor(env.client, name, (s) => s.evaluations >= 1);
      expect(fresh.runsStarted).toBe(0);
      expect(fresh.runsDeduped).toBeGreaterThanOrEqual(2);
      const runA = await env.client.workflow.getHandle(sensorRunWorkflowId(name, 'a')).describe();
      expect(runA.status.name).toBe('COMPLETED');
    });
    expect(await materializedItems(definitions)).toEqual(['a', 'b']);
  } finally {
    await stopSensors(env.client, [name]);
  }
});

test('the cursor is committed with its runs and survives continue-as-new', async () => {
  const name = uniqueSensorName('counter');
  const seenCursors: Array<string | undefined> = [];
  const counter = sensor({
    name,
    selection: 'item',
    minimumIntervalSeconds: 0.2,
    ...fast,
    evaluate(ctx) {
      seenCursors.push(ctx.cursor);
      const n = Number(ctx.cursor ?? 0);
      if (n >= 7) return { skipReason: 'all 7 items requested' };
      ctx.cursor = String(n + 1);
      return [itemRequest(`item-${n + 1}`)];
    },
  });
  const definitions = new Definitions({ assets: [namedItem], sensors: [counter], storageRoot: tempStorage('counter') });
  try {
    await withWorker(env, definitions, async () => {
      await deploySensors(env.client, definitions, { taskQueue: env.taskQueue, maxEvaluationsPerRun: 3 });
      const handle = sensorHandle(env.client, name).handle;
      const firstRunId = (await handle.describe()).runId;
      const state = await waitForSensor(env.client, name, (s) => s.lastEvaluation?.skipReason === 'all 7 items requested');
      expect(state).toMatchObject({ cursor: '7', runsStarted: 7, runsDeduped: 0, status: 'running' });
      expect(state.lastEvaluation).toMatchObject({ status: 'skipped' });
      // The sensor continued as new at least twice (3 evaluations per run), state intact.
      const first = await env.client.workflow.getHandle(handle.workflowId, firstRunId).describe();
      expect(first.status.name).toBe('CONTINUED_AS_NEW');
      expect((await handle.describe()).runId).not.toBe(firstRunId);
      // Every evaluation saw the cursor the previous one committed.
      expect(seenCursors.slice(0, 8)).toEqual([undefined, '1', '2', '3', '4', '5', '6', '7']);
      expect(await waitForItems(definitions, 7)).toEqual(['item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6', 'item-7']);
      // The recorded history of a sensor run (evaluations, child starts, continue-as-new) replays deterministically.
      const history = await env.client.workflow.getHandle(handle.workflowId, firstRunId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: { codePath: process.env.ASSETFLOW_TEST_BUNDLE! } }, history, handle.workflowId);
    });
  } finally {
    await stopSensors(env.client, [name]);
  }
});

test('pause stops evaluations; trigger-now evaluates once; reset re-delivers from the start; resume goes on', async () => {
  const name = uniqueSensorName('control');
  const files = ['a', 'b', 'c'];
  const seenCursors: Array<string | undefined> = [];
  const control = sensor({
    name,
    selection: 'item',
    minimumIntervalSeconds: 0.3,
    ...fast,
    evaluate(ctx) {
      seenCursors.push(ctx.cursor);
      const fresh = files.filter((f) => ctx.cursor === undefined || f > ctx.cursor);
      if (fresh.length === 0) return { skipReason: 'no new files' };
      ctx.cursor = fresh.at(-1);
      return fresh.map((f) => itemRequest(f));
    },
  });
  const definitions = new Definitions({ assets: [namedItem], sensors: [control], storageRoot: tempStorage('control') });
  const s = sensorHandle(env.client, name);
  try {
    await withWorker(env, definitions, async () => {
      await deploySensors(env.client, definitions, { taskQueue: env.taskQueue });
      await waitForSensor(env.client, name, (st) => st.cursor === 'c' && st.evaluations >= 2);

      await s.pause();
      const paused = await waitForSensor(env.client, name, (st) => st.status === 'paused' && !st.evaluating);
      await new Promise((r) => setTimeout(r, 1500)); // five intervals
      expect((await s.state()).evaluations).toBe(paused.evaluations);
      expect((await s.state()).nextEvaluationAt).toBeUndefined();

      await s.trigger();
      const triggered = await waitForSensor(env.client, name, (st) => st.evaluations === paused.evaluations + 1);
      expect(triggered.status).toBe('paused');
      expect(triggered.lastEvaluation).toMatchObject({ status: 'skipped', skipReason: 'no new files' });

      await s.resetCursor();
      await waitForSensor(env.client, name, (st) => st.cursor === undefined);
      expect((await s.state()).evaluations).toBe(triggered.evaluations);

      const before = seenCursors.length;
      await s.resume();
      const resumed = await waitForSensor(env.client, name, (st) => st.status === 'running' && st.evaluations > triggered.evaluations && st.cursor === 'c');
      // From the start again: a, b and c requested again, and deduped by their run keys.
      expect(seenCursors[before]).toBeUndefined();
      expect(resumed.runsStarted).toBe(3);
      expect(resumed.runsDeduped).toBe(3);
      expect(resumed.recentRuns.map((r) => [r.runKey, r.deduped])).toEqual([['a', false], ['b', false], ['c', false], ['a', true], ['b', true], ['c', true]]);
    });
    expect(await materializedItems(definitions)).toEqual(['a', 'b', 'c']);
  } finally {
    await stopSensors(env.client, [name]);
  }
});

test('a failing evaluation is retried, shown in the state and in Temporal Web, and the sensor recovers', async () => {
  const name = uniqueSensorName('flaky');
  let broken = true;
  const flaky = sensor({
    name,
    selection: 'item',
    minimumIntervalSeconds: 0.2,
    ...fast,
    evaluate() {
      if (broken) throw new Error('bucket unreachable');
      return { skipReason: 'nothing new' };
    },
  });
  const definitions = new Definitions({ assets: [namedItem], sensors: [flaky], storageRoot: tempStorage('flaky') });
  try {
    await withWorker(env, definitions, async () => {
      await deploySensors(env.client, definitions, { taskQueue: env.taskQueue });
      const failing = await waitForSensor(env.client, name, (st) => st.consecutiveFailures >= 1);
      expect(failing.lastError).toMatch(/bucket unreachable/);
      expect(failing.lastEvaluation?.status).toBe('failed');
      const handle = sensorHandle(env.client, name).handle;
      expect((await handle.describe()).status.name).toBe('RUNNING');
      // The activity was retried (2 attempts) before the evaluation counted as failed.
      const history = await handle.fetchHistory();
      const failedAttempts = (history.events ?? []).filter((e) => e.activityTaskFailedEventAttributes);
      expect(failedAttempts.length).toBeGreaterThanOrEqual(1);
      broken = false;
      await sensorHandle(env.client, name).trigger();
      const recovered = await waitForSensor(env.client, name, (st) => st.lastEvaluation?.status === 'skipped');
      expect(recovered).toMatchObject({ consecutiveFailures: 0 });
      expect(recovered.lastError).toBeUndefined();
    });
  } finally {
    await stopSensors(env.client, [name]);
  }
});

test('deploy starts the sensors in code and stops the ones no longer there, idempotently', async () => {
  const keep = uniqueSensorName('keep');
  const drop = uniqueSensorName('drop');
  const quiet = (name: string) => sensor({ name, selection: 'item', minimumIntervalSeconds: 60, evaluate: () => ({ skipReason: 'quiet' }) });
  const storageRoot = tempStorage('deploy');
  const both = new Definitions({ assets: [namedItem], sensors: [quiet(keep), quiet(drop)], storageRoot });
  const fewer = new Definitions({ assets: [namedItem], sensors: [quiet(keep)], storageRoot });
  const lines: string[] = [];
  try {
    await withWorker(env, both, async () => {
      expect(await deploySensors(env.client, both, { taskQueue: env.taskQueue })).toEqual({ started: [keep, drop], unchanged: [], stopped: [], skipped: [] });
      // Visibility (which deploy lists) catches up with the starts asynchronously.
      const running = `WorkflowType = '${SENSOR_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running' AND TaskQueue = '${env.taskQueue}'`;
      for (let i = 0; i < 100 && (await env.client.workflow.count(running)).count < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await deploySensors(env.client, fewer, { taskQueue: env.taskQueue, log: (l) => lines.push(l) })).toEqual({ started: [], unchanged: [keep], stopped: [drop], skipped: [] });
      expect(lines).toEqual([`stopped sensor ${drop} (no longer in code)`]);
      expect((await sensorHandle(env.client, drop).handle.describe()).status.name).toBe('TERMINATED');
      expect((await sensorHandle(env.client, keep).handle.describe()).status.name).toBe('RUNNING');
      const memo = (await sensorHandle(env.client, keep).handle.describe()).memo;
      expect(memo).toEqual({ assetflowSensor: true });
    });
  } finally {
    await stopSensors(env.client, [keep, drop]);
  }
});

test('Definitions validate sensor targets, naming the sensor', () => {
  const s = sensor({ name: 'bad_target', selection: 'itme', evaluate: () => [] });
  expect(() => new Definitions({ assets: [item], sensors: [s] })).toThrow(/sensor 'bad_target' selects assets that are not in these Definitions: .*'itme'.*Did you mean 'item'/);
  expect(() => sensor({ name: 'has space', evaluate: () => [] })).toThrow(/name must be 1 to 200 letters/);
  expect(() => new Definitions({ assets: [item], sensors: [s, s] })).toThrow(/used twice|unknown selection/);
});

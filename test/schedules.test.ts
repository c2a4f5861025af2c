/**
 * Schedules on the suite's real dev server (the time-skipping server has no Schedules):
 * deploy keeps Temporal's schedules in step with the code, runs get their config from the
 * scheduled time, backfill and trigger start named runs.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { schedule } from '../assets/schedule';
import { deploySchedules } from '../client/deploy';
import { scheduleId, scheduledRunWorkflowId } from '../contract/ids';
import { backfillSchedule, listSchedules, pauseSchedule, triggerSchedule } from '../client/schedules';
import { SCHEDULED_START_TIME, TRIGGER } from '../contract/search-attributes';
import { RUN_WORKFLOW_TYPE, type RunWorkflowInput } from '../contract/run';
import { runResultOf } from '../client/runs';
import { assetflowRun } from '../workflows';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
const suffix = randomUUID().slice(0, 8);
const storageRoot = tempStorage('schedules');

/** Records the time its run was scheduled for, as the schedule's runConfig gave it. */
const stamped = asset({
  key: 'stamped',
  config: z.object({ scheduledAt: z.string(), day: z.string() }),
  compute: ({ config, context }) => {
    context.addOutputMetadata({ scheduledAt: config.scheduledAt, day: config.day });
    return config.day;
  },
});
const runConfig = ({ scheduledExecutionTime }: { scheduledExecutionTime: Date }) => ({
  ops: { stamped: { config: { scheduledAt: scheduledExecutionTime.toISOString(), day: scheduledExecutionTime.toISOString().slice(0, 10) } } },
});

const minutely = schedule({ name: `minutely_${suffix}`, cron: '* * * * *', selection: 'stamped', runConfig, description: 'fires every minute' });
const daily = schedule({ name: `daily_${suffix}`, cron: '@daily', selection: 'stamped', runConfig });
const definitions = new Definitions({ assets: [stamped], schedules: [minutely, daily], storageRoot });

beforeAll(async () => {
  env = await connectTestEnv();
  // Deployed first: its first fire (at the next whole minute) is checked by the last test.
  await deploySchedules(env.client, definitions, { taskQueue: env.taskQueue });
});
afterAll(async () => {
  for (const name of [minutely.name, daily.name]) await env?.client.schedule.getHandle(scheduleId(name)).delete().catch(() => undefined);
  await env?.close();
});

/** Polls (bounded) until `check` returns a value. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The finished runs of schedule `name`, once there are `count`. */
async function finishedRuns(name: string, count: number) {
  return eventually(`${count} finished runs of ${name}`, async () => {
    const runs = [];
    for await (const w of env.client.workflow.list({ query: `AssetflowJob = "${name}"` })) runs.push(w);
    return runs.length >= count && runs.every((r) => r.status.name !== 'RUNNING') ? runs : undefined;
  });
}

/**
 * The definition's next `count` fire times from just before Temporal computed its own (`since`),
 * aligned on Temporal's first one, so that a fire passing in between does not make them differ.
 */
function previewFrom(definition: ReturnType<typeof schedule>, since: Date, temporal: Date[], count: number): string[] {
  return definition
    .nextFireTimes(count + 1, new Date(since.getTime() - 1000))
    .filter((d) => d >= temporal[0])
    .slice(0, count)
    .map((d) => d.toISOString());
}

async function stampsOf(workflowIds: string[]) {
  const records = await definitions.catalog.history('stamped');
  return records.filter((r) => r.workflowId && workflowIds.includes(r.workflowId));
}

test('deploy creates, then is a no-op, updates a changed cron, deletes a removed schedule, and leaves others alone', async () => {
  const taskQueue = `${env.taskQueue}-deploy`;
  const a = schedule({ name: `deploy_a_${suffix}`, cron: '0 3 * * *', selection: 'stamped' });
  const b = schedule({ name: `deploy_b_${suffix}`, cron: '@hourly', selection: 'stamped', description: 'hourly b' });
  const hand = `hand_${suffix}`;
  await env.client.schedule.create({
    scheduleId: scheduleId(hand),
    spec: { cronExpressions: ['0 5 * * *'] },
    action: { type: 'startWorkflow', workflowType: 'somethingElse', taskQueue, args: [] },
  });
  try {
    const first = new Definitions({ assets: [stamped], schedules: [a, b], storageRoot });
    expect((await deploySchedules(env.client, first, { taskQueue })).map((c) => [c.name, c.change])).toEqual([[a.name, 'created'], [b.name, 'created']]);
    expect((await deploySchedules(env.client, first, { taskQueue })).map((c) => [c.name, c.change])).toEqual([[a.name, 'unchanged'], [b.name, 'unchanged']]);
    expect((await env.client.schedule.getHandle(scheduleId(b.name)).describe()).state.note).toBe('hourly b');

    // A paused schedule stays paused through an update.
    await pauseSchedule(env.client, first, a.name, 'paused by the test');
    // Deletion finds owned schedules by listing, which is eventually consistent.
    await eventually('b listed', async () => {
      for await (const s of env.client.schedule.list()) if (s.scheduleId === scheduleId(b.name)) return true;
      return undefined;
    });
    const aChanged = schedule({ name: a.name, cron: '30 4 * * *', selection: 'stamped' });
    const handClash = schedule({ name: hand, cron: '@daily', selection: 'stamped' });
    const otherLocationClash = schedule({ name: minutely.name, cron: '@daily', selection: 'stamped' });
    const second = new Definitions({ assets: [stamped], schedules: [aChanged, handClash, otherLocationClash], storageRoot });
    const changes = await deploySchedules(env.client, second, { taskQueue });
    expect(changes.map((c) => [c.name, c.change])).toEqual([[a.name, 'updated'], [hand, 'skipped'], [minutely.name, 'skipped'], [b.name, 'deleted']]);
    expect(changes[1].reason).toMatch(/assetflow did not create/);
    expect(changes[2].reason).toMatch(new RegExp(`deployed by the code location on task queue '${env.taskQueue}'`));

    const described = await env.client.schedule.getHandle(scheduleId(a.name)).describe();
    expect(described.state.paused).toBe(true);
    expect(described.state.note).toBe('paused by the test');
    // Temporal reads the translated cron exactly as our parser does.
    await env.client.schedule.getHandle(scheduleId(a.name)).unpause();
    const since = new Date();
    const next = (await env.client.schedule.getHandle(scheduleId(a.name)).describe()).info.nextActionTimes.slice(0, 3);
    expect(next.map((d) => d.toISOString())).toEqual(previewFrom(aChanged, since, next, 3));
    await expect(env.client.schedule.getHandle(scheduleId(b.name)).describe()).rejects.toThrow(/not found/i);
    // The hand-made schedule is untouched, and so are schedules deployed for another task queue.
    const handDescribed = await env.client.schedule.getHandle(scheduleId(hand)).describe();
    expect(handDescribed.action.type === 'startWorkflow' && handDescribed.action.workflowType).toBe('somethingElse');
    await expect(env.client.schedule.getHandle(scheduleId(minutely.name)).describe()).resolves.toBeDefined();
    expect((await deploySchedules(env.client, second, { taskQueue })).map((c) => c.change)).toEqual(['unchanged', 'skipped', 'skipped']);
  } finally {
    for (const name of [a.name, b.name, hand]) await env.client.schedule.getHandle(scheduleId(name)).delete().catch(() => undefined);
  }
});

test('backfill of three daily intervals starts three named runs, each configured with its own scheduled date', async () => {
  const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
  const days = [5, 4, 3].map((n) => new Date(today.getTime() - n * 86_400_000));
  const runs = await withWorker(env, definitions, async () => {
    await backfillSchedule(env.client, definitions, daily.name, { from: days[0], to: days[2] });
    return finishedRuns(daily.name, 3);
  });
  expect(runs.map((r) => r.status.name)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
  const ids = runs.map((r) => r.workflowId).sort();
  expect(ids).toEqual(days.map((d) => `${scheduledRunWorkflowId(daily.name)}-${d.toISOString().replace('.000Z', 'Z')}`));
  const stamps = await stampsOf(ids);
  expect(stamps.map((s) => s.metadata.day).sort()).toEqual(days.map((d) => d.toISOString().slice(0, 10)));
  const described = await env.client.workflow.getHandle(ids[0]).describe();
  expect(described.typedSearchAttributes.get(SCHEDULED_START_TIME)?.toISOString()).toBe(days[0].toISOString());
  expect(described.typedSearchAttributes.get(TRIGGER)).toBe('schedule');
});

test('trigger starts one run now; unknown schedules are refused with a hint', async () => {
  await expect(triggerSchedule(env.client, definitions, `dail_${suffix}`)).rejects.toThrow(new RegExp(`no deployed assetflow schedule 'dail_${suffix}'.*Did you mean 'daily_${suffix}'`));
  const notDeployed = new Definitions({ assets: [stamped], schedules: [schedule({ name: `later_${suffix}`, cron: '@daily', selection: 'stamped' })], storageRoot });
  await expect(triggerSchedule(env.client, notDeployed, `later_${suffix}`)).rejects.toThrow(/run `assetflow deploy` first/);

  const before = Date.now();
  const runs = await withWorker(env, definitions, async () => {
    const already = (await finishedRuns(daily.name, 3)).length;
    await triggerSchedule(env.client, definitions, daily.name);
    return finishedRuns(daily.name, already + 1);
  });
  const stamps = await stampsOf(runs.map((r) => r.workflowId));
  const triggered = stamps.map((s) => Date.parse(String(s.metadata.scheduledAt))).filter((t) => t >= before - 1000);
  expect(triggered).toHaveLength(1);
});

test('schedules list shows deployed schedules with Temporal next fire times', async () => {
  const since = new Date();
  const rows = await listSchedules(env.client, definitions);
  const row = rows.find((r) => r.name === daily.name)!;
  expect(row).toMatchObject({ status: 'active', cron: '@daily', description: 'At 00:00', timezone: 'UTC' });
  expect(row.nextFireTimes.map((d) => d.toISOString())).toEqual(previewFrom(daily, since, row.nextFireTimes, 3));
  expect(rows.find((r) => r.name === minutely.name)?.note).toBe('fires every minute');
});

test('a schedule fires on its cron and the run is configured with the scheduled time, not the wall clock', async () => {
  const [run] = await withWorker(env, definitions, () => finishedRuns(minutely.name, 1));
  expect(run.status.name).toBe('COMPLETED');
  const [stamp] = await stampsOf([run.workflowId]);
  const nominal = (await env.client.workflow.getHandle(run.workflowId).describe()).typedSearchAttributes.get(SCHEDULED_START_TIME);
  expect(stamp.metadata.scheduledAt).toBe(nominal?.toISOString());
  expect(stamp.metadata.scheduledAt).toMatch(/:00\.000Z$/);
});

test.each([
  ['0 0 13 * 5', 'UTC'],
  ['30 2 * * 0', 'Europe/Paris'],
  ['*/20 9-17 * * mon-fri', 'America/New_York'],
  ['0 0 1,15 jan,jul *', 'UTC'],
  ['@weekly', 'Asia/Tokyo'],
])('Temporal fires %j in %s exactly when the definition says', async (cron, timezone) => {
  const definition = schedule({ name: `cmp_${suffix}`, cron, timezone, selection: 'stamped' });
  const id = `test/cron-agreement/${randomUUID()}`;
  const handle = await env.client.schedule.create({
    scheduleId: id,
    spec: { cronExpressions: [definition.cronExpression], timezone: definition.timezone },
    action: { type: 'startWorkflow', workflowType: RUN_WORKFLOW_TYPE, taskQueue: `${env.taskQueue}-none`, args: [] },
    state: { paused: false },
  });
  try {
    const since = new Date();
    const temporal = (await handle.describe()).info.nextActionTimes.slice(0, 4);
    expect(temporal.map((d) => d.toISOString())).toEqual(previewFrom(definition, since, temporal, 4));
  } finally {
    await handle.delete();
  }
});

describe('a scheduled run started outside a Temporal Schedule', () => {
  const start = (input: RunWorkflowInput, workflowId: string) => env.client.workflow.start(assetflowRun, { taskQueue: env.taskQueue, workflowId, args: [input] });

  test('takes its scheduled time from the time at the end of its workflow id', async () => {
    const workflowId = `test/manual/${suffix}-2026-01-02T03:04:05Z`;
    const result = await withWorker(env, definitions, async () => {
      const handle = await start({ request: { selection: 'stamped', trigger: 'schedule', schedule: { name: daily.name }, runName: 'manual' } }, workflowId);
      return runResultOf(handle);
    });
    expect(result.status).toBe('success');
    const [stamp] = await stampsOf([workflowId]);
    expect(stamp.metadata).toMatchObject({ scheduledAt: '2026-01-02T03:04:05.000Z', day: '2026-01-02' });
  });

  test('fails at once when the schedule is not in the worker’s Definitions', async () => {
    const error = await withWorker(env, definitions, async () => {
      const handle = await start({ request: { selection: 'stamped', trigger: 'schedule', schedule: { name: 'gone' } } }, `test/manual/${suffix}/gone`);
      return handle.result().then(() => undefined, (e: unknown) => e);
    });
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as Error & { cause?: Error };
    expect(cause.cause?.message ?? cause.message).toMatch(/schedule 'gone' started this run but is not in the worker's Definitions/);
  });
});

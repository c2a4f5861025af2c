/**
 * Asset checks on the real dev server, their steps in step threads (the Definitions are a
 * module): a blocking check that fails skips its asset's downstream and the run's failure names
 * it; a non-blocking failure (and a `warn` one) is recorded and the downstream runs; a
 * partitioned asset gets a result per partition; `checks: 'only'` and `assetflow checks run`
 * run an asset's checks alone against its stored output, and a selection `<asset>:<check>` one check. Each check is its own activity,
 * `check <asset>:<name>` in Temporal Web.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { showAsset } from '../client/asset-catalog';
import { startRun } from '../client/runs';
import type { RunResult } from '../contract/run';
import type { Definitions } from '../planning/definitions';
import { cliEnv, runCli, shareWorkflowBundle } from './support/cli-process';
import { connectTestEnv, withWorker, type TestEnv } from './support/temporal';

const ROOT = path.join(__dirname, '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'checks-definitions.ts');
let env: TestEnv;
let storageRoot: string;
let definitions: Definitions;

beforeAll(async () => {
  env = await connectTestEnv();
  const fixture = (await import('./fixtures/checks-definitions')) as { default: Definitions; storageRoot: string };
  storageRoot = fixture.storageRoot;
  fs.rmSync(storageRoot, { recursive: true, force: true });
  definitions = fixture.default;
});
afterAll(async () => {
  await definitions?.dispose();
  await env?.close();
});

const rows = (result: RunResult) => Object.fromEntries(result.steps.map((s) => [s.key, { status: s.status, ...(s.error ? { error: s.error } : {}) }]));

/** The summaries of the activities a run's history scheduled, in order. */
async function activitySummaries(workflowId: string): Promise<string[]> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const summary = e.userMetadata?.summary?.data;
    return e.activityTaskScheduledEventAttributes && summary ? [JSON.parse(Buffer.from(summary).toString())] : [];
  });
}

test('a failed blocking check skips its downstream and the run fails naming it; a non-blocking or warn failure is recorded and the run goes on', async () => {
  await withWorker(env, definitions, async () => {
    const run = await startRun(env.client, definitions, { selection: 'orders,orders_report,visits,visits_report', taskQueue: env.taskQueue, runName: 'checks' });
    expect(run.plan.steps.map((s) => s.key)).toEqual(['orders', 'orders:not_empty', 'orders_report', 'visits', 'visits:at_least_ten', 'visits:sorted', 'visits_report']);
    const failure = await run.handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause!.message).toMatch(/^run checks failed: .*1 failed \(orders:not_empty\), 1 skipped \(orders_report\)/);
    const result = (cause as ApplicationFailure).details![0] as RunResult;
    expect(rows(result)).toEqual({
      orders: { status: 'succeeded' },
      'orders:not_empty': { status: 'failed', error: 'check orders:not_empty failed (severity error, blocking)' },
      orders_report: { status: 'skipped', error: "upstream 'orders:not_empty' failed" },
      visits: { status: 'succeeded' },
      // Not blocking: recorded, the run goes on. Blocking but `warn`: the same.
      'visits:at_least_ten': { status: 'succeeded', error: 'check visits:at_least_ten failed (severity error)' },
      'visits:sorted': { status: 'succeeded', error: 'check visits:sorted failed (severity warn, blocking)' },
      visits_report: { status: 'succeeded' },
    });
    // Each check its own activity, named for Temporal Web.
    expect(await activitySummaries(run.workflowId)).toEqual(expect.arrayContaining(['materialize orders', 'check orders:not_empty', 'check visits:at_least_ten', 'check visits:sorted']));
    expect(await activitySummaries(run.workflowId)).not.toContain('materialize orders_report');

    // The catalog holds each result, with its metadata; assets show lists them.
    const orders = await showAsset(definitions, 'orders');
    expect(orders.checks).toEqual([
      expect.objectContaining({ name: 'not_empty', blocking: true, description: 'orders has rows', latest: expect.objectContaining({ passed: false, severity: 'error', metadata: { rows: 0 }, runId: run.runId, stepKey: 'orders:not_empty' }) }),
    ]);
    const visits = await showAsset(definitions, 'visits');
    expect(visits.checks.map((c) => [c.name, c.latest?.passed, c.latest?.severity])).toEqual([
      ['at_least_ten', false, 'error'],
      ['sorted', false, 'warn'],
    ]);
  });
});

test('a partitioned asset gets a check result per partition', async () => {
  await withWorker(env, definitions, async () => {
    for (const partitionKey of ['north', 'south']) {
      const result = await (await startRun(env.client, definitions, { selection: 'daily_events', partitionKey, taskQueue: env.taskQueue })).result();
      expect(result.status).toBe('success');
    }
    const north = await definitions.catalog.latestCheckResults('daily_events', 'north');
    const south = await definitions.catalog.latestCheckResults('daily_events', 'south');
    expect(north.map((r) => [r.checkName, r.partitionKey, r.passed, r.metadata])).toEqual([['has_events', 'north', true, { region: 'north', partition: 'north' }]]);
    expect(south.map((r) => [r.checkName, r.partitionKey, r.passed, r.metadata])).toEqual([['has_events', 'south', false, { region: 'south', partition: 'south' }]]);
  });
});

test('checks alone: the plan holds only check steps, which read the stored output; assetflow checks run does the same from the command line', async () => {
  await withWorker(env, definitions, async () => {
    const run = await startRun(env.client, definitions, { selection: 'visits', checks: 'only', taskQueue: env.taskQueue });
    expect(run.plan.steps.map((s) => [s.key, s.upstream])).toEqual([
      ['visits:at_least_ten', []],
      ['visits:sorted', []],
    ]);
    const result = await run.result();
    expect(result.status).toBe('success');
    expect(await activitySummaries(run.workflowId)).toEqual(['check visits:at_least_ten', 'check visits:sorted']);
    const latest = await definitions.catalog.latestCheckResults('visits');
    expect(latest.map((r) => [r.checkName, r.runId])).toEqual([
      ['at_least_ten', run.runId],
      ['sorted', run.runId],
    ]);
  });

  shareWorkflowBundle(ROOT);
  const userEnv = cliEnv({ TEMPORAL_ADDRESS: env.target.address, ASSETFLOW_TASK_QUEUE: `checks-${path.basename(storageRoot)}`, ASSETFLOW_STORAGE: storageRoot, NO_COLOR: '1' });
  const defs = ['--defs', FIXTURE];
  const cli = await runCli(['checks', 'run', 'daily_events', '--partition', 'north', ...defs], { cwd: ROOT, env: userEnv });
  expect(cli.stderr).not.toMatch(/Error/);
  expect(cli.status).toBe(0);
  expect(cli.stdout).toMatch(/Run assetflow\/run\/checks:daily_events\//);
  expect(cli.stdout).toContain('daily_events:has_events');
  const [north] = await definitions.catalog.latestCheckResults('daily_events', 'north');
  expect(north.runId).not.toBe((await definitions.catalog.latestMaterialization('daily_events', 'north'))!.runId);

  const show = stripVTControlCharacters((await runCli(['assets', 'show', 'visits', ...defs], { cwd: ROOT, env: userEnv })).stdout);
  expect(show).toMatch(/│ at_least_ten\s+│ no\s+│ failed\s+│ error\s+│ \d{4}-\d\d-\d\dT[\d:.]+Z\s+│\s+│ \{"rows":3\}\s+│/);
  expect(show).toMatch(/│ sorted\s+│ yes\s+│ failed\s+│ warn\s+│/);

  const unknown = await runCli(['checks', 'run', 'visits_report', ...defs], { cwd: ROOT, env: userEnv });
  expect(unknown.status).not.toBe(0);
  expect(unknown.stderr).toMatch(/no asset of selection "visits_report" \(visits_report\) has checks/);
  const misspelt = await runCli(['checks', 'run', 'visits', '--check', 'sortd', ...defs], { cwd: ROOT, env: userEnv });
  expect(misspelt.status).not.toBe(0);
  expect(misspelt.stderr).toContain("Selection 'visits:sortd': asset 'visits' has no check 'sortd'. Did you mean 'sorted'?");
});

test('a selection <asset>:<check> runs just that check against the stored output and records its result', async () => {
  await withWorker(env, definitions, async () => {
    const before = await definitions.catalog.latestCheckResults('visits');
    const run = await startRun(env.client, definitions, { selection: 'visits:sorted', taskQueue: env.taskQueue });
    expect(run.workflowId).toMatch(/^assetflow\/run\/visits:sorted\//);
    expect(run.plan.steps.map((s) => [s.key, s.upstream])).toEqual([['visits:sorted', []]]);
    const result = await run.result();
    expect(result.status).toBe('success');
    expect(rows(result)).toEqual({ 'visits:sorted': { status: 'succeeded', error: 'check visits:sorted failed (severity warn, blocking)' } });
    expect(await activitySummaries(run.workflowId)).toEqual(['check visits:sorted']);
    const latest = Object.fromEntries((await definitions.catalog.latestCheckResults('visits')).map((r) => [r.checkName, r.runId]));
    expect(latest).toEqual({ at_least_ten: before.find((r) => r.checkName === 'at_least_ten')!.runId, sorted: run.runId });
  });
});

/**
 * Re-execution on the real dev server (Dagster's re-execution): a 4-step run whose step 3
 * failed, re-executed from failure, runs exactly steps 3 and 4, step 3 reading step 2's output
 * where the failed run left it (an asset by its key, an op output under the old run's id, a
 * small op output from the old run's history); `all` runs every step; the new run names the old
 * one in its memo, its AssetflowParentRun search attribute and its step table; what cannot be
 * re-executed is refused, saying why.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { materialize, runResultOf, startRun } from '../client/runs';
import { reexecuteRun } from '../client/reexecute';
import { PARENT_RUN } from '../contract/search-attributes';
import { isReexecutionWorkflowId, runWorkflowId } from '../contract/ids';
import { assetflowRun } from '../workflows';
import type { RunResult, RunWorkflowInput } from '../contract/run';
import { ReexecutionError } from '../errors/reexecution-error';
import { Definitions } from '../planning/definitions';
import { asset } from '../assets/asset';
import { CHAIN, computedIn, FAIL_FILE, PUBLISHED, reexecutionDefinitions } from './fixtures/reexecution-definitions';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

/** The steps whose materialize activity a run's history scheduled, in order. */
async function activitiesScheduled(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const id = e.activityTaskScheduledEventAttributes?.activityId;
    return id?.startsWith('materialize/') ? [id.slice('materialize/'.length)] : [];
  });
}

/** A storage root where step 3 fails until the test lifts it. */
function failingStorage(name: string): { storage: string; definitions: Definitions; lift(): void } {
  const storage = tempStorage(name);
  fs.writeFileSync(path.join(storage, FAIL_FILE), '');
  return { storage, definitions: reexecutionDefinitions(storage), lift: () => fs.rmSync(path.join(storage, FAIL_FILE)) };
}

async function failedRun(client: Client, definitions: Definitions, options: { selection?: string; job?: string }): Promise<RunResult> {
  const result = await materialize(client, definitions, { ...options, taskQueue: env.taskQueue, runName: 'reexec', tags: { team: 'data' }, runConfig: {} });
  expect(result.status).toBe('failure');
  return result;
}

const statuses = (result: RunResult) => Object.fromEntries(result.steps.map((s) => [s.key, s.status]));

test('an asset run failed at step 3: from failure runs exactly steps 3 and 4, step 3 reading step 2 as the failed run stored it', async () => {
  const { storage, definitions, lift } = failingStorage('reexec-assets');
  await withWorker(env, definitions, async () => {
    const first = await failedRun(env.client, definitions, { selection: CHAIN });
    expect(statuses(first)).toEqual({ extract: 'succeeded', clean: 'succeeded', summary: 'failed', report: 'skipped' });
    lift();

    const run = await reexecuteRun(env.client, definitions, first.workflowId, { taskQueue: env.taskQueue });
    expect(isReexecutionWorkflowId(run.workflowId)).toBe(true);
    // The plan says where each input comes from: summary reads clean from the failed run.
    expect(run.plan.steps.map((s) => s.key)).toEqual(['summary', 'report']);
    expect(run.plan.steps[0].inputs).toEqual([expect.objectContaining({ from: 'clean', fromRun: { workflowId: first.workflowId, runId: first.runId } })]);
    expect(run.plan.steps[1]).toMatchObject({ upstream: ['summary'], inputs: [expect.not.objectContaining({ fromRun: expect.anything() })] });
    expect(run.plan).toMatchObject({ runName: 'reexec', tags: { team: 'data' }, parent: { workflowId: first.workflowId, runId: first.runId, mode: 'from-failure' } });

    const result = await run.result();
    expect(result.status).toBe('success');
    expect(await activitiesScheduled(run.handle)).toEqual(['summary', 'report']);
    expect(computedIn(storage, result.runId)).toEqual(['summary', 'report']);
    expect(computedIn(storage, first.runId)).toEqual(['extract', 'clean', 'summary']);
    // Step 3 read what step 2 computed in the failed run.
    expect(JSON.parse(fs.readFileSync(path.join(storage, 'summary.json'), 'utf8'))).toEqual({ total: 100, cleanedIn: first.runId });
    expect(JSON.parse(fs.readFileSync(path.join(storage, 'report.json'), 'utf8'))).toBe('total 100');
    // The step table names the run each reused step comes from.
    const from = { workflowId: first.workflowId, runId: first.runId };
    expect(result.steps).toEqual([
      expect.objectContaining({ key: 'extract', status: 'succeeded', reusedFrom: from, location: path.join(storage, 'extract.json') }),
      expect.objectContaining({ key: 'clean', status: 'succeeded', reusedFrom: from }),
      expect.objectContaining({ key: 'summary', status: 'succeeded', attempts: 1 }),
      expect.objectContaining({ key: 'report', status: 'succeeded' }),
    ]);
    expect(result.steps[2].reusedFrom).toBeUndefined();
    expect(result.parent).toEqual({ ...from, mode: 'from-failure' });
    // The catalog: one materialization of clean (the first run's), summary's from the re-execution.
    expect((await definitions.catalog.history('clean')).map((r) => r.runId)).toEqual([first.runId]);
    expect((await definitions.catalog.history('summary')).map((r) => r.runId)).toEqual([result.runId]);
    // Linked in Temporal: memo and search attribute.
    const description = await run.handle.describe();
    expect(description.memo?.assetflowParentRun).toEqual({ ...from, mode: 'from-failure' });
    expect(description.typedSearchAttributes.get(PARENT_RUN)).toBe(first.workflowId);

    // A re-execution that succeeded has nothing left to re-execute from failure.
    await expect(reexecuteRun(env.client, definitions, result.workflowId, { taskQueue: env.taskQueue })).rejects.toThrow(/succeeded: nothing to re-execute from failure \(re-run every step with --all\)/);
  });
});

test('all re-runs every step of the old plan, linked to it, reusing nothing', async () => {
  const { storage, definitions, lift } = failingStorage('reexec-all');
  await withWorker(env, definitions, async () => {
    const first = await failedRun(env.client, definitions, { selection: CHAIN });
    lift();
    const run = await reexecuteRun(env.client, definitions, first.workflowId, { mode: 'all', taskQueue: env.taskQueue });
    const result = await run.result();
    expect(result.status).toBe('success');
    expect(await activitiesScheduled(run.handle)).toEqual(['extract', 'clean', 'summary', 'report']);
    expect(computedIn(storage, result.runId)).toEqual(['extract', 'clean', 'summary', 'report']);
    expect(result.steps.every((s) => s.reusedFrom === undefined)).toBe(true);
    expect(result.parent).toEqual({ workflowId: first.workflowId, runId: first.runId, mode: 'all' });
    expect(JSON.parse(fs.readFileSync(path.join(storage, 'summary.json'), 'utf8'))).toEqual({ total: 100, cleanedIn: result.runId });
  });
});

test('an op job failed at step 3: from failure reads the stored op output under the old run id and the inline one from its history', async () => {
  const { storage, definitions, lift } = failingStorage('reexec-ops');
  await withWorker(env, definitions, async () => {
    const first = await failedRun(env.client, definitions, { job: 'etl' });
    expect(statuses(first)).toEqual({ fetch_rows: 'succeeded', parse_rows: 'succeeded', aggregate: 'failed', publish: 'skipped' });
    expect(first.steps[0].location).toBe('inline');
    expect(first.steps[1].location).toBe(path.join(storage, 'runs', first.runId, 'parse_rows.json'));
    lift();

    const run = await reexecuteRun(env.client, definitions, first.workflowId, { taskQueue: env.taskQueue });
    const aggregate = run.plan.steps.find((s) => s.key === 'aggregate')!;
    expect(Object.fromEntries(aggregate.inputs.map((i) => [i.from, i.fromRun]))).toEqual({
      parse_rows: { workflowId: first.workflowId, runId: first.runId },
      fetch_rows: { workflowId: first.workflowId, runId: first.runId, inline: { value: { count: 2000 } } },
    });
    const result = await run.result();
    expect(result.status).toBe('success');
    expect(await activitiesScheduled(run.handle)).toEqual(['aggregate', 'publish']);
    expect(computedIn(storage, result.runId)).toEqual(['aggregate', 'publish']);
    // What publish got was computed from the failed run's parse_rows (and fetch_rows' inline value).
    expect(JSON.parse(fs.readFileSync(path.join(storage, PUBLISHED), 'utf8'))).toEqual({ sum: (1999 * 2000) / 2, count: 2000, parsedIn: first.runId });
    expect(fs.existsSync(path.join(storage, 'runs', result.runId, 'parse_rows.json'))).toBe(false);
  });
});

test('refusals: an unknown workflow id, a run still running, steps gone from the Definitions (named)', async () => {
  const { definitions, lift } = failingStorage('reexec-refusals');
  const unknown = 'assetflow/run/nothing/20261201T000000Z-000000';
  await expect(reexecuteRun(env.client, definitions, unknown)).rejects.toThrow(new ReexecutionError(`there is no workflow '${unknown}' in namespace 'default': give the workflow id of a finished run (assetflow/run/...)`));

  // Started with no worker polling its task queue: it stays running.
  const waiting = await startRun(env.client, definitions, { selection: 'extract', taskQueue: `${env.taskQueue}-nobody` });
  await expect(reexecuteRun(env.client, definitions, waiting.workflowId)).rejects.toThrow(/is still running: wait for it to end \(or cancel it: assetflow cancel assetflow\/run\/extract\/.*\), then re-execute it/);
  await waiting.handle.terminate('test done');

  const first = await withWorker(env, definitions, () => failedRun(env.client, definitions, { selection: CHAIN }));
  lift();
  // The same project without summary and report: the plan names steps that no longer exist.
  const extract = definitions.getAsset('extract');
  const clean = definitions.getAsset('clean');
  const shrunk = new Definitions({ assets: [extract, clean], storageRoot: tempStorage('reexec-shrunk') });
  await expect(reexecuteRun(env.client, shrunk, first.workflowId)).rejects.toThrow(
    `run '${first.workflowId}' cannot be re-executed: its plan has asset 'summary', asset 'report', which these Definitions no longer have; put them back, or start a new run of what exists now`,
  );
  const unrelated = new Definitions({ assets: [asset({ key: 'other', compute: () => 1 })], storageRoot: tempStorage('reexec-other') });
  await expect(reexecuteRun(env.client, unrelated, first.workflowId)).rejects.toMatchObject({ code: 'REEXECUTION_REFUSED', message: expect.stringMatching(/asset 'extract', asset 'clean', asset 'summary', asset 'report'/) });
  // Refused before anything started: the failed run is still the latest with its id, and still failed.
  expect((await runResultOf(env.client.workflow.getHandle(first.workflowId))).status).toBe('failure');
});

test('a run planned inside the workflow (a request, as schedules, sensors and backfills start them) re-executes from the plan its planning activity recorded', async () => {
  const { storage, definitions, lift } = failingStorage('reexec-request');
  await withWorker(env, definitions, async () => {
    const workflowId = runWorkflowId('requested', `test-${Date.now()}`);
    const input: RunWorkflowInput = { request: { selection: CHAIN, trigger: 'schedule', runName: 'requested', tags: { origin: 'request' } } };
    const first = await runResultOf(await env.client.workflow.start(assetflowRun, { taskQueue: env.taskQueue, workflowId, args: [input] }));
    expect(first.status).toBe('failure');
    lift();
    const run = await reexecuteRun(env.client, definitions, workflowId, { taskQueue: env.taskQueue });
    expect(run.plan).toMatchObject({ runName: 'requested', tags: { origin: 'request' }, trigger: 'manual' });
    const result = await run.result();
    expect(result.status).toBe('success');
    expect(await activitiesScheduled(run.handle)).toEqual(['summary', 'report']);
    expect(computedIn(storage, result.runId)).toEqual(['summary', 'report']);
  });
});

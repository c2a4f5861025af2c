/**
 * `assetflow histories export` and `assetflow histories replay` as a user runs them in CI,
 * against the suite's real dev server.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { materialize } from '../client/runs';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'bin', 'assetflow.js');

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const assetflow = (args: string[]) =>
  run('node', [CLI, ...args], { env: { ...process.env, TEMPORAL_ADDRESS: env.target.address, TEMPORAL_NAMESPACE: env.target.namespace, NO_COLOR: '1' }, cwd: path.join(__dirname, '..') });

async function untilVisible(query: string): Promise<void> {
  for (let i = 0; i < 50 && (await env.client.workflow.count(query)).count === 0; i++) await new Promise((r) => setTimeout(r, 200));
}

test('a finished run is exported by workflow id and by query, and the files replay', async () => {
  const numbers = asset({ key: 'numbers', compute: () => [1, 2, 3] });
  const total = asset({ key: 'total', ins: { numbers }, compute: ({ numbers }) => numbers.reduce((a, b) => a + b, 0) });
  const definitions = new Definitions({ assets: [numbers, total], storageRoot: tempStorage('export') });
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue, runName: 'export-test' }));
  expect(result.status).toBe('success');
  const query = `TaskQueue = "${env.taskQueue}" AND ExecutionStatus = "Completed"`;
  await untilVisible(query);

  const byId = tempStorage('histories-by-id');
  const exported = await assetflow(['histories', 'export', '--workflow-id', result.workflowId, '--out', byId]);
  expect(exported.stdout).toMatch(/Exported 1 history to /);
  const [file] = fs.readdirSync(byId);
  expect(file).toBe(`${result.workflowId.replace(/[^A-Za-z0-9._-]+/g, '_')}--${result.runId.slice(0, 8)}.json`);
  const events = JSON.parse(fs.readFileSync(path.join(byId, file), 'utf8')).events as Array<{ eventType: string }>;
  expect(events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  expect(events.at(-1)!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');

  const byQuery = tempStorage('histories-by-query');
  await assetflow(['histories', 'export', '--query', query, '--out', byQuery]);
  expect(fs.readdirSync(byQuery)).toEqual([file]);

  const replayed = await assetflow(['histories', 'replay', byQuery]);
  expect(replayed.stdout).toContain('1 of 1 histories replay');
});

test('export refuses to guess which runs, and replay fails on a history the code cannot replay', async () => {
  await expect(assetflow(['histories', 'export'])).rejects.toMatchObject({ stderr: expect.stringContaining('give --query and/or --workflow-id') });
  const dir = tempStorage('bad-history');
  const history = JSON.parse(fs.readFileSync(path.join(__dirname, 'histories', 'failed-asset.json'), 'utf8'));
  // Another step in place of the recorded one: the code schedules 'materialize/broken' here.
  const scheduled = history.events.find((e: { activityTaskScheduledEventAttributes?: { activityId: string } }) => e.activityTaskScheduledEventAttributes?.activityId === 'materialize/broken');
  scheduled.activityTaskScheduledEventAttributes.activityId = 'materialize/renamed';
  fs.writeFileSync(path.join(dir, 'tampered.json'), JSON.stringify(history));
  const failed = await assetflow(['histories', 'replay', dir]).then(() => undefined, (err: { code: number; stdout: string }) => err);
  expect(failed?.code).toBe(1);
  expect(failed?.stdout).toMatch(/✗ .*tampered\.json\n\s+DeterminismViolationError: .*materialize\/renamed/);
});

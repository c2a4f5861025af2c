/**
 * `assetflow runs reexecute` and `assetflow backfill retry` through the real bin, as a user runs
 * them: a run that failed at step 3 re-executed from failure runs steps 3 and 4 and says which
 * steps it reused from which run; a backfill's failed partitions retried.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CHAIN, computedIn, FAIL_FILE, FAIL_PARTITIONS_FILE } from './fixtures/reexecution-definitions';
import { cliEnv, runCli, shareWorkflowBundle, startCli, type CliProcess } from './support/cli-process';
import { connectTestEnv, tempStorage, testTarget, type TestEnv } from './support/temporal';

const DEFS = path.join(__dirname, 'fixtures', 'reexecution-definitions.ts');
const project = tempStorage('reexecution-cli');
const storage = path.join(project, 'storage');
fs.mkdirSync(storage);
shareWorkflowBundle(project);
const env = cliEnv({ TEMPORAL_ADDRESS: testTarget().address, ASSETFLOW_TASK_QUEUE: `reexec-cli-${randomUUID()}`, ASSETFLOW_STORAGE: storage, ASSETFLOW_LOG_LEVEL: 'error', CI: undefined });
const cli = (...args: string[]) => runCli([...args, '--defs', DEFS], { cwd: project, env });

let temporal: TestEnv;
beforeAll(async () => {
  temporal = await connectTestEnv();
});
afterAll(() => temporal?.close());

/** The workflow id a run command printed (`Run assetflow/run/...`). */
function runIdIn(output: string): string {
  const match = /^Run (assetflow\/run\/\S+)$/m.exec(output);
  if (!match) throw new Error(`no run id in:\n${output}`);
  return match[1];
}

test('runs reexecute --from-failure runs the failed and skipped steps and names the reused ones; a succeeded run is refused', async () => {
  fs.writeFileSync(path.join(storage, FAIL_FILE), '');
  const failed = await cli('materialize', '--select', CHAIN, '--run-name', 'cli_chain');
  expect(failed.status).toBe(1);
  const oldId = runIdIn(failed.stdout);
  fs.rmSync(path.join(storage, FAIL_FILE));

  const conflicting = await cli('runs', 'reexecute', oldId, '--from-failure', '--all');
  expect(conflicting.status).not.toBe(0);
  expect(conflicting.stderr).toMatch(/option '--from-failure' cannot be used with option '--all'/);

  const again = await cli('runs', 'reexecute', oldId, '--from-failure');
  expect(again.stderr).toBe('');
  expect(again.status).toBe(0);
  expect(again.stdout).toContain(`Re-executing ${oldId} (from-failure): summary, report; reusing extract, clean`);
  const newId = runIdIn(again.stdout);
  expect(newId).toMatch(/^assetflow\/run\/cli_chain\/reexecution-/);
  expect(again.stdout).toContain(`reused from ${oldId}`);
  expect(again.stdout).toContain(`re-execution (from-failure) of ${oldId}`);
  expect(again.stdout).toContain('run cli_chain: success');
  const newRunId = (await temporal.client.workflow.getHandle(newId).describe()).runId;
  expect(computedIn(storage, newRunId)).toEqual(['summary', 'report']);

  const refused = await cli('runs', 'reexecute', newId);
  expect(refused.status).toBe(1);
  expect(refused.stderr.trim()).toBe(`run '${newId}' succeeded: nothing to re-execute from failure (re-run every step with --all)`);

  const all = await cli('runs', 'reexecute', newId, '--all');
  expect(all.status).toBe(0);
  const allRunId = (await temporal.client.workflow.getHandle(runIdIn(all.stdout)).describe()).runId;
  expect(computedIn(storage, allRunId)).toEqual(['summary', 'report']); // every step of that run's plan: it re-ran two
});

describe('backfill retry', () => {
  let worker: CliProcess;
  beforeAll(async () => {
    worker = startCli(['worker', '--defs', DEFS], { cwd: project, env });
    await worker.waitFor(/Worker polling it/);
  });
  afterAll(() => worker?.stop());

  test('retries the failed partitions of a finished backfill, and only those', async () => {
    fs.writeFileSync(path.join(storage, FAIL_PARTITIONS_FILE), 'b,d');
    const first = await cli('backfill', 'start', '--select', 'letters', '--id', `letters-${randomUUID().slice(0, 6)}`, '--watch');
    expect(first.status).toBe(1);
    const id = /^Backfill (\S+):/m.exec(first.stdout)![1];
    fs.rmSync(path.join(storage, FAIL_PARTITIONS_FILE));

    const retry = await cli('backfill', 'retry', id, '--watch');
    expect(retry.status).toBe(0);
    expect(retry.stdout).toMatch(new RegExp(`Backfill ${id}-retry-\\S+: retrying 2 failed partitions of ${id} \\((?:b, d|d, b)\\)`));
    const lines = fs.readFileSync(path.join(storage, 'computed.log'), 'utf8').split('\n').filter((l) => l.startsWith('letters['));
    expect(lines.map((l) => l.split(' ')[0]).sort()).toEqual(['letters[a]', 'letters[b]', 'letters[b]', 'letters[c]', 'letters[d]', 'letters[d]', 'letters[e]']);
  });
});


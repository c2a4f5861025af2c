/**
 * Cancelling a run (`assetflow cancel <workflowId>`): the running compute sees its signal
 * abort, the step and the steps after it are `cancelled` in the run's result, Temporal
 * shows the workflow Cancelled, and no output or temp file is left.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { cancelRun, startRun } from '../client/runs';
import { mark, waitForFile } from './fixtures/control-files';
import { filesUnder } from './support/storage-files';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

test('assetflow cancel stops the running compute and marks the run cancelled, leaving no partial output', async () => {
  const dir = tempStorage('cancel');
  const storageRoot = path.join(dir, 'storage');
  const control = (file: string) => path.join(dir, file);
  const first = asset({ key: 'first', compute: () => ({ ok: true }) });
  const waits = asset({
    key: 'waits_for_an_hour',
    ins: { first },
    heartbeatTimeoutSeconds: 2,
    compute: async ({ context }) => {
      mark(control('started'));
      try {
        await sleep(3_600_000, undefined, { signal: context.signal });
      } catch (err) {
        mark(control('aborted'), String(context.signal.reason));
        throw err;
      }
      return { never: true };
    },
  });
  const after = asset({ key: 'after', ins: { waits }, compute: ({ waits }) => waits });
  const definitions = new Definitions({ assets: [first, waits, after], storageRoot });

  const cliOutput = await withWorker(env, definitions, async () => {
    const run = await startRun(env.client, definitions, { taskQueue: env.taskQueue, selection: '*' });
    await waitForFile(control('started'));
    const cli = await promisify(execFile)(process.execPath, [path.join(__dirname, '..', 'bin', 'assetflow.js'), 'cancel', run.workflowId], {
      env: { ...process.env, TEMPORAL_ADDRESS: env.target.address },
    });

    const result = await run.result();
    expect(result.status).toBe('cancelled');
    expect(result.steps.map((s) => [s.key, s.status])).toEqual([
      ['first', 'succeeded'],
      ['waits_for_an_hour', 'cancelled'],
      ['after', 'cancelled'],
    ]);
    expect((await run.handle.describe()).status.name).toBe('CANCELLED');
    return cli.stdout;
  });
  expect(cliOutput).toMatch(/cancelled\.[\s\S]*waits_for_an_hour/);
  // The compute itself was interrupted through context.signal (not left running).
  expect(fs.readFileSync(control('aborted'), 'utf8')).toMatch(/cancel/i);
  expect(filesUnder(storageRoot).filter((f) => !f.startsWith('.catalog'))).toEqual(['first.json']);
});

test('cancelling a run that already ended reports how it ended', async () => {
  const quick = asset({ key: 'quick', compute: () => 1 });
  const definitions = new Definitions({ assets: [quick], storageRoot: tempStorage('cancel-ended') });
  const result = await withWorker(env, definitions, async () => {
    const run = await startRun(env.client, definitions, { taskQueue: env.taskQueue });
    await run.result();
    return cancelRun(env.client, run.workflowId);
  });
  expect(result.status).toBe('success');
});

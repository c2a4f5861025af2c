/**
 * On Temporal's time-skipping test server (the real Java test server, pinned, from PyPI),
 * a run whose asset waits ten minutes between retries completes in moments: retry backoff
 * is durable timer time, which the test server skips while the client waits for the result.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { materialize } from '../client/runs';
import { temporalTestServerPath } from '../temporal/binaries';
import { createWorker } from '../worker';
import { tempStorage } from './support/temporal';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
});
afterAll(() => env?.teardown());

test('a ten-minute retry backoff is skipped, not waited for', async () => {
  let attempts = 0;
  const patient = asset({
    key: 'patient',
    retry: { maxAttempts: 3, initialIntervalSeconds: 600 },
    compute: ({ context }) => {
      attempts++;
      if (context.attempt < 3) throw new Error(`not yet (attempt ${context.attempt})`);
      return { done: true };
    },
  });
  const definitions = new Definitions({ assets: [patient], storageRoot: tempStorage('time-skipping') });
  const worker = await createWorker({
    definitions,
    target: { address: 'time-skipping', namespace: env.namespace ?? 'default' },
    connection: env.nativeConnection,
    taskQueue: 'time-skipping',
    workflowBundlePath: process.env.ASSETFLOW_TEST_BUNDLE,
    // Its compute counts attempts in this test's memory: steps on the worker's thread.
    stepThreads: false,
  });
  const before = await env.currentTimeMs();
  const result = await worker.runUntil(materialize(env.client, definitions, { taskQueue: 'time-skipping', searchAttributes: false }));
  const skippedMs = (await env.currentTimeMs()) - before;
  expect(result.steps[0].error).toBeUndefined();
  expect(result.steps[0]).toMatchObject({ key: 'patient', status: 'succeeded', attempts: 3 });
  expect(attempts).toBe(3);
  expect(result.status).toBe('success');
  // Two backoffs of 600 s and 1200 s passed on the server's clock.
  expect(skippedMs).toBeGreaterThanOrEqual(1800 * 1000);
});

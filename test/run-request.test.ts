/**
 * Runs started by name (as schedules, sensors and backfills start them): the workflow plans
 * inside an activity against the worker's Definitions.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import type { RunWorkflowInput } from '../contract/run';
import { runResultOf } from '../client/runs';
import { assetflowRun } from '../workflows';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const base = asset({ key: 'base', config: z.object({ n: z.number() }), compute: ({ config }) => config.n });
const doubled = asset({ key: 'doubled', ins: { base }, compute: ({ base }) => base * 2 });

function start(input: RunWorkflowInput, id: string) {
  return env.client.workflow.start(assetflowRun, { taskQueue: env.taskQueue, workflowId: `test/request/${id}/${Date.now()}`, args: [input] });
}

test('a requested run is planned inside the workflow and labelled for Temporal Web', async () => {
  const definitions = new Definitions({ assets: [base, doubled], storageRoot: tempStorage('request') });
  const handle = await withWorker(env, definitions, async () => {
    const h = await start({ request: { selection: 'base+', trigger: 'sensor', runConfig: { ops: { base: { config: { n: 21 } } } } } }, 'ok');
    await h.result();
    return h;
  });
  const result = await runResultOf(handle);
  expect(result.steps.map((s) => [s.key, s.status])).toEqual([['base', 'succeeded'], ['doubled', 'succeeded']]);
  const described = await handle.describe();
  expect(described.typedSearchAttributes.get({ name: 'AssetflowTrigger', type: 'KEYWORD' } as never)).toBe('sensor');
  expect(described.typedSearchAttributes.get({ name: 'AssetflowAssets', type: 'KEYWORD_LIST' } as never)).toEqual(['base', 'doubled']);
});

test('a requested run with bad config fails at once with the validation message', async () => {
  const definitions = new Definitions({ assets: [base, doubled], storageRoot: tempStorage('request-bad') });
  const error = await withWorker(env, definitions, async () => {
    const h = await start({ request: { selection: 'base', trigger: 'schedule', runConfig: { ops: { base: { config: { n: 'x' } } } } } }, 'bad');
    return h.result().then(() => undefined, (e: unknown) => e);
  });
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause as Error & { cause?: Error };
  expect(cause.cause?.message ?? cause.message).toMatch(/ops\.base\.config\.n: .*number/i);
});

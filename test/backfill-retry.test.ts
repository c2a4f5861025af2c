/**
 * Retrying a backfill on the real dev server: of 5 partitions 2 fail; the retry is a new
 * backfill, linked to the old one, that runs exactly those 2. What cannot be retried is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getBackfill, startBackfill } from '../client/backfills';
import { retryBackfill } from '../client/backfill-retry';
import { reexecuteRun } from '../client/reexecute';
import { backfillRunWorkflowId, backfillWorkflowId } from '../contract/ids';
import { PARENT_RUN } from '../contract/search-attributes';
import { computedIn, FAIL_PARTITIONS_FILE, reexecutionDefinitions } from './fixtures/reexecution-definitions';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

test('a backfill with 2 failed partitions of 5: the retry runs exactly those 2, linked to it', async () => {
  const storage = tempStorage('backfill-retry');
  fs.writeFileSync(path.join(storage, FAIL_PARTITIONS_FILE), 'b,d');
  const definitions = reexecutionDefinitions(storage);
  await withWorker(env, definitions, async () => {
    const first = await startBackfill(env.client, definitions, { selection: 'letters', maxConcurrent: 2, tags: { team: 'data' }, taskQueue: env.taskQueue });
    const old = await first.result();
    expect(old).toMatchObject({ status: 'failure', total: 5, succeeded: 3, failed: 2 });
    expect(old.failures.map((f) => f.partitionKey).sort()).toEqual(['b', 'd']);
    fs.rmSync(path.join(storage, FAIL_PARTITIONS_FILE));

    const retry = await retryBackfill(env.client, definitions, first.backfillId, { taskQueue: env.taskQueue });
    expect(retry.backfillId.startsWith(`${first.backfillId}-retry-`)).toBe(true);
    expect(retry).toMatchObject({ parentBackfillId: first.backfillId, total: 2 });
    expect(retry.partitionKeys.sort()).toEqual(['b', 'd']);
    const progress = await retry.result();
    expect(progress).toMatchObject({ status: 'success', total: 2, succeeded: 2, failed: 0 });

    // Exactly b and d ran again, each once, in the retry's partition runs.
    for (const key of ['b', 'd']) {
      const run = await env.client.workflow.getHandle(backfillRunWorkflowId(retry.backfillId, key)).describe();
      expect(computedIn(storage, run.runId)).toEqual([`letters[${key}]`]);
    }
    for (const key of ['a', 'c', 'e']) {
      await expect(env.client.workflow.getHandle(backfillRunWorkflowId(retry.backfillId, key)).describe()).rejects.toThrow(/not found/i);
    }
    const materialized = (await definitions.catalog.history('letters')).map((r) => r.partitionKey).sort();
    expect(materialized).toEqual(['a', 'b', 'c', 'd', 'e']);
    const lines = fs.readFileSync(path.join(storage, 'computed.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(7); // 5 in the first backfill, b and d again

    const description = await env.client.workflow.getHandle(backfillWorkflowId(retry.backfillId)).describe();
    expect(description.memo?.assetflowParentBackfill).toEqual({ backfillId: first.backfillId, workflowId: first.workflowId });
    expect(description.typedSearchAttributes.get(PARENT_RUN)).toBe(first.workflowId);
    // Same selection, tags and concurrency as the old backfill; only the failed keys.
    const started = (await env.client.workflow.getHandle(backfillWorkflowId(retry.backfillId)).fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    const input = JSON.parse(Buffer.from(started!.input!.payloads![0].data!).toString()) as Record<string, unknown>;
    expect(input).toMatchObject({ selection: 'letters', tags: { team: 'data' }, maxConcurrent: 2, partitions: { keys: expect.arrayContaining(['b', 'd']) } });

    // Nothing failed in the retry: nothing to retry; and a backfill is not a run to re-execute.
    await expect(retryBackfill(env.client, definitions, retry.backfillId)).rejects.toThrow(`backfill '${retry.backfillId}' has no failed partition (2 succeeded, 0 already run): nothing to retry`);
    await expect(reexecuteRun(env.client, definitions, first.workflowId)).rejects.toThrow(`workflow '${first.workflowId}' is a assetflowBackfill, not an assetflow run: only runs can be re-executed`);
  });
});

test('refusals: an unknown backfill, one still running', async () => {
  const definitions = reexecutionDefinitions(tempStorage('backfill-retry-refusals'));
  await expect(retryBackfill(env.client, definitions, 'no-such-backfill')).rejects.toThrow("there is no backfill 'no-such-backfill' (no workflow 'assetflow/backfill/no-such-backfill') in namespace 'default'");
  // No worker polls this task queue: the backfill stays running.
  const running = await startBackfill(env.client, definitions, { selection: 'letters', taskQueue: `${env.taskQueue}-nobody` });
  await expect(retryBackfill(env.client, definitions, running.backfillId)).rejects.toMatchObject({
    code: 'REEXECUTION_REFUSED',
    message: `backfill '${running.backfillId}' is still running: wait for it to end (or cancel it: assetflow backfill cancel ${running.backfillId}), then retry it`,
  });
  await getBackfill(env.client, running.backfillId).handle.terminate('test done');
});

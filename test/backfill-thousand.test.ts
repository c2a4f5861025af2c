/**
 * A backfill of 1,000 trivial partitions on a real dev server: every partition runs once and
 * each execution of the continue-as-new chain keeps its history under `historyBound`
 * (10 events per partition + 50, i.e. 2,050 events for the default 200 partitions per execution).
 * Slow by nature (1,000 child workflows on a 2-core dev server: 2-4 minutes): it has its own
 * timeout, and ASSETFLOW_SKIP_SLOW_TESTS=1 skips it for quick local runs.
 */
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { dailyPartitions } from '../assets/partitions';
import { backfillHistorySizes, startBackfill } from '../client/backfills';
import { DEFAULT_PARTITIONS_PER_EXECUTION, historyBound } from '../workflows/backfill-workflow';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const trivialDay = asset({ key: 'trivial_day', partitions: dailyPartitions({ start: '2024-01-01' }), compute: ({ context }) => ({ day: context.partitionKey! }) });

const slowTest = process.env.ASSETFLOW_SKIP_SLOW_TESTS === '1' ? test.skip : test;

slowTest('1,000 partitions complete, each once, with every execution of the chain under the history bound', async () => {
  const definitions = new Definitions({ assets: [trivialDay], storageRoot: tempStorage('backfill-1000') });
  const { backfill, result } = await withWorker(env, definitions, async () => {
    const backfill = await startBackfill(env.client, definitions, { selection: 'trivial_day', from: '2024-01-01', to: '2026-09-26', maxConcurrent: 40, taskQueue: env.taskQueue });
    return { backfill, result: await backfill.result() };
  });
  expect(backfill.total).toBe(1000);
  expect(result).toMatchObject({ status: 'success', total: 1000, succeeded: 1000, failed: 0, alreadyRun: 0, execution: 5 });
  const sizes = await backfillHistorySizes(env.client, backfill.backfillId, backfill.firstRunId!);
  expect(sizes).toHaveLength(1000 / DEFAULT_PARTITIONS_PER_EXECUTION);
  for (const size of sizes) expect(size).toBeLessThanOrEqual(historyBound(DEFAULT_PARTITIONS_PER_EXECUTION));
  const history = await definitions.catalog.history('trivial_day');
  expect(history).toHaveLength(1000);
  expect(new Set(history.map((r) => r.partitionKey)).size).toBe(1000);
  console.log(`backfill of 1,000 partitions: history events per execution ${sizes.join(', ')} (bound ${historyBound(DEFAULT_PARTITIONS_PER_EXECUTION)})`);
}, 420_000);

/**
 * Daily partitions of the sales API's data on a real dev server: one Parquet file per
 * partition with that day's rows, re-runs that replace one partition only, an unpartitioned
 * downstream reading every partition, and bad partition input refused before anything runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import pl from 'nodejs-polars';
import { Definitions } from '../planning/definitions';
import { PartitionError } from '../errors/errors';
import { startBackfill } from '../client/backfills';
import { materialize, runResultOf } from '../client/runs';
import { assetflowRun } from '../workflows';
import { dailyCleanedSales, dailySales, revenueByDay } from '../examples/daily-sales/assets';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
let api: SalesApi;
beforeAll(async () => {
  env = await connectTestEnv();
  api = await startSalesApi({ failFirst: 0 });
});
afterAll(async () => {
  await api?.close();
  await env?.close();
});

const runConfig = () => ({ ops: { daily_sales: { config: { apiUrl: api.url } } } });
const salesOn = (day: string) => api.sales.filter((s) => s.sale_date === day);

test('daily partitions materialize to one file per day with that day’s rows; a re-run replaces only its partition', async () => {
  const root = tempStorage('daily-sales');
  const definitions = new Definitions({ assets: [dailySales, dailyCleanedSales, revenueByDay], storageRoot: root });
  const days = ['2026-11-01', '2026-11-02', '2026-11-03'];
  await withWorker(env, definitions, async () => {
    for (const day of days) {
      const result = await materialize(env.client, definitions, { selection: 'daily_sales+', partitionKey: day, runConfig: runConfig(), taskQueue: env.taskQueue });
      expect(result.status).toBe('success');
      expect(result.partitionKey).toBe(day);
      const cleaned = result.steps.find((s) => s.key === 'daily_cleaned_sales')!;
      expect(cleaned.location).toBe(path.join(root, 'daily_cleaned_sales', `${day}.parquet`));
    }
    for (const day of days) {
      const raw = pl.readParquet(path.join(root, 'daily_sales', `${day}.parquet`));
      expect(raw.height).toBe(salesOn(day).length);
      expect(raw.height).toBeGreaterThan(0);
      expect(new Set(raw.getColumn('sale_date').toArray())).toEqual(new Set([day]));
      const cleaned = pl.readParquet(path.join(root, 'daily_cleaned_sales', `${day}.parquet`));
      expect(cleaned.getColumn('sale_id').toArray().map(Number).sort((a, b) => a - b)).toEqual(salesOn(day).filter((s) => s.amount > 0).map((s) => s.sale_id));
    }
    // The context carried the partition's time window.
    const record = await definitions.catalog.latest('daily_sales', '2026-11-02');
    expect(record?.metadata).toMatchObject({ windowStart: '2026-11-02T00:00:00.000Z', windowEnd: '2026-11-03T00:00:00.000Z' });

    // Re-run one partition: only its files change.
    const mtimes = () => days.map((d) => fs.statSync(path.join(root, 'daily_sales', `${d}.parquet`)).mtimeMs);
    const before = mtimes();
    await new Promise((r) => setTimeout(r, 20)); // distinct mtimes on coarse file systems
    expect((await materialize(env.client, definitions, { selection: 'daily_sales', partitionKey: '2026-11-02', runConfig: runConfig(), taskQueue: env.taskQueue })).status).toBe('success');
    const after = mtimes();
    expect([after[0] === before[0], after[1] === before[1], after[2] === before[2]]).toEqual([true, false, true]);
    expect((await definitions.catalog.history('daily_sales')).map((r) => r.partitionKey)).toEqual([...days, '2026-11-02']);
    expect(await definitions.catalog.materializedPartitions('daily_cleaned_sales')).toEqual(days);

    // An unpartitioned downstream reads every materialized partition, concatenated.
    const revenue = await materialize(env.client, definitions, { selection: 'revenue_by_day', taskQueue: env.taskQueue });
    expect(revenue.status).toBe('success');
    const table = pl.readParquet(path.join(root, 'revenue_by_day.parquet'));
    expect(table.getColumn('sale_date').toArray()).toEqual(days);
    expect(table.getColumn('sales').toArray()).toEqual(days.map((d) => salesOn(d).filter((s) => s.amount > 0).length));
  });
});

describe('bad partition input is refused before anything runs, naming what to fix', () => {
  const definitions = new Definitions({ assets: [dailySales, dailyCleanedSales, revenueByDay], storageRoot: '/nonexistent/never-written' });
  test('an unknown partition key', async () => {
    await expect(materialize(env.client, definitions, { selection: 'daily_sales', partitionKey: 'Nov-1', taskQueue: env.taskQueue })).rejects.toThrow(
      /asset 'daily_sales': 'Nov-1' is not a daily partition key: expected the format yyyy-MM-dd; valid keys: '2026-11-01' to '\d{4}-\d\d-\d\d'/,
    );
  });
  test('a backfill range outside the definition', async () => {
    await expect(startBackfill(env.client, definitions, { selection: 'daily_sales', from: '2026-10-25', to: '2026-11-02', taskQueue: env.taskQueue })).rejects.toThrow(
      /partition '2026-10-25' is outside daily from 2026-11-01 \(UTC\)/,
    );
    await expect(startBackfill(env.client, definitions, { selection: 'daily_sales', from: '2026-11-01', to: '2999-01-01', taskQueue: env.taskQueue })).rejects.toThrow(PartitionError);
  });
  test('a partition key (or a backfill) on an unpartitioned asset', async () => {
    await expect(materialize(env.client, definitions, { selection: 'revenue_by_day', partitionKey: '2026-11-01', taskQueue: env.taskQueue })).rejects.toThrow(
      /no asset of selection "revenue_by_day" is partitioned \(revenue_by_day\): drop the partition key/,
    );
    await expect(startBackfill(env.client, definitions, { selection: 'revenue_by_day', taskQueue: env.taskQueue })).rejects.toThrow(/nothing to backfill/);
  });
  test('an unpartitioned downstream of a partitioned asset with no partition materialized yet', async () => {
    const defs = new Definitions({ assets: [dailySales, dailyCleanedSales, revenueByDay], storageRoot: tempStorage('daily-none') });
    const result = await withWorker(env, defs, () => materialize(env.client, defs, { selection: 'revenue_by_day', taskQueue: env.taskQueue }));
    expect(result.status).toBe('failure');
    expect(result.steps[0]).toMatchObject({ key: 'revenue_by_day', status: 'failed' });
    expect(result.steps[0].error).toMatch(/'revenue_by_day' reads every partition of 'daily_cleaned_sales' \(input 'dailyCleanedSales'\), but none is materialized yet: backfill 'daily_cleaned_sales' first/);
  });
  test('a run requested by name (as schedules and backfills start them) fails at planning with the same message', async () => {
    const root = tempStorage('daily-bad-request');
    const defs = new Definitions({ assets: [dailySales], storageRoot: root });
    const error = await withWorker(env, defs, async () => {
      const handle = await env.client.workflow.start(assetflowRun, {
        taskQueue: env.taskQueue,
        workflowId: `test/bad-partition/${Date.now()}`,
        args: [{ request: { selection: 'daily_sales', partitionKey: '2031-13-01', trigger: 'schedule' } }],
      });
      return runResultOf(handle).then(() => undefined, (e: unknown) => e);
    });
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as Error & { cause?: Error };
    expect(cause.cause?.message ?? cause.message).toMatch(/'2031-13-01' is not a daily partition key/);
    // Nothing stored: the worker opened its catalog (the one file in the root), and nothing reached it.
    expect(fs.readdirSync(root).filter((f) => !f.startsWith('.catalog.sqlite'))).toEqual([]);
    expect(await defs.catalog.latestMaterializations()).toEqual(new Map());
  });
});

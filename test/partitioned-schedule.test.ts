/**
 * A partitioned schedule (Dagster's schedule from a partitioned job): a daily schedule of a
 * daily-partitioned selection materializes the previous day's partition, picked from the
 * scheduled time inside the run. Real dev server, real Temporal Schedule (backfilled).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Definitions } from '../planning/definitions';
import { schedule } from '../assets/schedule';
import { deploySchedules } from '../client/deploy';
import { runResultOf } from '../client/runs';
import { scheduleId, scheduledRunWorkflowId } from '../contract/ids';
import { backfillSchedule } from '../client/schedules';
import { dailyCleanedSales, dailySales } from '../examples/daily-sales/assets';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
let api: SalesApi;
beforeAll(async () => {
  env = await connectTestEnv();
  api = await startSalesApi({ rows: 600, seed: 11, failFirst: 0 });
});
afterAll(async () => {
  await api?.close();
  await env?.close();
});

test('a daily schedule of partitioned assets materializes the previous day', async () => {
  const name = `partitioned_daily_${Date.now()}`;
  const daily = schedule({
    name,
    cron: '@daily',
    selection: 'daily_sales+',
    runConfig: () => ({ ops: { daily_sales: { config: { apiUrl: api.url } } } }),
  });
  const storage = tempStorage('partitioned-schedule');
  const definitions = new Definitions({ assets: [dailySales, dailyCleanedSales], schedules: [daily], storageRoot: storage });
  try {
    const result = await withWorker(env, definitions, async () => {
      await deploySchedules(env.client, definitions, { taskQueue: env.taskQueue });
      // The fire of 2026-11-06 00:00 UTC materializes the partition 2026-11-05.
      await backfillSchedule(env.client, definitions, name, { from: new Date('2026-11-06T00:00:00Z'), to: new Date('2026-11-06T00:00:00Z') });
      let workflowId: string | undefined;
      for (let i = 0; i < 300 && !workflowId; i++) {
        for await (const w of env.client.workflow.list({ query: `WorkflowId STARTS_WITH "${scheduledRunWorkflowId(name)}-"` })) workflowId = w.workflowId;
        if (!workflowId) await new Promise((r) => setTimeout(r, 100));
      }
      return runResultOf(env.client.workflow.getHandle(workflowId!));
    });
    expect(result.status).toBe('success');
    expect(result.partitionKey).toBe('2026-11-05');
    const day = api.sales.filter((s) => s.sale_date === '2026-11-05');
    expect(result.steps.find((s) => s.key === 'daily_sales')?.rows).toBe(day.length);
    expect(fs.existsSync(path.join(storage, 'daily_sales', '2026-11-05.parquet'))).toBe(true);
    expect(await definitions.catalog.materializedPartitions('daily_cleaned_sales')).toEqual(['2026-11-05']);
  } finally {
    await env.client.schedule.getHandle(scheduleId(name)).delete().catch(() => undefined);
  }
});

/**
 * The guide's `daily_sales_schedule` on the real dev server: deployed from the example's code,
 * backfilled for one past day, it fetches that day's sales only.
 */
import { Definitions } from '../planning/definitions';
import { deploySchedules } from '../client/deploy';
import { runResultOf } from '../client/runs';
import { scheduleId, scheduledRunWorkflowId } from '../contract/ids';
import { backfillSchedule } from '../client/schedules';
import { cleanedSales, rawSales, salesByCustomer, topCustomers } from '../examples/sales/assets';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { dailySalesSchedule } from '../examples/sales/schedules';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
let api: SalesApi;
beforeAll(async () => {
  env = await connectTestEnv();
  api = await startSalesApi({ failFirst: 0 });
  process.env.SALES_API_URL = api.url;
});
afterAll(async () => {
  delete process.env.SALES_API_URL;
  await env?.client.schedule.getHandle(scheduleId(dailySalesSchedule.name)).delete().catch(() => undefined);
  await api?.close();
  await env?.close();
});

test("runConfig builds the API URL with the scheduled date, as the guide's schedule does", async () => {
  process.env.SALES_API_URL = 'https://api.example.com/sales';
  try {
    const config = await dailySalesSchedule.runConfig!({ scheduledExecutionTime: new Date('2026-11-05T00:00:00Z'), scheduleName: dailySalesSchedule.name });
    expect(config).toEqual({ ops: { raw_sales: { config: { apiUrl: 'https://api.example.com/sales?date=2026-11-05' } } } });
  } finally {
    process.env.SALES_API_URL = api.url;
  }
});

test('a backfilled day of daily_sales_schedule materializes the sales of that day', async () => {
  const definitions = new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers], schedules: [dailySalesSchedule], storageRoot: tempStorage('sales-schedule') });
  const changes = await deploySchedules(env.client, definitions, { taskQueue: env.taskQueue });
  expect(changes.map((c) => [c.name, c.change])).toEqual([['daily_sales_schedule', 'created']]);

  const day = new Date('2026-11-05T00:00:00Z');
  const result = await withWorker(env, definitions, async () => {
    await backfillSchedule(env.client, definitions, dailySalesSchedule.name, { from: day, to: day });
    const handle = env.client.workflow.getHandle(`${scheduledRunWorkflowId(dailySalesSchedule.name)}-2026-11-05T00:00:00Z`);
    const deadline = Date.now() + 60_000;
    while (!(await handle.describe().then(() => true, () => false))) {
      if (Date.now() > deadline) throw new Error('the backfilled run did not start');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return runResultOf(handle);
  });
  expect(result.status).toBe('success');
  const record = await definitions.catalog.latest('raw_sales');
  expect(record?.metadata.source).toBe(`${api.url}?date=2026-11-05`);
  expect(record?.rows).toBe(api.sales.filter((s) => s.sale_date === '2026-11-05').length);
  expect(record?.rows).toBeGreaterThan(0);
});

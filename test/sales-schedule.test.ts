/**
 * The guide's `daily_sales_schedule` on the real dev server: deployed from the example's code,
 * backfilled for one past day, it fetches that day's sales only.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Definitions } from '../planning/definitions';
import { deploySchedules } from '../client/deploy';
import { runResultOf } from '../client/runs';
import { scheduleId, scheduledRunWorkflowId, scheduledTimeFromWorkflowId } from '../contract/ids';
import { backfillSchedule, runsQuery } from '../client/schedules';
import { cleanedSales, rawSales, salesByCustomer, topCustomers } from '../examples/sales/assets';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { dailySalesSchedule } from '../examples/sales/schedules';
import { cliEnv, runCli } from './support/cli-process';
import { connectTestEnv, tempStorage, testTarget, withWorker, type TestEnv } from './support/temporal';

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

test('schedules trigger runs today, which the sales API has sales for; the CLI warns while no worker polls the task queue', async () => {
  const taskQueue = `trigger-${randomUUID()}`;
  const definitions = new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers], schedules: [dailySalesSchedule], storageRoot: tempStorage('sales-trigger') });
  await env.client.schedule.getHandle(scheduleId(dailySalesSchedule.name)).delete().catch(() => undefined);
  expect((await deploySchedules(env.client, definitions, { taskQueue })).map((c) => c.change)).toEqual(['created']);

  const root = path.join(__dirname, '..');
  const trigger = () =>
    runCli(['schedules', 'trigger', dailySalesSchedule.name, '--defs', path.join(root, 'examples', 'sales', 'definitions.ts')], {
      cwd: root,
      env: cliEnv({ TEMPORAL_ADDRESS: testTarget().address, ASSETFLOW_TASK_QUEUE: taskQueue }),
    });
  const alone = await trigger();
  expect(alone.status).toBe(0);
  expect(alone.stdout).toContain(`Triggered schedule daily_sales_schedule on task queue '${taskQueue}'.`);
  expect(alone.stderr).toContain(`Warning: No worker polls task queue '${taskQueue}': nothing runs until one does.`);

  const runIds = async (count: number) => {
    for (let i = 0; i < 240; i++) {
      const ids: string[] = [];
      for await (const execution of env.client.workflow.list({ query: runsQuery(dailySalesSchedule.name) })) ids.push(execution.workflowId);
      if (ids.length >= count) return ids.sort();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`fewer than ${count} triggered runs of ${dailySalesSchedule.name} appeared`);
  };
  const results = await withWorker({ ...env, taskQueue }, definitions, async () => {
    const polled = await trigger(); // now a worker polls: no warning
    expect(polled.status).toBe(0);
    expect(polled.stderr).not.toContain('No worker polls');
    return Promise.all((await runIds(2)).map(async (id) => ({ id, result: await runResultOf(env.client.workflow.getHandle(id)) })));
  });
  for (const { id, result } of results) {
    expect(result.status).toBe('success');
    const day = scheduledTimeFromWorkflowId(id)!.slice(0, 10); // today, UTC
    const rows = api.salesOn(day).length;
    expect(rows).toBeGreaterThan(0);
    expect(result.steps.find((s) => s.key === 'raw_sales')?.rows).toBe(rows);
  }
});

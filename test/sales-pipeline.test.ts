/**
 * The guide's sales pipeline, end to end on the real dev server: the example's own
 * Definitions, the local sales API (whose first request fails), Parquet outputs on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import { Definitions } from '../planning/definitions';
import { startRun } from '../client/runs';
import { cleanedSales, rawSales, salesByCustomer, topCustomers } from '../examples/sales/assets';
import { startSalesApi, type SalesApi, type Sale } from '../examples/sales/sales-api';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
let api: SalesApi;
beforeAll(async () => {
  env = await connectTestEnv();
  api = await startSalesApi({ rows: 3000, seed: 7 });
});
afterAll(async () => {
  await api?.close();
  await env?.close();
});

/** The answer computed independently of polars and assetflow, from the API's own data. */
function expectedTopCustomers(sales: readonly Sale[]) {
  const byCustomer = new Map<string, { amount: number; count: number }>();
  for (const s of sales) {
    if (!(s.amount > 0)) continue;
    const entry = byCustomer.get(s.customer_id) ?? { amount: 0, count: 0 };
    entry.amount += s.amount;
    entry.count += 1;
    byCustomer.set(s.customer_id, entry);
  }
  return [...byCustomer]
    .map(([customer_id, { amount, count }]) => ({ customer_id, amount, sales_count: count }))
    .sort((a, b) => b.amount - a.amount || a.customer_id.localeCompare(b.customer_id))
    .slice(0, 10);
}

test('materializes raw_sales → top_customers; top_customers matches an independent computation', async () => {
  const storage = tempStorage('sales');
  const definitions = new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers], storageRoot: storage });
  const run = await withWorker(env, definitions, async () => {
    const handle = await startRun(env.client, definitions, {
      selection: '*',
      runName: 'sales',
      taskQueue: env.taskQueue,
      runConfig: { ops: { raw_sales: { config: { apiUrl: api.url } } } },
    });
    return { handle, result: await handle.result() };
  });
  const { result, handle } = run;
  expect(result.status).toBe('success');
  expect(result.steps.map((s) => [s.key, s.status])).toEqual([
    ['raw_sales', 'succeeded'],
    ['cleaned_sales', 'succeeded'],
    ['cleaned_sales:row_count', 'succeeded'],
    ['sales_by_customer', 'succeeded'],
    ['top_customers', 'succeeded'],
  ]);
  // The API failed its first request on purpose: raw_sales succeeded on its second attempt.
  const raw = result.steps[0];
  expect(raw.attempts).toBe(2);
  expect(raw.rows).toBe(3000);
  expect(result.steps[1].rows).toBe(api.sales.filter((s) => s.amount > 0).length);

  const top = pl.readParquet(path.join(storage, 'top_customers.parquet')).toRecords();
  const expected = expectedTopCustomers(api.sales);
  expect(top.map((r) => r.customer_id)).toEqual(expected.map((r) => r.customer_id));
  top.forEach((row, i) => {
    expect(row.amount as number).toBeCloseTo(expected[i].amount, 6);
    expect(Number(row.sales_count)).toBe(expected[i].sales_count);
  });
  const cleaned = pl.readParquet(path.join(storage, 'cleaned_sales.parquet'));
  expect(String(cleaned.getColumn('sale_date').dtype)).toMatch(/Date/);

  // Exactly one output per asset, no temp files left behind.
  expect(fs.readdirSync(storage).filter((f) => !/^\.catalog\.sqlite-(wal|shm)$/.test(f)).sort()).toEqual(['.catalog.sqlite', 'cleaned_sales.parquet', 'raw_sales.parquet', 'sales_by_customer.parquet', 'top_customers.parquet']);
  // One catalog record per stored output, naming the run.
  const record = await definitions.catalog.latest('top_customers');
  expect(record).toMatchObject({ assetKey: 'top_customers', runId: result.runId, workflowId: handle.workflowId, rows: 10, attempt: 1 });
  expect(await definitions.catalog.history('raw_sales')).toHaveLength(1);

  // In Temporal Web the run explains itself: id, summary, search attributes, activity summaries.
  expect(handle.workflowId).toMatch(/^assetflow\/run\/sales\/\d{8}T\d{6}Z-[0-9a-f]{6}$/);
  const description = await handle.handle.describe();
  expect(description.typedSearchAttributes.get({ name: 'AssetflowAssets', type: 'KEYWORD_LIST' } as never)).toEqual(['raw_sales', 'cleaned_sales', 'sales_by_customer', 'top_customers']);
  const history = await handle.handle.fetchHistory();
  const summaries = (history.events ?? [])
    .filter((e) => e.activityTaskScheduledEventAttributes)
    .map((e) => Buffer.from(e.userMetadata?.summary?.data ?? new Uint8Array()).toString());
  // The row-count check runs as its own activity after cleaned_sales, before the steps that read it (it is blocking).
  expect(summaries).toEqual(['"materialize raw_sales"', '"materialize cleaned_sales"', '"check cleaned_sales:row_count"', '"materialize sales_by_customer"', '"materialize top_customers"']);
  expect(await definitions.catalog.latestCheckResults('cleaned_sales')).toEqual([
    expect.objectContaining({ checkName: 'row_count', passed: true, severity: 'error', metadata: { rows: result.steps[1].rows }, runId: result.runId, workflowId: handle.workflowId }),
  ]);
  const found = await env.client.workflow.count(`AssetflowJob = "sales" AND WorkflowId = "${handle.workflowId}"`);
  expect(found.count).toBe(1);
});

/**
 * The guide's "Dagster Testing" examples, ported to assetflow/testing over the sales
 * example's own assets. No Temporal server is involved.
 */
import fs from 'node:fs';
import pl from 'nodejs-polars';
import { Definitions } from 'assetflow';
import { buildAssetContext, executeInProcess, invokeAsset, materializeToMemory } from 'assetflow/testing';
import { cleanedSales, rawSales, salesByCustomer, topCustomers } from '../examples/sales/assets';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { tempStorage } from './support/temporal';

let api: SalesApi;
beforeAll(async () => {
  api = await startSalesApi({ rows: 500, seed: 3 });
});
afterAll(() => api?.close());
afterEach(() => jest.restoreAllMocks());

const runConfigFor = (apiUrl: string) => ({ ops: { raw_sales: { config: { apiUrl } } } });

test('test_transform_sales: a negative amount is removed and dates are parsed', async () => {
  const testFrame = pl.DataFrame({
    sale_id: [1, 2, 3],
    customer_id: [1, 2, 3],
    sale_date: ['2025-01-27', '2025-01-27', '2025-01-27'],
    amount: [100, -50, 200], // one negative amount
  });
  const result = await invokeAsset(cleanedSales, { context: buildAssetContext({ step: cleanedSales }), inputs: { rawSales: testFrame } });
  expect(result.height).toBe(2); // negative amount removed
  expect(result.getColumn('amount').min()).toBeGreaterThan(0); // all positive
  expect(result.getColumn('sale_date').dtype.equals(pl.Date)).toBe(true); // date converted
  expect(result.getColumn('sale_id').toArray()).toEqual([1, 3]);
});

test('test_extract_sales: the HTTP call is replaced and the frame comes from its answer', async () => {
  const fetchMock = jest.spyOn(globalThis, 'fetch').mockResolvedValue(
    new Response(JSON.stringify([{ sale_id: 1, amount: 100 }, { sale_id: 2, amount: 200 }]), { status: 200, headers: { 'content-type': 'application/json' } }),
  );
  const context = buildAssetContext({ step: rawSales, config: { apiUrl: 'https://api.example.com/sales' } });
  const result = await invokeAsset(rawSales, { context });
  expect(result.height).toBe(2);
  expect(result.getColumn('amount').sum()).toBe(300);
  expect(fetchMock).toHaveBeenCalledTimes(1);
  expect(String(fetchMock.mock.calls[0][0])).toBe('https://api.example.com/sales');
  // The config went through raw_sales' zod schema (its default applied) and the compute's metadata was captured.
  expect(context.config.timeoutSeconds).toBe(30);
  expect(context.outputMetadata).toEqual({ source: 'https://api.example.com/sales' });
});

test('test_assets: raw_sales and cleaned_sales materialize to memory', async () => {
  const result = await materializeToMemory([rawSales, cleanedSales], { runConfig: runConfigFor(api.url) });
  expect(result.success).toBe(true);
  const cleaned = result.outputFor('cleaned_sales') as pl.DataFrame;
  expect(cleaned).not.toBeUndefined();
  expect(cleaned.height).toBe(api.sales.filter((s) => s.amount > 0).length);
  expect((result.outputFor('raw_sales') as pl.DataFrame).height).toBe(500);
  // The API fails its first request: raw_sales was retried by its policy, as in a real run.
  expect(result.steps.map((s) => [s.key, s.status, s.attempts])).toEqual([
    ['raw_sales', 'succeeded', 2],
    ['cleaned_sales', 'succeeded', 1],
    ['cleaned_sales:row_count', 'succeeded', 1],
  ]);
  expect(result.steps[1]).toMatchObject({ rows: cleaned.height, location: 'memory://cleaned_sales' });
});

test('test_daily_sales_etl: a job executed in process with a step selection', async () => {
  const storage = tempStorage('in-process');
  const definitions = new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers], storageRoot: storage });
  const result = await executeInProcess(definitions, { opSelection: ['raw_sales', 'cleaned_sales'], runConfig: runConfigFor(api.url) });
  expect(result.success).toBe(true);
  expect(result.steps.map((s) => s.key)).toEqual(['raw_sales', 'cleaned_sales', 'cleaned_sales:row_count']);
  expect(() => result.outputFor('top_customers')).toThrow(/'top_customers' is not a step of this run/);
  // Outputs stayed in memory: nothing reached the Definitions' storage, catalog included.
  expect(fs.readdirSync(storage)).toEqual([]);
});

test('test_daily_sales_etl: the op job executed in process with an op selection (no warehouse needed)', async () => {
  const { dailySalesEtl } = await import('../examples/sales/jobs');
  const { extractSales, transformSales, loadToWarehouse } = await import('../examples/sales/ops');
  const { Definitions, env } = await import('assetflow');
  const { postgresResource } = await import('assetflow/postgres');
  const definitions = new Definitions({
    jobs: [dailySalesEtl],
    resources: { warehouse: postgresResource({ connectionString: env('ASSETFLOW_TEST_NO_SUCH_WAREHOUSE') }) },
    storageRoot: tempStorage('guide-etl'),
  });
  expect([extractSales.name, transformSales.name, loadToWarehouse.name]).toEqual(['extract_sales', 'transform_sales', 'load_to_warehouse']);
  const result = await executeInProcess(definitions, {
    job: 'daily_sales_etl',
    opSelection: ['extract_sales', 'transform_sales'],
    runConfig: { ops: { extract_sales: { config: { apiUrl: api.url } } } },
  });
  expect(result.errors).toEqual([]);
  expect(result.success).toBe(true);
  expect(result.steps.map((s) => s.key)).toEqual(['extract_sales', 'transform_sales']);
  const transformed = result.outputFor('transform_sales') as pl.DataFrame;
  expect(transformed.height).toBe(api.sales.filter((s) => s.amount > 0).length);
  expect(String(transformed.getColumn('sale_date').dtype)).toMatch(/Date/);
});

test("daily_sales invoked for one partition fetches that day and sees the day's time window", async () => {
  const { dailySales } = await import('../examples/daily-sales/assets');
  const dayApi = await startSalesApi({ rows: 500, seed: 5, failFirst: 0 });
  try {
    const context = buildAssetContext({ step: dailySales, config: { apiUrl: dayApi.url }, partitionKey: '2026-11-05' });
    const frame = await invokeAsset(dailySales, { context });
    const expected = dayApi.sales.filter((s) => s.sale_date === '2026-11-05');
    expect(expected.length).toBeGreaterThan(0);
    expect(frame.columns).toEqual(['sale_id', 'customer_id', 'sale_date', 'amount']);
    expect(frame.getColumn('sale_id').toArray()).toEqual(expected.map((s) => s.sale_id));
    expect(new Set(frame.getColumn('sale_date').toArray())).toEqual(new Set(['2026-11-05']));
    expect(context.partitionTimeWindow).toEqual({ start: new Date('2026-11-05T00:00:00Z'), end: new Date('2026-11-06T00:00:00Z') });
    expect(context.outputMetadata).toEqual({ windowStart: '2026-11-05T00:00:00.000Z', windowEnd: '2026-11-06T00:00:00.000Z' });
    // Straight through invokeAsset too; a day outside November's partitions is refused before any request.
    expect((await invokeAsset(dailySales, { config: { apiUrl: dayApi.url }, partitionKey: '2026-11-05' })).height).toBe(expected.length);
    const served = dayApi.requests();
    await expect(invokeAsset(dailySales, { config: { apiUrl: dayApi.url }, partitionKey: '2026-10-31' })).rejects.toThrow(/^asset 'daily_sales': partition '2026-10-31' is outside daily from 2026-11-01/);
    expect(dayApi.requests()).toBe(served);
  } finally {
    await dayApi.close();
  }
});

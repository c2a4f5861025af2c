/**
 * The silent truncation: when the first 50 amounts the sales API answers are whole
 * numbers, a schema inferred from the first rows makes `amount` Int64 and reads every later
 * 2.75 as 2. Every reader of the sales API (the guide's pipeline, the README's snippet, the op
 * job's extract, the daily-sales asset, dropped JSON and CSV files) declares its types instead:
 * totals match, exactly, a computation that never goes through polars.
 */
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import { invokeAsset, materializeToMemory } from 'assetflow/testing';
import { dailySales } from '../examples/daily-sales/assets';
import * as readme from '../examples/readme/defining-assets';
import { cleanedSales, ingestedFile, rawSales, salesByCustomer, topCustomers } from '../examples/sales/assets';
import { extractSales } from '../examples/sales/ops';
import { startSalesApi, type Sale, type SalesApi } from '../examples/sales/sales-api';
import { tempStorage } from './support/temporal';

/** 200 sales: the first 50 amounts whole, then quarters and halves (2.75, 0.5, …), some zero or negative. */
function whole50ThenDecimals(): Sale[] {
  const decimals = [2.75, 0.5, 13.25, 0.75, 101.5, -3.5, 0];
  return Array.from({ length: 200 }, (_, i) => ({
    sale_id: i + 1,
    customer_id: `C${String((i % 12) + 1).padStart(3, '0')}`,
    sale_date: `2026-11-${String((i % 3) + 1).padStart(2, '0')}`,
    amount: i < 50 ? (i % 9) * 10 - 10 : decimals[i % decimals.length], // whole numbers first (including 0 and -10)
  }));
}

/** Per customer: total amount and number of sales with a positive amount, computed in plain JS. */
function expectedByCustomer(sales: readonly Sale[]): { customer_id: string; amount: number; sales_count: number }[] {
  const totals = new Map<string, { amount: number; count: number }>();
  for (const s of sales) {
    if (!(s.amount > 0)) continue;
    const t = totals.get(s.customer_id) ?? { amount: 0, count: 0 };
    t.amount += s.amount; // multiples of 0.25 below 2^50: every sum is exact, in any order
    t.count += 1;
    totals.set(s.customer_id, t);
  }
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([customer_id, t]) => ({ customer_id, amount: t.amount, sales_count: t.count }));
}

const sales = whole50ThenDecimals();
let api: SalesApi;
beforeAll(async () => {
  api = await startSalesApi({ sales, failFirst: 0 });
});
afterAll(() => api?.close());
const runConfig = () => ({ ops: { raw_sales: { config: { apiUrl: api.url } } } });

test('the data has what it takes to expose inference: 50 whole amounts first, decimals after', () => {
  expect(sales.slice(0, 50).every((s) => Number.isInteger(s.amount))).toBe(true);
  expect(sales.slice(50).map((s) => s.amount)).toEqual(expect.arrayContaining([2.75, 0.5]));
  // What inference from the first 50 rows does to it (the bug, shown on polars itself).
  const inferred = pl.readJSON(Buffer.from(JSON.stringify(sales)), { format: 'json' });
  expect(inferred.getColumn('amount').dtype.equals(pl.Float64)).toBe(false);
});

test("the guide's pipeline: amount is Float64 and every customer's total and count match exactly", async () => {
  const result = await materializeToMemory([rawSales, cleanedSales, salesByCustomer, topCustomers], { runConfig: runConfig() });
  expect(result.success).toBe(true);
  const raw = result.outputFor('raw_sales') as pl.DataFrame;
  expect(Object.fromEntries(raw.getColumns().map((c) => [c.name, c.dtype.variant]))).toEqual({
    sale_id: 'Int64',
    customer_id: 'String',
    sale_date: 'String',
    amount: 'Float64',
  });
  expect(raw.getColumn('amount').toArray()).toEqual(sales.map((s) => s.amount));
  const expected = expectedByCustomer(sales);
  expect((result.outputFor('sales_by_customer') as pl.DataFrame).toRecords()).toEqual(expected);
  const top = [...expected].sort((a, b) => b.amount - a.amount || a.customer_id.localeCompare(b.customer_id)).slice(0, 10);
  expect((result.outputFor('top_customers') as pl.DataFrame).toRecords()).toEqual(top);
});

test("the README's raw_sales snippet reads the same amounts", async () => {
  const result = await materializeToMemory([readme.rawSales, readme.cleanedSales], { runConfig: runConfig() });
  expect(result.success).toBe(true);
  const cleaned = result.outputFor('cleaned_sales') as pl.DataFrame;
  expect(cleaned.getColumn('amount').toArray()).toEqual(sales.filter((s) => s.amount > 0).map((s) => s.amount));
});

test("the op job's extract_sales and the daily-sales asset read the same amounts", async () => {
  const { executeInProcess } = await import('assetflow/testing');
  const { Definitions } = await import('assetflow');
  const { job } = await import('assetflow');
  const extractOnly = job({ name: 'extract_only', build: () => void extractSales() });
  const run = await executeInProcess(new Definitions({ jobs: [extractOnly] }), { job: 'extract_only', runConfig: { ops: { extract_sales: { config: { apiUrl: api.url } } } } });
  expect(run.success).toBe(true);
  expect((run.outputFor('extract_sales') as pl.DataFrame).getColumn('amount').toArray()).toEqual(sales.map((s) => s.amount));

  const day = await invokeAsset(dailySales, { partitionKey: '2026-11-02', config: { apiUrl: api.url } });
  expect(day.getColumn('amount').toArray()).toEqual(api.salesOn('2026-11-02').map((s) => s.amount));
});

test('a dropped JSON or CSV sales file is read with the same declared types', async () => {
  const dir = tempStorage('dropped-files');
  const json = path.join(dir, 'sales.json');
  const csv = path.join(dir, 'sales.csv');
  fs.writeFileSync(json, JSON.stringify(sales));
  fs.writeFileSync(csv, ['sale_id,customer_id,sale_date,amount', ...sales.map((s) => `${s.sale_id},${s.customer_id},${s.sale_date},${s.amount}`)].join('\n'));
  for (const file of [json, csv]) {
    const frame = await invokeAsset(ingestedFile, { config: { path: file } });
    expect(frame.getColumn('amount').dtype.variant).toBe('Float64');
    expect(frame.getColumn('amount').sum()).toBe(sales.reduce((sum, s) => sum + s.amount, 0));
  }
});

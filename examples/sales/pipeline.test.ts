import pl from 'nodejs-polars';
import { buildAssetContext, executeInProcess, invokeAsset, materializeToMemory } from 'assetflow/testing';
import { cleanedSales, rawSales } from './assets';
import definitions from './definitions';
import { startSalesApi, type SalesApi } from './sales-api';

let api: SalesApi; // the example's sales API on a free local port: no real URL is called
beforeAll(async () => {
  api = await startSalesApi({ rows: 200, failFirst: 0 });
});
afterAll(() => api.close());
afterEach(() => jest.restoreAllMocks());
const runConfig = () => ({ ops: { raw_sales: { config: { apiUrl: api.url } } } });

test('transform drops negative amounts and parses dates', async () => {
  const raw = pl.DataFrame({ sale_id: [1, 2, 3], sale_date: ['2025-01-27', '2025-01-27', '2025-01-27'], amount: [100, -50, 200] });
  const result = await invokeAsset(cleanedSales, { inputs: { rawSales: raw } }); // calls the compute directly
  expect(result.height).toBe(2);
  expect(result.getColumn('sale_date').dtype.equals(pl.Date)).toBe(true);
});

test('extract, with the HTTP call replaced', async () => {
  jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify([{ sale_id: 1, customer_id: 'C001', sale_date: '2025-01-27', amount: 100 }])));
  const context = buildAssetContext({ step: rawSales, config: { apiUrl: 'https://api.example.com/sales' } });
  expect((await invokeAsset(rawSales, { context })).height).toBe(1);
  expect(context.outputMetadata).toEqual({ source: 'https://api.example.com/sales' });
});

test('assets materialize to memory', async () => {
  const result = await materializeToMemory([rawSales, cleanedSales], { runConfig: runConfig() });
  expect(result.success).toBe(true);
  expect((result.outputFor('cleaned_sales') as pl.DataFrame).height).toBe(api.sales.filter((s) => s.amount > 0).length);
});

test('part of a code location, in process', async () => {
  const result = await executeInProcess(definitions, { opSelection: ['raw_sales', 'cleaned_sales'], runConfig: runConfig() });
  expect(result.steps.map((s) => [s.key, s.status])).toEqual([
    ['raw_sales', 'succeeded'],
    ['cleaned_sales', 'succeeded'],
    ['cleaned_sales:row_count', 'succeeded'],
  ]);
});

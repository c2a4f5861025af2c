/**
 * The sales pipeline of examples/sales for the data-path benchmark: `raw_sales` reads the
 * generated Parquet file (config `path`) instead of calling the sales API; the other three
 * compute what the example computes (bench/sales/steps.ts, shared with the polars baseline).
 * Loaded by a worker child process: `assetflow worker --defs bench/sales/definitions.ts`.
 */
import { z } from 'zod';
import { asset, Definitions } from 'assetflow';
import * as steps from './steps';

export const rawSales = asset({
  key: 'raw_sales',
  group: 'sales',
  description: 'Raw sales read from the generated Parquet input.',
  config: z.object({ path: z.string().min(1) }),
  compute: ({ config }) => steps.readRawSales(config.path),
});

export const cleanedSales = asset({ key: 'cleaned_sales', group: 'sales', ins: { rawSales }, compute: ({ rawSales }) => steps.cleanSales(rawSales) });

export const salesByCustomer = asset({ key: 'sales_by_customer', group: 'sales', ins: { cleanedSales }, compute: ({ cleanedSales }) => steps.salesByCustomer(cleanedSales) });

export const topCustomers = asset({ key: 'top_customers', group: 'sales', ins: { salesByCustomer }, compute: ({ salesByCustomer }) => steps.topCustomers(salesByCustomer) });

export default new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers] });

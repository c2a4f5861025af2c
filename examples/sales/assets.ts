import fs from 'node:fs';
import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset } from 'assetflow';
import { fetchSales, SALES_SCHEMA, salesApiConfig, salesFrame } from './fetch-sales';

/** Raw sales fetched from the sales API (the guide's `raw_sales`). */
export const rawSales = asset({
  key: 'raw_sales',
  group: 'sales',
  description: 'Raw sales data fetched from the sales API.',
  config: salesApiConfig,
  retry: { maxAttempts: 4, initialIntervalSeconds: 1 },
  async compute({ config, context }) {
    const df = await fetchSales(config.apiUrl, config.timeoutSeconds, context.signal);
    context.addOutputMetadata({ source: config.apiUrl });
    return df;
  },
});

/** Sales with `sale_date` parsed and non-positive amounts dropped. */
export const cleanedSales = asset({
  key: 'cleaned_sales',
  group: 'sales',
  ins: { rawSales },
  compute: ({ rawSales }) =>
    rawSales.withColumns(pl.col('sale_date').str.strptime(pl.Date, '%Y-%m-%d')).filter(pl.col('amount').gt(0)),
  // An asset check, run as its own step after cleaned_sales: no aggregate is computed from an empty table.
  checks: [
    {
      name: 'row_count',
      blocking: true,
      description: 'cleaned_sales has at least one row',
      compute: ({ value }) => ({ passed: value.height > 0, metadata: { rows: value.height } }),
    },
  ],
});

/** Revenue and number of sales per customer. */
export const salesByCustomer = asset({
  key: 'sales_by_customer',
  group: 'sales',
  ins: { cleanedSales },
  compute: ({ cleanedSales }) =>
    cleanedSales
      .groupBy('customer_id')
      .agg(pl.col('amount').sum().alias('amount'), pl.col('sale_id').count().alias('sales_count'))
      .sort('customer_id'),
});

/** The 10 customers with the largest revenue. */
export const topCustomers = asset({
  key: 'top_customers',
  group: 'sales',
  ins: { salesByCustomer },
  compute: ({ salesByCustomer }) => salesByCustomer.sort(['amount', 'customer_id'], [true, false]).head(10),
});

/**
 * One dropped sales file (CSV or JSON, the sales API's columns), as a table: what the file-drop
 * sensor's runs materialize, one run per new file.
 */
export const ingestedFile = asset({
  key: 'ingested_file',
  group: 'files',
  description: 'A sales file dropped into the incoming directory, read as a table.',
  config: z.object({ path: z.string().min(1) }),
  compute({ config, context }) {
    // The sales columns with their declared types, never inferred from the first rows.
    const df = config.path.toLowerCase().endsWith('.json')
      ? salesFrame(JSON.parse(fs.readFileSync(config.path, 'utf8')), config.path)
      : pl.readCSV(config.path, { dtypes: SALES_SCHEMA });
    context.addOutputMetadata({ source: config.path });
    return df;
  },
});

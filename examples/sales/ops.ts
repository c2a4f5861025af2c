/**
 * The guide's op-based ETL: extract_sales → transform_sales → load_to_warehouse, each op one
 * Temporal activity, outputs passed between them as Parquet files of the run.
 */
import pl, { type DataFrame } from 'nodejs-polars';
import { z } from 'zod';
import { input, op, resourceParam } from 'assetflow';
import type { PostgresWarehouse } from 'assetflow/postgres';
import { fetchSales, salesApiConfig } from './fetch-sales';

/** Sales from the sales API. */
export const extractSales = op({
  name: 'extract_sales',
  description: 'Extract sales data from source.',
  config: salesApiConfig,
  retry: { maxAttempts: 4, initialIntervalSeconds: 1 },
  async compute({ config, context }) {
    const df = await fetchSales(config.apiUrl, config.timeoutSeconds, context.signal);
    context.addOutputMetadata({ source: config.apiUrl });
    return df;
  },
});

/** Parses `sale_date` and drops non-positive amounts. */
export const transformSales = op({
  name: 'transform_sales',
  description: 'Transform sales data.',
  ins: { salesDf: input<DataFrame>('raw sales') },
  compute: ({ salesDf }) =>
    salesDf.withColumns(pl.col('sale_date').str.strptime(pl.Date, '%Y-%m-%d')).filter(pl.col('amount').gt(0)),
});

/** Upserts the sales into the warehouse table by `sale_id`: a re-run leaves one row per sale. */
export const loadToWarehouse = op({
  name: 'load_to_warehouse',
  description: 'Load sales data to warehouse.',
  ins: { salesDf: input<DataFrame>('transformed sales') },
  config: z.object({
    table: z.string().default('sales'),
    schema: z.string().optional(),
  }),
  resources: { warehouse: resourceParam<PostgresWarehouse>() },
  async compute({ salesDf, config, context }) {
    const { rows } = await context.resources.warehouse.upsert({ table: config.table, schema: config.schema, rows: salesDf, key: ['sale_id'] });
    context.addOutputMetadata({ rows, table: config.schema ? `${config.schema}.${config.table}` : config.table });
  },
});

/**
 * The sales pipeline's computations (as in examples/sales/assets.ts), shared by the assetflow
 * benchmark pipeline and the plain nodejs-polars baseline, so both sides compute the same thing.
 */
import pl from 'nodejs-polars';

export const readRawSales = (file: string) => pl.readParquet(file);

export const cleanSales = (raw: pl.DataFrame) =>
  raw.withColumns(pl.col('sale_date').str.strptime(pl.Date, '%Y-%m-%d')).filter(pl.col('amount').gt(0));

export const salesByCustomer = (cleaned: pl.DataFrame) =>
  cleaned
    .groupBy('customer_id')
    .agg(pl.col('amount').sum().alias('amount'), pl.col('sale_id').count().alias('sales_count'))
    .sort('customer_id');

export const topCustomers = (byCustomer: pl.DataFrame) => byCustomer.sort(['amount', 'customer_id'], [true, false]).head(10);

import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset, dailyPartitions } from 'assetflow';

/** One partition per day of November 2026 (the days the sales API has data for). */
export const novemberDays = dailyPartitions({ start: '2026-11-01' });

/** One day of sales, fetched from the sales API (`?date=<partition>`). */
export const dailySales = asset({
  key: 'daily_sales',
  group: 'daily_sales',
  partitions: novemberDays,
  config: z.object({ apiUrl: z.string().url().default(process.env.SALES_API_URL ?? 'http://127.0.0.1:8123/sales') }),
  retry: { maxAttempts: 4, initialIntervalSeconds: 1 },
  async compute({ config, context }) {
    const day = context.partitionKey!;
    const response = await fetch(`${config.apiUrl}?date=${day}`, { signal: context.signal });
    if (!response.ok) throw new Error(`sales API answered ${response.status} for ${day}`);
    const window = context.partitionTimeWindow!;
    context.addOutputMetadata({ windowStart: window.start.toISOString(), windowEnd: window.end.toISOString() });
    const sales = (await response.json()) as Array<{ sale_id: number; customer_id: string; sale_date: string; amount: number }>;
    // Columns, not row objects: cheaper across the JS↔Rust boundary, and typed even for an empty day.
    return pl.DataFrame({
      sale_id: pl.Series('sale_id', sales.map((s) => s.sale_id), pl.Int64),
      customer_id: pl.Series('customer_id', sales.map((s) => s.customer_id), pl.Utf8),
      sale_date: pl.Series('sale_date', sales.map((s) => s.sale_date), pl.Utf8),
      amount: pl.Series('amount', sales.map((s) => s.amount), pl.Float64),
    });
  },
});

/** The day's sales with non-positive amounts dropped: partition to partition. */
export const dailyCleanedSales = asset({
  key: 'daily_cleaned_sales',
  group: 'daily_sales',
  partitions: novemberDays,
  ins: { dailySales },
  compute: ({ dailySales }) => dailySales.filter(pl.col('amount').gt(0)),
});

/** Revenue per day over every materialized day: an unpartitioned asset reads all partitions, concatenated. */
export const revenueByDay = asset({
  key: 'revenue_by_day',
  group: 'daily_sales',
  ins: { dailyCleanedSales },
  compute: ({ dailyCleanedSales }) =>
    dailyCleanedSales.groupBy('sale_date').agg(pl.col('amount').sum().alias('revenue'), pl.col('sale_id').count().alias('sales')).sort('sale_date'),
});

import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset, dailyPartitions } from 'assetflow';
import { salesFrame } from '../sales/fetch-sales';
import { salesApiUrl } from '../sales/sales-api';

/** One partition per day of November 2026 (the days the sales API has data for). */
export const novemberDays = dailyPartitions({ start: '2026-11-01' });

/** One day of sales, fetched from the sales API (`?date=<partition>`). */
export const dailySales = asset({
  key: 'daily_sales',
  group: 'daily_sales',
  partitions: novemberDays,
  config: z.object({ apiUrl: z.string().url().default(salesApiUrl()) }),
  retry: { maxAttempts: 4, initialIntervalSeconds: 1 },
  async compute({ config, context }) {
    const day = context.partitionKey!;
    const response = await fetch(`${config.apiUrl}?date=${day}`, { signal: context.signal });
    if (!response.ok) throw new Error(`sales API answered ${response.status} for ${day}`);
    const window = context.partitionTimeWindow!;
    context.addOutputMetadata({ windowStart: window.start.toISOString(), windowEnd: window.end.toISOString() });
    // Typed columns (amount Float64 whatever the first rows hold), typed even for an empty day.
    return salesFrame(await response.json(), `the sales API's answer for ${day}`);
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

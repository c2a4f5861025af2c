import { Definitions, schedule } from 'assetflow';
import { dailyCleanedSales, dailySales, revenueByDay } from './assets';

/**
 * The daily sales example: `assetflow backfill start --defs examples/daily-sales/definitions.ts
 * --select 'daily_sales+' --from 2026-11-01 --to 2026-11-30` (with the sales API on SALES_API_URL).
 */
export const dailyPartitionSchedule = schedule({
  name: 'daily_sales_partition',
  cron: '@daily',
  selection: 'daily_sales+',
  description: "Materializes the previous day's partition of daily_sales and its downstream",
});

export default new Definitions({ assets: [dailySales, dailyCleanedSales, revenueByDay], schedules: [dailyPartitionSchedule] });

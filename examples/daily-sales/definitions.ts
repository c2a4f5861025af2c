import { Definitions } from 'assetflow';
import { dailyCleanedSales, dailySales, revenueByDay } from './assets';

/**
 * The daily sales example: `assetflow backfill start --defs examples/daily-sales/definitions.ts
 * --select 'daily_sales+' --from 2026-11-01 --to 2026-11-30` (with the sales API on SALES_API_URL).
 */
export default new Definitions({ assets: [dailySales, dailyCleanedSales, revenueByDay] });

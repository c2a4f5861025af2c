import { schedule } from 'assetflow';

/**
 * Where the scheduled runs fetch sales from. Read when a run is planned, not when the code is
 * deployed: deploying never needs the API. `npx tsx examples/sales/serve-api.ts` serves it.
 */
export const DEFAULT_SALES_API_URL = 'http://127.0.0.1:8080/sales';

/** The guide's `daily_sales_schedule`: the sales assets every day at midnight UTC, for that day's sales. */
export const dailySalesSchedule = schedule({
  name: 'daily_sales_schedule',
  cron: '0 0 * * *',
  timezone: 'UTC',
  selection: 'group:sales',
  description: 'Schedule for daily sales ETL. Runs every day at midnight UTC.',
  runConfig: ({ scheduledExecutionTime }) => {
    const url = new URL(process.env.SALES_API_URL ?? DEFAULT_SALES_API_URL);
    url.searchParams.set('date', scheduledExecutionTime.toISOString().slice(0, 10));
    return { ops: { raw_sales: { config: { apiUrl: url.toString() } } } };
  },
});

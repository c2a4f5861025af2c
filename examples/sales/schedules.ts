import { schedule } from 'assetflow';
import { salesApiUrl } from './sales-api';

/** The guide's `daily_sales_schedule`: the sales assets every day at midnight UTC, for that day's sales. */
export const dailySalesSchedule = schedule({
  name: 'daily_sales_schedule',
  cron: '0 0 * * *',
  timezone: 'UTC',
  selection: 'group:sales',
  description: 'Schedule for daily sales ETL. Runs every day at midnight UTC.',
  // SALES_API_URL is read when a run is planned, not when the code is deployed: deploying never
  // needs the API. `npm run sales-api` serves it, for any day.
  runConfig: ({ scheduledExecutionTime }) => {
    const url = new URL(salesApiUrl());
    url.searchParams.set('date', scheduledExecutionTime.toISOString().slice(0, 10));
    return { ops: { raw_sales: { config: { apiUrl: url.toString() } } } };
  },
});

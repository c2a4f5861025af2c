/**
 * Serves the example sales API on SALES_API_URL's port (default 8080) for scheduled runs:
 * `npx tsx examples/sales/serve-api.ts`. Ctrl-C to stop.
 */
import { DEFAULT_SALES_API_URL } from './schedules';
import { startSalesApi } from './sales-api';

async function main() {
  const port = Number(process.env.PORT ?? (new URL(process.env.SALES_API_URL ?? DEFAULT_SALES_API_URL).port || 80));
  const api = await startSalesApi({ port, failFirst: 0 });
  console.log(`Sales API serving ${api.sales.length} sales at ${api.url} (GET /sales?date=YYYY-MM-DD for one day). Ctrl-C to stop.`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

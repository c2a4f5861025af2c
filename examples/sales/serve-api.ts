/**
 * `npm run sales-api`: serves the example sales API on SALES_API_URL's port (default 8080, the
 * address every example uses) for scheduled runs and the op job. Ctrl-C to stop.
 */
import { salesApiUrl, startSalesApi } from './sales-api';

async function main() {
  const port = Number(process.env.PORT ?? (new URL(salesApiUrl()).port || 80));
  const api = await startSalesApi({ port, failFirst: 0 });
  console.log(`Sales API serving ${api.sales.length} sales at ${api.url} (GET /sales?date=YYYY-MM-DD for any day). Ctrl-C to stop.`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

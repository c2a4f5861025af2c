/**
 * `npm run sales-api`: serves the example's sales API on 127.0.0.1:8080 (PORT to change it) for
 * the CLI examples in the README. Ctrl-C to stop.
 */
import { startSalesApi } from './sales-api';

startSalesApi({ port: Number(process.env.PORT ?? 8080), failFirst: 0 }).then(
  (api) => console.log(`Sales API serving ${api.sales.length} sales at ${api.url}`),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

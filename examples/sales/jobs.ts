import { defineAssetJob, job } from 'assetflow';
import { extractSales, loadToWarehouse, transformSales } from './ops';

/** The guide's `daily_sales_etl` job: its build wires each op's output into the next op. */
export const dailySalesEtl = job({
  name: 'daily_sales_etl',
  description: 'Daily sales ETL job.',
  build: () => {
    const salesData = extractSales();
    const transformedData = transformSales({ salesDf: salesData });
    loadToWarehouse({ salesDf: transformedData });
  },
});

/** Where the example's jobs find the sales API by default (`npm run sales-api` serves it there). */
export const DEFAULT_SALES_API_URL = process.env.SALES_API_URL ?? 'http://127.0.0.1:8080/sales';

/** The guide's `sales_job`: every asset of the `sales` group, with default config. */
export const salesJob = defineAssetJob({
  name: 'sales_job',
  selection: 'group:sales',
  config: { ops: { raw_sales: { config: { apiUrl: DEFAULT_SALES_API_URL } } } },
});

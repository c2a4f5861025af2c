import { defineAssetJob, job } from 'assetflow';
import { extractSales, loadToWarehouse, transformSales } from './ops';
import { salesApiUrl } from './sales-api';

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

/** The guide's `sales_job`: every asset of the `sales` group, with default config (the sales API of `npm run sales-api`, or SALES_API_URL). */
export const salesJob = defineAssetJob({
  name: 'sales_job',
  selection: 'group:sales',
  config: { ops: { raw_sales: { config: { apiUrl: salesApiUrl() } } } },
});

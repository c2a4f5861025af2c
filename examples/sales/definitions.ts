import { Definitions, env, postgresResource } from 'assetflow';
import { cleanedSales, rawSales, salesByCustomer, topCustomers } from './assets';
import { dailySalesSchedule } from './schedules';
import { dailySalesEtl, salesJob } from './jobs';

/** The sales example's code location: what `assetflow dev` and `npm start` load. */
export default new Definitions({
  assets: [rawSales, cleanedSales, salesByCustomer, topCustomers],
  schedules: [dailySalesSchedule],
  jobs: [dailySalesEtl, salesJob],
  // Built in the worker only when load_to_warehouse runs: `npm start` needs no PostgreSQL.
  resources: { warehouse: postgresResource({ connectionString: env('WAREHOUSE_URL') }) },
});

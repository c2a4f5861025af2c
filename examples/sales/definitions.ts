import { Definitions, env } from 'assetflow';
import { postgresResource } from 'assetflow/postgres';
import { cleanedSales, ingestedFile, rawSales, salesByCustomer, topCustomers } from './assets';
import { dailySalesEtl, salesJob } from './jobs';
import { dailySalesSchedule } from './schedules';
import { cleanedSalesSensor, fileDropSensor } from './sensors';

/** The sales example's code location: what `assetflow dev` and `npm start` load. */
export default new Definitions({
  assets: [rawSales, cleanedSales, salesByCustomer, topCustomers, ingestedFile],
  jobs: [dailySalesEtl, salesJob],
  schedules: [dailySalesSchedule],
  sensors: [fileDropSensor(), cleanedSalesSensor()],
  // Built in the worker only when load_to_warehouse runs: `npm start` needs no PostgreSQL.
  resources: { warehouse: postgresResource({ connectionString: env('WAREHOUSE_URL') }) },
});

import { Definitions } from 'assetflow';
import { cleanedSales, rawSales, salesByCustomer, topCustomers } from './assets';
import { dailySalesSchedule } from './schedules';

/** The sales example's code location: what `assetflow dev` and `npm start` load. */
export default new Definitions({
  assets: [rawSales, cleanedSales, salesByCustomer, topCustomers],
  schedules: [dailySalesSchedule],
});

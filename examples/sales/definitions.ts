import { Definitions } from 'assetflow';
import { cleanedSales, ingestedFile, rawSales, salesByCustomer, topCustomers } from './assets';
import { cleanedSalesSensor, fileDropSensor } from './sensors';

/** The sales example's code location: what `assetflow dev` and `npm start` load. */
export default new Definitions({
  assets: [rawSales, cleanedSales, salesByCustomer, topCustomers, ingestedFile],
  sensors: [fileDropSensor(), cleanedSalesSensor()],
});

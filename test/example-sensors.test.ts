/**
 * The sales example's two sensors on the real dev server: the file-drop sensor ingests each new
 * file once; the asset sensor refreshes sales_by_customer+ when cleaned_sales is materialized.
 */
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import { Definitions } from '../planning/definitions';
import { deploySensors } from '../client/deploy-sensors';
import { runResultOf, startRun } from '../client/runs';
import { cleanedSales, ingestedFile, rawSales, salesByCustomer, topCustomers } from '../examples/sales/assets';
import exampleDefinitions from '../examples/sales/definitions';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { cleanedSalesSensor, fileDropSensor } from '../examples/sales/sensors';
import { sensorRunWorkflowId } from '../contract/ids';
import { stopSensors, uniqueSensorName, waitForSensor } from './support/sensors';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
let api: SalesApi;
beforeAll(async () => {
  env = await connectTestEnv();
  api = await startSalesApi({ rows: 500, seed: 3, failFirst: 0 });
});
afterAll(async () => {
  await api?.close();
  await env?.close();
});

test('the example defines its two sensors on top of the pipeline', () => {
  expect([...exampleDefinitions.sensors.keys()]).toEqual(['incoming_sales_files', 'cleaned_sales_sensor']);
  expect(exampleDefinitions.sensorsWatching('cleaned_sales')).toEqual(['cleaned_sales_sensor']);
});

test('the file-drop sensor starts one run per new file, with the file in the run config', async () => {
  const storage = tempStorage('file-drop');
  const dir = path.join(storage, 'incoming');
  fs.mkdirSync(dir);
  const name = uniqueSensorName('files');
  const definitions = new Definitions({
    assets: [rawSales, cleanedSales, salesByCustomer, topCustomers, ingestedFile],
    sensors: [fileDropSensor({ name, dir, minimumIntervalSeconds: 0.5 })],
    storageRoot: storage,
  });
  fs.writeFileSync(path.join(dir, '2026-11-01-sales.csv'), 'sale_id,customer_id,sale_date,amount\n1,C001,2026-11-01,10.5\n2,C002,2026-11-01,20\n');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a sales file');
  try {
    await withWorker(env, definitions, async () => {
      await deploySensors(env.client, definitions, { taskQueue: env.taskQueue });
      const first = await waitForSensor(env.client, name, (s) => s.cursor === '2026-11-01-sales.csv');
      expect(first.runsStarted).toBe(1);
      const firstRun = await runResultOf(env.client.workflow.getHandle(sensorRunWorkflowId(name, '2026-11-01-sales.csv')));
      expect(firstRun.steps).toMatchObject([{ key: 'ingested_file', status: 'succeeded', rows: 2 }]);

      fs.writeFileSync(path.join(dir, '2026-11-02-sales.json'), JSON.stringify([{ sale_id: 3, customer_id: 'C003', sale_date: '2026-11-02', amount: 7 }]));
      const second = await waitForSensor(env.client, name, (s) => s.cursor === '2026-11-02-sales.json');
      expect(second).toMatchObject({ runsStarted: 2, runsDeduped: 0 });
      const secondRun = await runResultOf(env.client.workflow.getHandle(sensorRunWorkflowId(name, '2026-11-02-sales.json')));
      expect(secondRun.steps).toMatchObject([{ key: 'ingested_file', status: 'succeeded', rows: 1 }]);
      const history = await definitions.catalog.history('ingested_file');
      expect(history.map((r) => r.metadata.source)).toEqual([path.join(dir, '2026-11-01-sales.csv'), path.join(dir, '2026-11-02-sales.json')]);
      expect(pl.readParquet(path.join(storage, 'ingested_file.parquet')).getColumn('customer_id').toArray()).toEqual(['C003']);
    });
  } finally {
    await stopSensors(env.client, [name]);
  }
});

test('the file-drop sensor creates its incoming directory, so there is somewhere to drop files', async () => {
  const storage = tempStorage('file-drop-dir');
  const dir = path.join(storage, 'not', 'there', 'yet');
  const name = uniqueSensorName('files-dir');
  const definitions = new Definitions({ assets: [ingestedFile], sensors: [fileDropSensor({ name, dir, minimumIntervalSeconds: 0.5 })], storageRoot: storage });
  try {
    await withWorker(env, definitions, async () => {
      await deploySensors(env.client, definitions, { taskQueue: env.taskQueue });
      const state = await waitForSensor(env.client, name, (s) => s.lastEvaluation !== undefined);
      expect(state.lastEvaluation).toMatchObject({ status: 'skipped', skipReason: `no new files in ${dir}` });
      expect(fs.statSync(dir).isDirectory()).toBe(true);
      // A file dropped there now is picked up by the next evaluation.
      fs.writeFileSync(path.join(dir, '2026-11-03.csv'), 'sale_id,customer_id,sale_date,amount\n1,C001,2026-11-03,2.75\n');
      await waitForSensor(env.client, name, (s) => s.cursor === '2026-11-03.csv');
      const run = await runResultOf(env.client.workflow.getHandle(sensorRunWorkflowId(name, '2026-11-03.csv')));
      expect(run.steps).toMatchObject([{ key: 'ingested_file', status: 'succeeded', rows: 1 }]);
    });
  } finally {
    await stopSensors(env.client, [name]);
  }
});

test('the asset sensor refreshes sales_by_customer+ after cleaned_sales is materialized', async () => {
  const storage = tempStorage('cleaned-sensor');
  const name = uniqueSensorName('cleaned');
  const definitions = new Definitions({
    assets: [rawSales, cleanedSales, salesByCustomer, topCustomers, ingestedFile],
    sensors: [cleanedSalesSensor({ name })],
    storageRoot: storage,
  });
  try {
    await withWorker(env, definitions, async () => {
      await deploySensors(env.client, definitions, { taskQueue: env.taskQueue });
      const upstream = await startRun(env.client, definitions, { selection: 'raw_sales+', runName: 'upstream', taskQueue: env.taskQueue, runConfig: { ops: { raw_sales: { config: { apiUrl: api.url } } } } });
      // raw_sales+ is raw_sales and cleaned_sales only (and cleaned_sales' check).
      const upstreamResult = await upstream.result();
      expect(upstreamResult.steps.map((s) => s.key)).toEqual(['raw_sales', 'cleaned_sales', 'cleaned_sales:row_count']);
      await waitForSensor(env.client, name, (s) => s.runsStarted === 1);
      const downstream = await runResultOf(env.client.workflow.getHandle(sensorRunWorkflowId(name, `cleaned_sales:${upstreamResult.runId}`)));
      expect(downstream.steps.map((s) => [s.key, s.status])).toEqual([['sales_by_customer', 'succeeded'], ['top_customers', 'succeeded']]);
      expect(downstream.steps[1].rows).toBe(10);
    });
  } finally {
    await stopSensors(env.client, [name]);
  }
});

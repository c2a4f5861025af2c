/**
 * The guide's op job and asset job on the real dev server, loading into the real local
 * PostgreSQL (a schema of its own, dropped after): daily_sales_etl loads the expected rows, a
 * second run leaves the same rows, the warehouse secret never reaches history, a hostile table
 * name is refused; sales_job materializes exactly the sales group.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { job } from '../assets/job';
import { input, op } from '../assets/op';
import { Definitions } from '../planning/definitions';
import { postgresResource } from '../postgres/resource';
import { defineResource, env as envVar, resourceParam } from '../assets/resources';
import type { RunWorkflowInput } from '../contract/run';
import { startRun } from '../client/runs';
import { cleanedSales, rawSales, salesByCustomer, topCustomers } from '../examples/sales/assets';
import { dailySalesEtl, salesJob } from '../examples/sales/jobs';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { createTestSchema, type TestSchema } from './support/postgres';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

// trust auth ignores the password: it stands for a secret that must never reach Temporal.
const SECRET = `s3cret-${Date.now().toString(36)}`;
const URL_VAR = 'ASSETFLOW_TEST_WAREHOUSE_URL';

let env: TestEnv;
let api: SalesApi;
let schema: TestSchema;
beforeAll(async () => {
  env = await connectTestEnv();
  api = await startSalesApi({ rows: 500, seed: 11, failFirst: 0 });
  schema = await createTestSchema('etl');
  process.env[URL_VAR] = `postgres://postgres:${SECRET}@127.0.0.1:5432/test`;
});
afterAll(async () => {
  await api?.close();
  await schema?.drop();
  await env?.close();
});

/** Every string and every byte field (payloads, decoded as UTF-8) of a workflow's history. */
async function historyText(handle: WorkflowHandle): Promise<string> {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('utf8'));
    else if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk(await handle.fetchHistory());
  return parts.join('\n');
}

test('daily_sales_etl: extract → transform → load into PostgreSQL; a second run leaves the same rows; no secret in history', async () => {
  const storage = tempStorage('etl');
  const definitions = new Definitions({
    jobs: [dailySalesEtl],
    resources: { warehouse: postgresResource({ connectionString: envVar(URL_VAR), schema: schema.name }) },
    storageRoot: storage,
  });
  const runConfig = { ops: { extract_sales: { config: { apiUrl: api.url } } } };
  const runs = await withWorker(env, definitions, async () => {
    const first = await startRun(env.client, definitions, { job: 'daily_sales_etl', runConfig, taskQueue: env.taskQueue });
    const firstResult = await first.result();
    const rowsAfterFirst = await schema.query(`SELECT sale_id::int AS sale_id, customer_id, sale_date::text AS sale_date, amount FROM ${schema.name}.sales ORDER BY sale_id`);
    const second = await startRun(env.client, definitions, { job: 'daily_sales_etl', runConfig, taskQueue: env.taskQueue });
    return { first, firstResult, rowsAfterFirst, secondResult: await second.result() };
  });
  await definitions.dispose();
  const { first, firstResult, rowsAfterFirst, secondResult } = runs;

  expect(firstResult.status).toBe('success');
  expect(firstResult.runName).toBe('daily_sales_etl');
  const positive = api.sales.filter((s) => s.amount > 0);
  expect(firstResult.steps.map((s) => [s.key, s.status, s.rows])).toEqual([
    ['extract_sales', 'succeeded', 500],
    ['transform_sales', 'succeeded', positive.length],
    ['load_to_warehouse', 'succeeded', positive.length],
  ]);
  // Op outputs belong to the run: stored through the IO manager under runs/<run id>/.
  expect(firstResult.steps[0].location).toBe(path.join(storage, 'runs', first.runId, 'extract_sales.parquet'));
  expect(fs.existsSync(path.join(storage, 'runs', first.runId, 'transform_sales.parquet'))).toBe(true);

  const expected = positive.map((s) => ({ sale_id: s.sale_id, customer_id: s.customer_id, sale_date: s.sale_date, amount: s.amount })).sort((a, b) => a.sale_id - b.sale_id);
  expect(rowsAfterFirst).toEqual(expected);
  expect(secondResult.status).toBe('success');
  const rowsAfterSecond = await schema.query(`SELECT sale_id::int AS sale_id, customer_id, sale_date::text AS sale_date, amount FROM ${schema.name}.sales ORDER BY sale_id`);
  expect(rowsAfterSecond).toEqual(expected);

  // The validated config (defaults applied) is the run's input in Temporal Web; the secret is nowhere.
  const input = (await first.handle.fetchHistory()).events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  const plan = (JSON.parse(Buffer.from(input!.data!).toString('utf8')) as Extract<RunWorkflowInput, { plan: unknown }>).plan;
  expect(plan.job).toBe('daily_sales_etl');
  expect(plan.steps[0].config).toEqual({ apiUrl: api.url, timeoutSeconds: 30 });
  const text = await historyText(first.handle);
  expect(text).toContain(api.url); // the scan sees payload contents...
  expect(text).not.toContain(SECRET); // ...and the warehouse password is not among them
  expect(text).not.toContain(URL_VAR);
});

test('a hostile table name in run config is refused, and nothing is dropped', async () => {
  await schema.query(`CREATE TABLE ${schema.name}.x (id int)`);
  const definitions = new Definitions({
    jobs: [dailySalesEtl],
    resources: { warehouse: postgresResource({ connectionString: envVar(URL_VAR), schema: schema.name }) },
    storageRoot: tempStorage('hostile'),
  });
  const runConfig = { ops: { extract_sales: { config: { apiUrl: api.url } }, load_to_warehouse: { config: { table: 'sales"; DROP TABLE x; --' } } } };
  const result = await withWorker(env, definitions, async () => (await startRun(env.client, definitions, { job: 'daily_sales_etl', runConfig, taskQueue: env.taskQueue })).result());
  await definitions.dispose();
  expect(result.status).toBe('failure');
  const load = result.steps.find((s) => s.key === 'load_to_warehouse')!;
  expect(load.status).toBe('failed');
  expect(load.error).toContain(`UnsafeIdentifierError: table name "sales\\"; DROP TABLE x; --" is refused`);
  expect(await schema.query(`SELECT count(*)::int AS n FROM ${schema.name}.x`)).toEqual([{ n: 0 }]);
});

test('sales_job (selection group:sales) materializes exactly the sales group', async () => {
  const storage = tempStorage('sales-job');
  const marketing = asset({ key: 'customer_emails', group: 'marketing', ins: { topCustomers }, compute: ({ topCustomers }) => topCustomers.height });
  const definitions = new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers, marketing], jobs: [salesJob], storageRoot: storage });
  const result = await withWorker(env, definitions, async () =>
    (await startRun(env.client, definitions, { job: 'sales_job', runConfig: { ops: { raw_sales: { config: { apiUrl: api.url } } } }, taskQueue: env.taskQueue })).result(),
  );
  expect(result.status).toBe('success');
  expect(result.runName).toBe('sales_job');
  expect(result.steps.map((s) => s.key)).toEqual(['raw_sales', 'cleaned_sales', 'cleaned_sales:row_count', 'sales_by_customer', 'top_customers']);
  expect(fs.readdirSync(storage).filter((f) => !/^\.catalog\.sqlite-(wal|shm)$/.test(f)).sort()).toEqual(['.catalog.sqlite', 'cleaned_sales.parquet', 'raw_sales.parquet', 'sales_by_customer.parquet', 'top_customers.parquet']);
});

test('a small op output rides inline to its downstream op; a big one goes through the IO manager', async () => {
  const storage = tempStorage('inline');
  let tornDown = 0;
  const probe = defineResource({ create: () => ({ count: 7 }), teardown: () => void tornDown++ });
  const small = op({ name: 'small_count', resources: { probe: resourceParam<{ count: number }>() }, compute: ({ context }) => ({ count: context.resources.probe.count }) });
  const big = op({ name: 'big_list', compute: () => Array.from({ length: 2000 }, (_, i) => i) });
  const total = op({
    name: 'total',
    ins: { small: input<{ count: number }>(), big: input<number[]>() },
    compute: ({ small, big, context }) => void context.addOutputMetadata({ rows: small.count + big.length }),
  });
  const definitions = new Definitions({ jobs: [job({ name: 'inline_etl', build: () => total({ small: small(), big: big() }) })], resources: { probe }, storageRoot: storage });
  const { result, handle } = await withWorker(env, definitions, async () => {
    const run = await startRun(env.client, definitions, { job: 'inline_etl', taskQueue: env.taskQueue });
    return { result: await run.result(), handle: run.handle };
  });
  expect(result.status).toBe('success');
  expect(tornDown).toBe(1); // the worker tore its resources down when it stopped
  const byKey = Object.fromEntries(result.steps.map((s) => [s.key, s]));
  expect(byKey.small_count.location).toBe('inline');
  expect(byKey.big_list.location).toBe(path.join(storage, 'runs', result.runId, 'big_list.json'));
  expect(byKey.total.rows).toBe(2007);
  expect(fs.readdirSync(path.join(storage, 'runs', result.runId))).toEqual(['big_list.json']);
  // The inline value is visible in history: in small_count's result and in total's input.
  expect(await historyText(handle)).toContain('"inlineInputs":{"small_count":{"value":{"count":7}}}');
});

test('one op used twice through op.alias: two steps, each with its own config and output', async () => {
  const storage = tempStorage('alias');
  const fetchRange = op({ name: 'fetch_range', config: z.object({ from: z.number(), count: z.number() }), compute: ({ config }) => Array.from({ length: config.count }, (_, i) => config.from + i) });
  const total = op({ name: 'total_of_both', ins: { left: input<number[]>(), right: input<number[]>() }, compute: ({ left, right, context }) => void context.addOutputMetadata({ rows: [...left, ...right].reduce((a, b) => a + b, 0) }) });
  const twice = job({ name: 'alias_etl', build: () => total({ left: fetchRange(), right: fetchRange.alias('fetch_range_again')() }) });
  const definitions = new Definitions({ jobs: [twice], storageRoot: storage });
  const runConfig = { ops: { fetch_range: { config: { from: 1, count: 3 } }, fetch_range_again: { config: { from: 100, count: 2000 } } } };
  const result = await withWorker(env, definitions, async () => (await startRun(env.client, definitions, { job: 'alias_etl', runConfig, taskQueue: env.taskQueue })).result());
  expect(result.status).toBe('success');
  expect(result.steps.map((s) => [s.key, s.status])).toEqual([
    ['fetch_range', 'succeeded'],
    ['fetch_range_again', 'succeeded'],
    ['total_of_both', 'succeeded'],
  ]);
  // Each use has its own output: the big one went through the IO manager under the alias's name.
  expect(result.steps[1].location).toBe(path.join(storage, 'runs', result.runId, 'fetch_range_again.json'));
  expect(JSON.parse(fs.readFileSync(result.steps[1].location!, 'utf8'))).toHaveLength(2000);
  const expected = 1 + 2 + 3 + Array.from({ length: 2000 }, (_, i) => 100 + i).reduce((a, b) => a + b, 0);
  expect(result.steps[0].location).toBe('inline'); // the small one rode inline
  expect(result.steps[2].rows).toBe(expected); // the downstream read both, each from its own step
});

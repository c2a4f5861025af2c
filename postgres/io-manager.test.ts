/** The PostgreSQL IO manager against the real local PostgreSQL (a schema of its own, dropped after). */
import pl from 'nodejs-polars';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../test/support/postgres';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { executeStep } from '../execution/execute-step';
import { MissingInputError, UnsupportedOutputError, type OutputContext } from '../storage/io-manager';
import { rootLogger } from '../execution/logger';
import { postgresIOManager } from './io-manager';

let schema: TestSchema;
let io: ReturnType<typeof postgresIOManager>;
const log = rootLogger();
beforeAll(async () => {
  schema = await createTestSchema('io');
  io = postgresIOManager({ connectionString: TEST_DATABASE_URL.replace('postgres@', 'postgres:hunter2@'), schema: schema.name });
});
afterAll(async () => {
  await io?.close();
  await schema?.drop();
});

const out = (ref: Partial<OutputContext> & { stepKey: string }): OutputContext => ({ runId: 'run-1', log, writerId: 'w', ...ref });
const input = (upstream: Omit<OutputContext, 'log' | 'writerId'>) => ({ upstream, stepKey: 'reader', inputName: 'df', runId: upstream.runId, log });

const typed = () =>
  pl
    .DataFrame({ id: [1, 2], name: ['a', null], amount: [1.5, -2.25], ok: [true, false], day: ['2026-11-01', '2026-11-02'], at: ['2026-11-01 10:00:00', '2026-11-02 11:30:00.5'] })
    .withColumns(pl.col('id').cast(pl.Int64), pl.col('day').str.strptime(pl.Date, '%Y-%m-%d'), pl.col('at').str.strptime(pl.Datetime('ms'), '%Y-%m-%d %H:%M:%S%.f'));

test('an asset output round-trips with its column types; a re-materialization replaces the table', async () => {
  const stored = await io.handleOutput(out({ stepKey: 'sales/typed', assetKey: 'sales/typed' }), typed());
  expect(stored.location).toBe(`postgresql://127.0.0.1:5432/test/${schema.name}.sales__typed`);
  expect(stored.location).not.toContain('hunter2');
  const loaded = (await io.loadInput(input({ stepKey: 'sales/typed', assetKey: 'sales/typed', runId: 'run-2' }))) as pl.DataFrame;
  expect(loaded.schema).toEqual(typed().schema);
  expect(loaded.toRecords()).toEqual(typed().toRecords());
  await io.handleOutput(out({ stepKey: 'sales/typed', assetKey: 'sales/typed' }), pl.DataFrame({ other: ['x'] }).lazy());
  expect(await schema.query(`SELECT * FROM ${schema.name}.sales__typed`)).toEqual([{ other: 'x' }]);
});

test('a partition replaces only its own rows: re-writing it never duplicates', async () => {
  const frame = (n: number) => pl.DataFrame({ v: Array.from({ length: n }, (_, i) => i) });
  const ref = (partitionKey: string) => ({ stepKey: 'daily', assetKey: 'daily', partitionKey });
  await io.handleOutput(out(ref('2026-11-01')), frame(2));
  await io.handleOutput(out(ref('2026-11-02')), frame(3));
  await io.handleOutput(out(ref('2026-11-01')), frame(2));
  const counts = await schema.query(`SELECT _assetflow_partition AS p, count(*)::int AS n FROM ${schema.name}.daily GROUP BY 1 ORDER BY 1`);
  expect(counts).toEqual([{ p: '2026-11-01', n: 2 }, { p: '2026-11-02', n: 3 }]);
  const loaded = (await io.loadInput(input({ ...ref('2026-11-02'), runId: 'r' }))) as pl.DataFrame;
  expect(loaded.columns).toEqual(['v']);
  expect(loaded.height).toBe(3);
  await expect(io.loadInput(input({ ...ref('2026-11-03'), runId: 'r' }))).rejects.toThrow(MissingInputError);
});

test('op outputs are one slice per run; bad values and missing tables are named', async () => {
  await io.handleOutput(out({ stepKey: 'extract', runId: 'a' }), pl.DataFrame({ v: [1] }));
  await io.handleOutput(out({ stepKey: 'extract', runId: 'b' }), pl.DataFrame({ v: [2, 3] }));
  expect(((await io.loadInput(input({ stepKey: 'extract', runId: 'b' }))) as pl.DataFrame).height).toBe(2);
  await expect(io.handleOutput(out({ stepKey: 'x', assetKey: 'x' }), { a: 1 })).rejects.toThrow(UnsupportedOutputError);
  await expect(io.loadInput(input({ stepKey: 'nope', assetKey: 'nope', runId: 'r' }))).rejects.toThrow(/needs input 'df' from 'nope'.*table .*nope/);
  const hostile = postgresIOManager({ connectionString: TEST_DATABASE_URL, schema: schema.name, tableFor: () => 'x"; DROP SCHEMA public; --' });
  await expect(hostile.handleOutput(out({ stepKey: 'x', assetKey: 'x' }), pl.DataFrame({ v: [1] }))).rejects.toThrow(/table name .* is refused/);
  await hostile.close();
});

test('assets choose it by key: a downstream asset reads the upstream table', async () => {
  const warehouse = postgresIOManager({ connectionString: TEST_DATABASE_URL, schema: schema.name });
  const orders = asset({ key: 'orders', ioManagerKey: 'warehouse', compute: () => pl.DataFrame({ amount: [5, 7] }) });
  const total = asset({ key: 'total', ins: { orders }, ioManagerKey: 'warehouse', compute: ({ orders }) => orders.select(pl.col('amount').sum()) });
  const definitions = new Definitions({ assets: [orders, total], ioManagers: { warehouse } });
  for (const step of definitions.plan().steps) {
    await executeStep({ definitions, step, runId: 'r', attempt: 1, writerId: `r/${step.key}`, log, signal: new AbortController().signal });
  }
  await warehouse.close();
  expect(await schema.query(`SELECT amount FROM ${schema.name}.total`)).toEqual([{ amount: 12 }]);
});

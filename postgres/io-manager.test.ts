/** The PostgreSQL IO manager against the real local PostgreSQL (a schema of its own, dropped after). */
import { createHash } from 'node:crypto';
import pl from 'nodejs-polars';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../test/support/postgres';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { DefinitionError } from '../errors/errors';
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

describe('table names from asset keys', () => {
  const materializeAll = async (definitions: Definitions) => {
    for (const step of definitions.plan().steps) {
      const result = await executeStep({ definitions, step, runId: 'r', attempt: 1, writerId: `r/${step.key}`, log, signal: new AbortController().signal });
      expect(result).toMatchObject({ rows: 1 });
    }
  };
  const tables = async () =>
    (await schema.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema.name])).map((r) => r.table_name);

  test('a key with a hyphen and a 70-character key are stored (they were refused at run time), a downstream reads them', async () => {
    const warehouse = postgresIOManager({ connectionString: TEST_DATABASE_URL, schema: schema.name });
    const longKey = `long_${'k'.repeat(65)}`;
    expect(longKey).toHaveLength(70);
    const hyphen = asset({ key: 'pg-hyphen', ioManagerKey: 'warehouse', compute: () => pl.DataFrame({ v: [1] }) });
    const long = asset({ key: longKey, ioManagerKey: 'warehouse', compute: () => pl.DataFrame({ v: [2] }) });
    const both = asset({ key: 'both', ins: { hyphen, long }, ioManagerKey: 'warehouse', compute: ({ hyphen, long }) => pl.DataFrame({ v: [hyphen.getColumn('v').get(0) + long.getColumn('v').get(0)] }) });
    const definitions = new Definitions({ assets: [hyphen, long, both], ioManagers: { warehouse } });
    await materializeAll(definitions);
    await warehouse.close();
    const hashed = `${longKey.slice(0, 46)}_${createHash('sha256').update(longKey).digest('hex').slice(0, 16)}`;
    expect(hashed).toHaveLength(63);
    expect(await tables()).toEqual(expect.arrayContaining(['pg-hyphen', hashed, 'both']));
    expect(await schema.query(`SELECT v FROM ${schema.name}.both`)).toEqual([{ v: 3 }]);
  });

  test("keys 'collide/x' and 'collide__x' (one table) are refused when the Definitions are built, naming both", () => {
    const warehouse = postgresIOManager({ connectionString: TEST_DATABASE_URL, schema: schema.name });
    const a = asset({ key: 'collide/x', ioManagerKey: 'warehouse', compute: () => pl.DataFrame({ v: [1] }) });
    const b = asset({ key: 'collide__x', ioManagerKey: 'warehouse', compute: () => pl.DataFrame({ v: [2] }) });
    const build = () => new Definitions({ assets: [a, b], ioManagers: { warehouse } });
    expect(build).toThrow(DefinitionError);
    expect(build).toThrow(`assets 'collide/x' and 'collide__x' would both be stored in table ${schema.name}.collide__x by IO manager 'warehouse', each overwriting the other`);
    // On different IO managers they are stored apart.
    const files = asset({ key: 'collide__x', compute: () => pl.DataFrame({ v: [2] }) });
    expect(() => new Definitions({ assets: [a, files], ioManagers: { warehouse } })).not.toThrow();
  });

  test('a tableFor giving a name PostgreSQL cannot take, or one table to two assets, is refused when the Definitions are built', () => {
    const hostile = postgresIOManager({ connectionString: TEST_DATABASE_URL, tableFor: (ref) => `${ref.assetKey}"; DROP SCHEMA public; --` });
    const one = postgresIOManager({ connectionString: TEST_DATABASE_URL, tableFor: () => 'everything' });
    const x = asset({ key: 'x', ioManagerKey: 'warehouse', compute: () => 1 });
    const y = asset({ key: 'y', ioManagerKey: 'warehouse', compute: () => 1 });
    expect(() => new Definitions({ assets: [x], ioManagers: { warehouse: hostile } })).toThrow(/asset 'x' cannot be stored by IO manager 'warehouse': table name .* is refused/);
    expect(() => new Definitions({ assets: [x, y], ioManagers: { warehouse: one } })).toThrow("assets 'x' and 'y' would both be stored in table everything");
  });
});

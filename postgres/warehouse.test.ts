/** The warehouse resource against the real local PostgreSQL (a schema of its own, dropped after). */
import pl from 'nodejs-polars';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../test/support/postgres';
import { env } from '../assets/resources';
import { UnsafeIdentifierError } from './identifiers';
import { postgresResource } from './resource';
import type { PostgresWarehouse } from './warehouse';

let schema: TestSchema;
let warehouse: PostgresWarehouse;
beforeAll(async () => {
  schema = await createTestSchema('wh');
  warehouse = await postgresResource({ connectionString: TEST_DATABASE_URL, schema: schema.name }).create();
});
afterAll(async () => {
  await warehouse?.close();
  await schema?.drop();
});

const sales = () =>
  pl
    .DataFrame({ sale_id: [1, 2, 3], customer_id: ['C001', 'C002', 'C001'], sale_date: ['2026-11-01', '2026-11-02', '2026-11-02'], amount: [10.5, 20.25, 30] })
    .withColumns(pl.col('sale_id').cast(pl.Int64), pl.col('sale_date').str.strptime(pl.Date, '%Y-%m-%d'));

test('upsert creates the table with typed columns and loads every row', async () => {
  await warehouse.upsert({ table: 'sales_a', rows: sales(), key: ['sale_id'] });
  const rows = await schema.query(`SELECT sale_id::int AS sale_id, customer_id, sale_date::text AS sale_date, amount FROM ${schema.name}.sales_a ORDER BY sale_id`);
  expect(rows).toEqual([
    { sale_id: 1, customer_id: 'C001', sale_date: '2026-11-01', amount: 10.5 },
    { sale_id: 2, customer_id: 'C002', sale_date: '2026-11-02', amount: 20.25 },
    { sale_id: 3, customer_id: 'C001', sale_date: '2026-11-02', amount: 30 },
  ]);
  const types = await schema.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'sales_a' ORDER BY ordinal_position`,
    [schema.name],
  );
  expect(types.map((t) => t.data_type)).toEqual(['bigint', 'text', 'date', 'double precision']);
});

test('loading the same rows again leaves one row per key, with the newer values', async () => {
  await warehouse.upsert({ table: 'sales_b', rows: sales(), key: ['sale_id'] });
  await warehouse.upsert({ table: 'sales_b', rows: sales(), key: ['sale_id'] });
  const changed = sales().withColumns(pl.when(pl.col('sale_id').eq(2)).then(pl.lit(99)).otherwise(pl.col('amount')).alias('amount'));
  await warehouse.upsert({ table: 'sales_b', rows: changed, key: ['sale_id'], batchRows: 2 });
  const rows = await schema.query<{ sale_id: string; amount: number }>(`SELECT sale_id, amount FROM ${schema.name}.sales_b ORDER BY sale_id`);
  expect(rows).toEqual([
    { sale_id: '1', amount: 10.5 },
    { sale_id: '2', amount: 99 },
    { sale_id: '3', amount: 30 },
  ]);
});

test('a hostile table name is refused, and nothing is dropped', async () => {
  await schema.query(`CREATE TABLE ${schema.name}.x (id int)`);
  const hostile = 'sales"; DROP TABLE x; --';
  await expect(warehouse.upsert({ table: hostile, rows: sales(), key: ['sale_id'] })).rejects.toThrow(UnsafeIdentifierError);
  await expect(warehouse.upsert({ table: hostile, rows: sales(), key: ['sale_id'] })).rejects.toThrow(
    `table name "sales\\"; DROP TABLE x; --" is refused: use letters, digits, '_' and '-' only`,
  );
  await expect(warehouse.upsert({ table: 'sales', schema: `${schema.name}; DROP TABLE x`, rows: sales(), key: ['sale_id'] })).rejects.toThrow(/schema name .* is refused/);
  expect(await schema.query(`SELECT count(*)::int AS n FROM ${schema.name}.x`)).toEqual([{ n: 0 }]);
});

test('a hostile column name is quoted: it becomes a column, nothing is dropped', async () => {
  await schema.query(`CREATE TABLE ${schema.name}.y (id int)`);
  const hostile = 'note"; DROP TABLE y; --';
  const rows = pl.DataFrame({ id: [1], [hostile]: ['hello'] });
  await warehouse.upsert({ table: 'notes', rows, key: ['id'] });
  const columns = await schema.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'notes' ORDER BY ordinal_position`,
    [schema.name],
  );
  expect(columns.map((c) => c.column_name)).toEqual(['id', hostile]);
  expect(await schema.query(`SELECT count(*)::int AS n FROM ${schema.name}.y`)).toEqual([{ n: 0 }]);
});

test('a key column that is not in the frame is named', async () => {
  await expect(warehouse.upsert({ table: 'sales_c', rows: sales(), key: ['id'] })).rejects.toThrow("key column 'id' is not in the DataFrame (columns: sale_id, customer_id, sale_date, amount)");
});

test('an unset environment variable is named (never its value) when the resource is built', async () => {
  const name = 'ASSETFLOW_TEST_UNSET_WAREHOUSE_URL';
  delete process.env[name];
  expect(() => postgresResource({ connectionString: env(name) }).create()).toThrow(`environment variable ${name} is not set`);
});

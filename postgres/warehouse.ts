import type { DataFrame } from 'nodejs-polars';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { columnIdentifier, qualifiedTable } from './identifiers';
import { frameToColumns, rowsToFrame } from './frames';

export interface UpsertOptions {
  table: string;
  /** Default: the warehouse's schema (or PostgreSQL's search path). */
  schema?: string;
  rows: DataFrame;
  /** Columns that identify a row; the table gets them as its primary key. A re-load replaces, never duplicates. */
  key: readonly string[];
  /** Rows per INSERT. Default 10,000. */
  batchRows?: number;
}

export interface ReplaceOptions {
  table: string;
  schema?: string;
  rows: DataFrame;
  /**
   * Replace only this slice (`{ column: '_partition', value: '2026-11-01' }`): the column is added
   * to the table, its rows for `value` deleted and `rows` inserted with it. Without a slice the
   * whole table is replaced (dropped and created again, so a changed schema is fine).
   */
  slice?: { column: string; value: string };
  batchRows?: number;
}

export interface ReadOptions {
  table: string;
  schema?: string;
  /** Read only this slice, and leave its column out. */
  slice?: { column: string; value: string };
}

/**
 * A PostgreSQL warehouse (the `warehouse` resource): a connection pool plus idempotent loads of
 * polars DataFrames. Table and schema names must be plain identifiers; every identifier is quoted.
 * Columns travel as whole text arrays (`unnest`), not row by row, and PostgreSQL casts them.
 */
export class PostgresWarehouse {
  constructor(
    readonly pool: Pool,
    readonly schema?: string,
  ) {}

  /** A parameterized query. */
  async query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>(text, values)).rows;
  }

  /**
   * Creates the table when missing (key as primary key) and upserts `rows` in one transaction:
   * loading the same rows again (a re-run, a retry) leaves one row per key.
   */
  async upsert(options: UpsertOptions): Promise<{ rows: number }> {
    const target = qualifiedTable(options.table, options.schema ?? this.schema);
    const frame = frameToColumns(options.rows, `upsert into ${options.table}`);
    if (options.key.length === 0) throw new Error(`upsert into ${options.table}: give the key columns that identify a row`);
    for (const k of options.key) {
      if (!frame.names.includes(k)) throw new Error(`upsert into ${options.table}: key column '${k}' is not in the DataFrame (columns: ${frame.names.join(', ')})`);
    }
    const keySet = new Set(options.key);
    const keyList = options.key.map(columnIdentifier).join(', ');
    const definitions = frame.names.map((name, i) => `${frame.quoted[i]} ${frame.types[i]}${keySet.has(name) ? ' NOT NULL' : ''}`);
    const updates = frame.names.filter((c) => !keySet.has(c)).map((c) => `${columnIdentifier(c)} = EXCLUDED.${columnIdentifier(c)}`);
    await this.transaction(async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS ${target} (${definitions.join(', ')}, PRIMARY KEY (${keyList}))`);
      await insertColumns(client, target, frame, options.batchRows, `ON CONFLICT (${keyList}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`);
    });
    return { rows: options.rows.height };
  }

  /** Replaces the table, or one slice of it, with `rows` in one transaction (see ReplaceOptions). */
  async replace(options: ReplaceOptions): Promise<{ rows: number }> {
    const target = qualifiedTable(options.table, options.schema ?? this.schema);
    const frame = frameToColumns(options.rows, `load into ${options.table}`);
    const slice = options.slice;
    if (slice && frame.names.includes(slice.column)) throw new Error(`load into ${options.table}: the DataFrame already has a column '${slice.column}', which names the slice`);
    const definitions = frame.names.map((_, i) => `${frame.quoted[i]} ${frame.types[i]}`);
    await this.transaction(async (client) => {
      if (!slice) {
        await client.query(`DROP TABLE IF EXISTS ${target}`);
        await client.query(`CREATE TABLE ${target} (${definitions.join(', ')})`);
        await insertColumns(client, target, frame, options.batchRows);
        return;
      }
      const sliceColumn = columnIdentifier(slice.column);
      await client.query(`CREATE TABLE IF NOT EXISTS ${target} (${definitions.join(', ')}, ${sliceColumn} text NOT NULL)`);
      await client.query(`DELETE FROM ${target} WHERE ${sliceColumn} = $1`, [slice.value]);
      const withSlice = { names: [...frame.names, slice.column], quoted: [...frame.quoted, sliceColumn], types: [...frame.types, 'text'], height: frame.height, column: (i: number, from: number, to: number) => (i < frame.names.length ? frame.column(i, from, to) : new Array<string>(to - from).fill(slice.value)) };
      await insertColumns(client, target, withSlice, options.batchRows);
    });
    return { rows: options.rows.height };
  }

  /** Reads a table (or one slice of it) into a DataFrame, with column types from PostgreSQL's. */
  async read(options: ReadOptions): Promise<DataFrame> {
    const target = qualifiedTable(options.table, options.schema ?? this.schema);
    const slice = options.slice;
    const result = await this.pool.query({
      text: slice ? `SELECT * FROM ${target} WHERE ${columnIdentifier(slice.column)} = $1` : `SELECT * FROM ${target}`,
      values: slice ? [slice.value] : [],
      rowMode: 'array',
      // Every value as text: rowsToFrame parses by column type, exactly.
      types: { getTypeParser: () => (value: string) => value },
    });
    return rowsToFrame(result.fields, result.rows as unknown[][], slice?.column);
  }

  /** Whether the table exists. */
  async exists(table: string, schema?: string): Promise<boolean> {
    const [row] = await this.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [qualifiedTable(table, schema ?? this.schema)]);
    return row.found !== null;
  }

  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Closes the pool. */
  close(): Promise<void> {
    return this.pool.end();
  }
}

interface ColumnBatch {
  names: string[];
  quoted: string[];
  types: string[];
  height: number;
  column(index: number, from: number, to: number): unknown[];
}

/** INSERT ... SELECT FROM unnest(text arrays), in batches of rows. */
async function insertColumns(client: PoolClient, target: string, frame: ColumnBatch, batchRows = 10_000, suffix = ''): Promise<void> {
  const aliases = frame.types.map((_, i) => `c${i}`);
  const sql =
    `INSERT INTO ${target} (${frame.quoted.join(', ')}) ` +
    `SELECT ${frame.types.map((t, i) => `u.${aliases[i]}::${t}`).join(', ')} ` +
    `FROM unnest(${frame.types.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${aliases.join(', ')}) ${suffix}`;
  for (let from = 0; from < frame.height; from += batchRows) {
    const to = Math.min(frame.height, from + batchRows);
    await client.query(sql, frame.names.map((_, i) => frame.column(i, from, to)));
  }
}

import type { DataFrame } from 'nodejs-polars';
import pl from 'nodejs-polars';
import type { Pool, QueryResultRow } from 'pg';
import { columnIdentifier, qualifiedTable } from './identifiers';

/** How a polars column is stored in PostgreSQL. */
function sqlType(dtype: string, column: string): string {
  if (dtype === 'UInt64') return 'numeric';
  if (dtype === 'Int64' || dtype === 'UInt32') return 'bigint';
  if (/^U?Int(8|16|32)$/.test(dtype)) return 'integer';
  if (/^Float(32|64)$/.test(dtype)) return 'double precision';
  if (dtype === 'Bool') return 'boolean';
  if (dtype === 'Date') return 'date';
  if (dtype === 'Datetime') return 'timestamp';
  if (dtype === 'String' || dtype === 'Utf8' || dtype === 'Categorical') return 'text';
  throw new Error(`column '${column}' has type ${dtype}, which the warehouse cannot store: cast it to a number, string, boolean, date or datetime`);
}

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

/**
 * A PostgreSQL warehouse (the `warehouse` resource): a connection pool plus idempotent loads of
 * polars DataFrames. Table and schema names must be plain identifiers; every identifier is quoted.
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
   * Columns are sent as whole arrays (`unnest`), not row by row.
   */
  async upsert(options: UpsertOptions): Promise<{ rows: number }> {
    const target = qualifiedTable(options.table, options.schema ?? this.schema);
    const columns = options.rows.columns;
    if (columns.length === 0) throw new Error(`upsert into ${options.table}: the DataFrame has no columns`);
    if (options.key.length === 0) throw new Error(`upsert into ${options.table}: give the key columns that identify a row`);
    for (const k of options.key) {
      if (!columns.includes(k)) throw new Error(`upsert into ${options.table}: key column '${k}' is not in the DataFrame (columns: ${columns.join(', ')})`);
    }
    const types = columns.map((c) => sqlType(options.rows.getColumn(c).dtype.variant, c));
    const quoted = columns.map(columnIdentifier);
    const keySet = new Set(options.key);
    const create =
      `CREATE TABLE IF NOT EXISTS ${target} (${quoted.map((q, i) => `${q} ${types[i]}${keySet.has(columns[i]) ? ' NOT NULL' : ''}`).join(', ')}, ` +
      `PRIMARY KEY (${options.key.map(columnIdentifier).join(', ')}))`;
    const updates = columns.filter((c) => !keySet.has(c)).map((c) => `${columnIdentifier(c)} = EXCLUDED.${columnIdentifier(c)}`);
    const insert =
      `INSERT INTO ${target} (${quoted.join(', ')}) ` +
      `SELECT ${types.map((t, i) => `u.c${i}::${t}`).join(', ')} FROM unnest(${types.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${types.map((_, i) => `c${i}`).join(', ')}) ` +
      `ON CONFLICT (${options.key.map(columnIdentifier).join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
    // Text is exact for every supported type (dates as YYYY-MM-DD); PostgreSQL casts it back.
    const text = options.rows.select(...columns.map((c) => pl.col(c).cast(pl.Utf8)));
    const batch = options.batchRows ?? 10_000;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(create);
      for (let offset = 0; offset < text.height; offset += batch) {
        const slice = text.slice(offset, batch);
        await client.query(insert, columns.map((c) => slice.getColumn(c).toArray()));
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    return { rows: options.rows.height };
  }

  /** Closes the pool. */
  close(): Promise<void> {
    return this.pool.end();
  }
}

import pl, { type DataFrame } from 'nodejs-polars';
import type { FieldDef } from 'pg';
import { columnIdentifier } from './identifiers';

/** How a polars column is stored in PostgreSQL. */
export function sqlType(dtype: string, column: string): string {
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

/** A DataFrame as text columns plus their PostgreSQL types (text is exact for every supported type). */
export function frameToColumns(rows: DataFrame, what: string) {
  const names = rows.columns;
  if (names.length === 0) throw new Error(`${what}: the DataFrame has no columns`);
  const types = names.map((c) => sqlType(rows.getColumn(c).dtype.variant, c));
  const text = rows.select(...names.map((c) => pl.col(c).cast(pl.Utf8)));
  return {
    names,
    quoted: names.map(columnIdentifier),
    types,
    height: rows.height,
    column: (index: number, from: number, to: number) => text.getColumn(names[index]).slice(from, to - from).toArray(),
  };
}

// PostgreSQL type OIDs (pg_type) of the columns frameToColumns creates.
const INT = new Set([20, 21, 23]);
const FLOAT = new Set([700, 701, 1700]);
const BOOL = 16;
const DATE = 1082;
const TIMESTAMP = 1114; // timestamp without time zone (what frameToColumns creates)

/** Rows read as text (`rowMode: 'array'`) into a typed DataFrame, leaving `skip` out. */
export function rowsToFrame(fields: readonly FieldDef[], rows: readonly unknown[][], skip?: string): DataFrame {
  const series = fields.flatMap((field, i) => {
    if (field.name === skip) return [];
    const text = rows.map((r) => r[i] as string | null);
    const strings = pl.Series(field.name, text, pl.Utf8);
    if (INT.has(field.dataTypeID)) return [strings.cast(pl.Int64)];
    if (FLOAT.has(field.dataTypeID)) return [strings.cast(pl.Float64)];
    if (field.dataTypeID === BOOL) return [pl.Series(field.name, text.map((t) => (t === null ? null : t === 't')), pl.Bool)];
    if (field.dataTypeID === DATE) return [strings.str.strptime(pl.Date, '%Y-%m-%d')];
    if (field.dataTypeID === TIMESTAMP) return [strings.str.strptime(pl.Datetime('ms'), '%Y-%m-%d %H:%M:%S%.f')];
    return [strings];
  });
  return pl.DataFrame(series);
}

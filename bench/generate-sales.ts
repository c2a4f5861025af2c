/**
 * The data path's input: a deterministic sales Parquet file with the sales example's columns
 * (sale_id, customer_id, sale_date 'YYYY-MM-DD' string, amount; about 5% of amounts zero or
 * negative for cleaning to drop), built column by column (typed arrays, polars expressions for
 * the strings), never from row objects. Kept under bench/.data/ between runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import { mulberry32 } from '../examples/sales/sales-api';

/** Customers in the generated data: one per 100 sales (at least 60, as in the example). */
export function customerCount(rows: number): number {
  return Math.max(60, Math.floor(rows / 100));
}

export function salesInputPath(dataDir: string, rows: number): string {
  return path.join(dataDir, `sales-${rows}.parquet`);
}

/** The input file for `rows` sales, generated on first use. */
export async function ensureSalesInput(dataDir: string, rows: number): Promise<string> {
  const file = salesInputPath(dataDir, rows);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await generateSales(rows).lazy().sinkParquet(temp, { compression: 'zstd', statistics: true }).collect();
  fs.renameSync(temp, file);
  return file;
}

/** `rows` generated sales (seeded: the same rows every time). */
export function generateSales(rows: number, seed = 42): pl.DataFrame {
  const random = mulberry32(seed);
  const customers = customerCount(rows);
  const saleId = new Int32Array(rows);
  const customer = new Int32Array(rows);
  const day = new Int32Array(rows);
  const amount = new Float64Array(rows);
  const firstDay = Date.UTC(2026, 0, 1) / 86_400_000;
  for (let i = 0; i < rows; i++) {
    saleId[i] = i + 1;
    customer[i] = Math.floor(random() ** 2 * customers) + 1;
    day[i] = firstDay + Math.floor(random() * 365);
    const roll = random();
    amount[i] = roll < 0.03 ? -Math.round(random() * 5000) / 100 : roll < 0.05 ? 0 : Math.round((5 + random() * 495) * 100) / 100;
  }
  return pl
    .DataFrame({ sale_id: saleId, customer: customer, day: day, amount })
    .select(
      pl.col('sale_id').cast(pl.Int64),
      pl.concatString([pl.lit('C'), pl.col('customer').cast(pl.Utf8).str.padStart(6, '0')], '').alias('customer_id'),
      pl.col('day').cast(pl.Date).dt.strftime('%Y-%m-%d').alias('sale_date'),
      pl.col('amount'),
    );
}

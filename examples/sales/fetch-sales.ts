import pl, { type DataFrame } from 'nodejs-polars';
import { z } from 'zod';

/** Config of whatever reads the sales API (the raw_sales asset, the extract_sales op). */
export const salesApiConfig = z.object({
  apiUrl: z.string().url(),
  timeoutSeconds: z.number().positive().default(30),
});

/**
 * The sales API's columns and their types, declared rather than inferred: polars infers a
 * JSON column's type from its first rows, so an `amount` whose first 50 values are whole
 * numbers would become Int64 and every later 2.75 would be read as 2, silently.
 */
export const SALES_SCHEMA = { sale_id: pl.Int64, customer_id: pl.Utf8, sale_date: pl.Utf8, amount: pl.Float64 };

/** GETs the sales API and reads its JSON rows into a DataFrame of {@link SALES_SCHEMA} (shared by the asset and the op). */
export async function fetchSales(apiUrl: string, timeoutSeconds: number, signal: AbortSignal): Promise<DataFrame> {
  const response = await fetch(apiUrl, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutSeconds * 1000)]) });
  if (!response.ok) throw new Error(`sales API answered ${response.status} ${response.statusText} for ${apiUrl}`);
  return salesFrame(await response.json(), apiUrl);
}

/**
 * Sales rows (parsed JSON) as a DataFrame with {@link SALES_SCHEMA}'s types, built column by
 * column (cheaper across the JS↔Rust boundary than row objects, and typed even when empty).
 */
export function salesFrame(rows: unknown, source = 'the sales data'): DataFrame {
  if (!Array.isArray(rows)) throw new Error(`${source} is not a JSON array of sales (got ${rows === null ? 'null' : typeof rows})`);
  const records = rows as Record<string, unknown>[];
  return pl.DataFrame(
    Object.entries(SALES_SCHEMA).map(([name, dtype]) => pl.Series(name, records.map((r) => r?.[name] ?? null), dtype)),
  );
}

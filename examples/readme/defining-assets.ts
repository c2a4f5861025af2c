import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset, Definitions } from 'assetflow';

interface Sale { sale_id: number; customer_id: string; sale_date: string; amount: number }

export const rawSales = asset({
  key: 'raw_sales',
  group: 'sales',
  config: z.object({ apiUrl: z.string().url(), timeoutSeconds: z.number().default(30) }),
  retry: { maxAttempts: 4, initialIntervalSeconds: 1 },
  async compute({ config, context }) {              // config: { apiUrl: string; timeoutSeconds: number }
    const response = await fetch(config.apiUrl, { signal: context.signal });
    if (!response.ok) throw new Error(`sales API answered ${response.status}`);
    const sales = (await response.json()) as Sale[];
    // Types declared, not inferred: polars infers a JSON column from its first 50 rows, so whole
    // amounts there would make `amount` Int64 and silently read every later 2.75 as 2.
    return pl.DataFrame([
      pl.Series('sale_id', sales.map((s) => s.sale_id), pl.Int64),
      pl.Series('customer_id', sales.map((s) => s.customer_id), pl.Utf8),
      pl.Series('sale_date', sales.map((s) => s.sale_date), pl.Utf8),
      pl.Series('amount', sales.map((s) => s.amount), pl.Float64),
    ]);
  },
});

export const cleanedSales = asset({
  key: 'cleaned_sales',
  ins: { rawSales },                                // rawSales arrives typed as raw_sales' output
  compute: ({ rawSales }) =>
    rawSales.withColumns(pl.col('sale_date').str.strptime(pl.Date, '%Y-%m-%d')).filter(pl.col('amount').gt(0)),
});

export default new Definitions({ assets: [rawSales, cleanedSales] });

/**
 * Figure 2's baseline: the sales pipeline as a plain nodejs-polars script, with the same
 * Parquet writes (sinkParquet, zstd, statistics) and reads between the steps as the IO manager.
 *
 *   node --import tsx bench/polars-baseline.ts <input.parquet> <output dir>
 *
 * Runs the pipeline once untimed (as the assetflow worker serves a warm-up run before the
 * measured ones: both sides then reuse memory their allocators already hold), then once timed.
 * Prints one JSON line: { ms, stepsMs, peakRssBytes } (ms excludes process start and imports).
 */
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import * as steps from './sales/steps';

export interface BaselineResult {
  ms: number;
  stepsMs: Record<string, number>;
  peakRssBytes: number;
}

async function write(df: pl.DataFrame, file: string): Promise<void> {
  await df.lazy().sinkParquet(file, { compression: 'zstd', statistics: true }).collect();
}

const read = (file: string) => pl.scanParquet(file).collect();

export async function runBaseline(input: string, outDir: string): Promise<Omit<BaselineResult, 'peakRssBytes'>> {
  fs.mkdirSync(outDir, { recursive: true });
  const file = (name: string) => path.join(outDir, `${name}.parquet`);
  const stepsMs: Record<string, number> = {};
  const step = async (name: string, compute: () => Promise<pl.DataFrame> | pl.DataFrame) => {
    const started = performance.now();
    await write(await compute(), file(name));
    stepsMs[name] = performance.now() - started;
  };
  const started = performance.now();
  await step('raw_sales', () => steps.readRawSales(input));
  await step('cleaned_sales', async () => steps.cleanSales(await read(file('raw_sales'))));
  await step('sales_by_customer', async () => steps.salesByCustomer(await read(file('cleaned_sales'))));
  await step('top_customers', async () => steps.topCustomers(await read(file('sales_by_customer'))));
  return { ms: performance.now() - started, stepsMs };
}

if (require.main === module) {
  const [input, outDir] = process.argv.slice(2);
  if (!input || !outDir) {
    console.error('usage: polars-baseline.ts <input.parquet> <output dir>');
    process.exit(2);
  }
  runBaseline(input, outDir)
    .then(() => runBaseline(input, outDir))
    .then(
    (result) => {
      console.log(JSON.stringify({ ...result, peakRssBytes: process.resourceUsage().maxRSS * 1024 } satisfies BaselineResult));
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

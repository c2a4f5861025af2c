/**
 * Figures 2 and 7: the sales pipeline over generated rows, end to end, materialized by a real
 * worker (its own process: `assetflow worker`) through the bench's dev server, against a plain
 * nodejs-polars script (bench/polars-baseline.ts, also its own process) doing the same four
 * steps with the same Parquet writes and reads. One worker serves a warm-up run and then the
 * measured ones; its peak RSS (VmHWM) is read at the end. Its times are kept for figure 3's ratio.
 */
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import type { RunResult } from '../contract/run';
import { startRun } from '../client/runs';
import { REPO_ROOT, runScriptForJson, startWorkerProcess } from './child-process';
import { ensureSalesInput } from './generate-sales';
import type { BaselineResult } from './polars-baseline';
import definitions from './sales/definitions';
import { median, repeat, timed } from './stats';
import type { BenchContext, Figure } from './types';

export const ASSETFLOW_DATA_PATH_MS = 'data-path/assetflow-ms';
/** The top_customers file assetflow wrote, to check the peer computed the same. */
export const ASSETFLOW_TOP_CUSTOMERS = 'data-path/top-customers-file';

export interface AssetflowDataPathRun {
  ms: number;
  steps: RunResult['steps'];
}

/** A worker process for the bench sales pipeline and a way to materialize it once. */
export async function startSalesWorker(ctx: BenchContext, input: string, storage: string) {
  const taskQueue = ctx.newTaskQueue('data-path');
  const worker = await startWorkerProcess({ defs: path.join(REPO_ROOT, 'bench', 'sales', 'definitions.ts'), address: ctx.target.address, taskQueue, storage });
  const idleRssBytes = worker.peakRss();
  return {
    worker,
    idleRssBytes,
    topCustomersFile: path.join(storage, 'top_customers.parquet'),
    async materialize(): Promise<AssetflowDataPathRun> {
      const { result, ms } = await timed(async () =>
        (
          await startRun(ctx.client, definitions, {
            taskQueue,
            selection: '*',
            runName: 'bench-sales',
            trigger: 'test',
            runConfig: { ops: { raw_sales: { config: { path: input } } } },
          })
        ).result(),
      );
      if (result.status !== 'success') throw new Error(`the sales run ended ${result.status}: ${JSON.stringify(result.steps)}`);
      return { ms, steps: result.steps };
    },
  };
}

export async function runPolarsBaseline(input: string, outDir: string): Promise<BaselineResult> {
  return runScriptForJson<BaselineResult>(path.join(REPO_ROOT, 'bench', 'polars-baseline.ts'), [input, outDir]);
}

/** Medians of the assetflow side, measured once per bench run and shared with figure 3. */
export async function assetflowDataPathMs(ctx: BenchContext): Promise<number> {
  const known = ctx.shared.get(ASSETFLOW_DATA_PATH_MS);
  if (typeof known === 'number') return known;
  const input = await ensureSalesInput(ctx.dataDir, ctx.options.rows);
  const sales = await startSalesWorker(ctx, input, path.join(ctx.workDir, 'data-path-assetflow'));
  try {
    await sales.materialize(); // warm-up
    const ms = median((await repeat(ctx.options.repeat, () => sales.materialize())).map((r) => r.ms));
    ctx.shared.set(ASSETFLOW_DATA_PATH_MS, ms);
    ctx.shared.set(ASSETFLOW_TOP_CUSTOMERS, sales.topCustomersFile);
    return ms;
  } finally {
    await sales.worker.stop();
  }
}

const mib = (bytes: number) => bytes / 1024 / 1024;

const dataPath: Figure = async (ctx) => {
  const rows = ctx.options.rows;
  ctx.log(`generating or reusing ${rows} sales rows under ${ctx.dataDir}`);
  const input = await ensureSalesInput(ctx.dataDir, rows);
  const inMemoryBytes = estimatedSize(pl.readParquet(input));
  const fileBytes = fs.statSync(input).size;
  const assetflowStorage = path.join(ctx.workDir, 'data-path-assetflow');
  const baselineDir = path.join(ctx.workDir, 'data-path-baseline');

  const sales = await startSalesWorker(ctx, input, assetflowStorage);
  let pairs: { base: BaselineResult; flow: AssetflowDataPathRun }[];
  let peakRssBytes: number;
  try {
    ctx.log('data path warm-up run');
    await sales.materialize(); // warm-up: first workflow task and first activity on this worker
    pairs = await repeat(ctx.options.repeat, async (i) => {
      // Alternate which side goes first, so neither always follows the other's page cache.
      const runBase = () => runPolarsBaseline(input, baselineDir);
      const [base, flow] = i % 2 === 0 ? [await runBase(), await sales.materialize()] : await sales.materialize().then(async (f) => [await runBase(), f] as const);
      ctx.log(`data path run ${i + 1}: assetflow ${flow.ms.toFixed(0)} ms, polars ${base.ms.toFixed(0)} ms`);
      return { base, flow };
    });
    peakRssBytes = sales.worker.peakRss();
  } finally {
    await sales.worker.stop();
  }
  assertSameResult(sales.topCustomersFile, path.join(baselineDir, 'top_customers.parquet'));

  const flowMs = median(pairs.map((p) => p.flow.ms));
  const baseMs = median(pairs.map((p) => p.base.ms));
  ctx.shared.set(ASSETFLOW_DATA_PATH_MS, flowMs);
  ctx.shared.set(ASSETFLOW_TOP_CUSTOMERS, sales.topCustomersFile);
  const stepMedian = (key: string) => median(pairs.map((p) => p.flow.steps.find((s) => s.key === key)?.durationMs ?? 0));
  const baseStepMedian = (key: string) => median(pairs.map((p) => p.base.stepsMs[key] ?? 0));
  const keys = ['raw_sales', 'cleaned_sales', 'sales_by_customer', 'top_customers'];
  const stepsNote = (f: (k: string) => number) => keys.map((k) => f(k).toFixed(0)).join(' / ');
  const rowsText = rows.toLocaleString('en-US');
  return [
    { figure: `2 sales pipeline, ${rowsText} rows: assetflow`, value: flowMs, unit: 'ms', note: `steps ${stepsNote(stepMedian)} ms (raw / cleaned / by customer / top)` },
    { figure: `2 same steps, plain nodejs-polars`, value: baseMs, unit: 'ms', note: `steps ${stepsNote(baseStepMedian)} ms` },
    { figure: '2 assetflow / plain polars', value: flowMs / baseMs, unit: 'x', target: { op: '<=', value: 1.3 } },
    {
      figure: '7 worker peak RSS (figure 2)',
      value: mib(peakRssBytes),
      unit: 'MiB',
      note:
        `input in memory ${mib(inMemoryBytes).toFixed(0)} MiB (Parquet file ${mib(fileBytes).toFixed(0)} MiB); idle worker ${mib(sales.idleRssBytes).toFixed(0)} MiB; ` +
        `plain polars script peak ${mib(median(pairs.map((p) => p.base.peakRssBytes))).toFixed(0)} MiB`,
    },
  ];
};

/** Both sides must have computed the same top customers, or the comparison means nothing. */
function assertSameResult(assetflowFile: string, baselineFile: string): void {
  const a = pl.readParquet(assetflowFile);
  const b = pl.readParquet(baselineFile);
  if (!a.frameEqual(b)) throw new Error(`assetflow and the polars baseline disagree on top_customers:\n${a.toString()}\n${b.toString()}`);
}

/** polars' own estimate of a frame's heap size (estimated_size; not in nodejs-polars' typings, present on the native frame). */
function estimatedSize(df: pl.DataFrame): number {
  const native = (df as unknown as { inner?: () => { estimatedSize?: () => number } }).inner?.();
  const size = native?.estimatedSize?.();
  if (typeof size !== 'number') throw new Error('this nodejs-polars has no estimatedSize on its native DataFrame');
  return size;
}

export default dataPath;

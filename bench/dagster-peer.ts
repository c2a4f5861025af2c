/**
 * Figure 3: the peer. The same four-asset sales pipeline in Dagster with pandas
 * (bench/dagster/sales_pipeline.py, pinned versions in bench/dagster/requirements.txt),
 * materialized in process over the same input file, each step's output written as zstd Parquet.
 * Timed: the materialize() call, from inside the Python process (its imports are reported apart).
 * The ratio uses assetflow's median from figure 2 of the same bench run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import { collect, REPO_ROOT } from './child-process';
import { assetflowDataPathMs, ASSETFLOW_TOP_CUSTOMERS } from './data-path';
import { ensureSalesInput } from './generate-sales';
import { ensureDagsterVenv } from './python-env';
import { median, repeat } from './stats';
import type { Figure } from './types';

export interface DagsterRun {
  import_ms: number;
  materialize_ms: number;
  steps_ms: Record<string, number>;
  top_customer_ids: string[];
  peak_rss_bytes: number;
}

export async function runDagsterPipeline(python: string, input: string, storage: string): Promise<DagsterRun> {
  fs.rmSync(storage, { recursive: true, force: true });
  const script = path.join(REPO_ROOT, 'bench', 'dagster', 'sales_pipeline.py');
  const { code, stdout, stderr } = await collect(spawn(python, [script, input, storage], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
  if (code !== 0) throw new Error(`the Dagster pipeline exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as DagsterRun;
}

const dagsterPeer: Figure = async (ctx) => {
  const python = await ensureDagsterVenv();
  const input = await ensureSalesInput(ctx.dataDir, ctx.options.rows);
  const storage = path.join(ctx.workDir, 'dagster-storage');
  const runs = await repeat(ctx.options.repeat, async (i) => {
    const run = await runDagsterPipeline(python, input, storage);
    ctx.log(`dagster run ${i + 1}: materialize ${run.materialize_ms.toFixed(0)} ms, imports ${run.import_ms.toFixed(0)} ms`);
    return run;
  });
  const flowMs = await assetflowDataPathMs(ctx);
  const topFile = ctx.shared.get(ASSETFLOW_TOP_CUSTOMERS);
  if (typeof topFile === 'string') {
    const ours = pl.readParquet(topFile).getColumn('customer_id').toArray();
    if (JSON.stringify(ours) !== JSON.stringify(runs[0].top_customer_ids)) {
      throw new Error(`Dagster and assetflow disagree on the top customers: ${runs[0].top_customer_ids.join(',')} vs ${ours.join(',')}`);
    }
  }
  const dagsterMs = median(runs.map((r) => r.materialize_ms));
  const steps = ['raw_sales', 'cleaned_sales', 'sales_by_customer', 'top_customers'].map((k) => median(runs.map((r) => r.steps_ms[k] ?? 0)).toFixed(0)).join(' / ');
  const mib = (b: number) => (b / 1024 / 1024).toFixed(0);
  return [
    {
      figure: `3 Dagster + pandas, ${ctx.options.rows.toLocaleString('en-US')} rows`,
      value: dagsterMs,
      unit: 'ms',
      note: `materialize(); steps ${steps} ms; imports ${median(runs.map((r) => r.import_ms)).toFixed(0)} ms apart; peak RSS ${mib(median(runs.map((r) => r.peak_rss_bytes)))} MiB`,
    },
    { figure: '3 Dagster / assetflow', value: dagsterMs / flowMs, unit: 'x', target: { op: '>=', value: 5 }, note: `assetflow ${flowMs.toFixed(0)} ms (figure 2)` },
  ];
};

export default dagsterPeer;

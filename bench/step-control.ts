/**
 * Steps off the event loop, measured on real worker processes (`assetflow worker`, steps in step
 * threads, default heartbeat timeout 10 s):
 *
 * - cancel latency: from the cancel request to the run's end (Cancelled), for a compute in an
 *   async wait, in eager polars calls, and in a busy loop (the last two ignore their signal:
 *   their thread is terminated after the 0.5 s grace);
 * - crash-recovery latency: from SIGKILL of the worker running a step to the retried attempt's
 *   compute starting on a second worker;
 * - worker RSS over 10 runs of the sales pipeline (figure 2's, `--rows` rows): the worker's
 *   resident memory once each run ended and its step threads went idle (and ended).
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRun } from '../client/runs';
import { REPO_ROOT, startWorkerProcess, type WorkerProcess } from './child-process';
import { startSalesWorker } from './data-path';
import { ensureSalesInput } from './generate-sales';
import { median, repeat } from './stats';
import { stepThreadDefinitions } from '../test/fixtures/step-thread-definitions';
import type { BenchContext, Figure, FigureRow } from './types';

const DEFS = path.join(REPO_ROOT, 'bench', 'step-control', 'definitions.ts');
const RSS_RUNS = 10;

/** Current resident set size of a live process (VmRSS), bytes. */
function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

async function waitForFile(file: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await sleep(20);
  }
}

function setup(ctx: BenchContext, name: string) {
  const storage = path.join(ctx.workDir, name, 'storage');
  const controlDir = path.join(ctx.workDir, name, 'control');
  fs.mkdirSync(controlDir, { recursive: true });
  const taskQueue = ctx.newTaskQueue(name);
  const definitions = stepThreadDefinitions(storage, controlDir);
  const worker = () => startWorkerProcess({ defs: DEFS, address: ctx.target.address, taskQueue, storage, env: { BENCH_CONTROL_DIR: controlDir } });
  return { controlDir, taskQueue, definitions, worker, marker: (key: string, attempt: number) => path.join(controlDir, `started-${key}-${attempt}`) };
}

async function cancelLatencyMs(ctx: BenchContext, key: string): Promise<number> {
  const s = setup(ctx, `cancel-${key}`);
  const worker = await s.worker();
  try {
    const samples = await repeat(ctx.options.repeat, async (i) => {
      fs.rmSync(s.marker(key, 1), { force: true });
      const run = await startRun(ctx.client, s.definitions, { taskQueue: s.taskQueue, selection: key, runName: `cancel-${key}-${i}`, trigger: 'test' });
      await waitForFile(s.marker(key, 1));
      const started = performance.now();
      await run.handle.cancel();
      const result = await run.result();
      if (result.status !== 'cancelled') throw new Error(`cancelled ${key} ended ${result.status}`);
      return performance.now() - started;
    });
    return median(samples);
  } finally {
    await worker.stop();
  }
}

async function recoveryLatencyMs(ctx: BenchContext): Promise<number> {
  const samples = await repeat(ctx.options.repeat, async (i) => {
    const s = setup(ctx, `recovery-${i}`);
    const workers: WorkerProcess[] = [await s.worker()];
    try {
      const run = await startRun(ctx.client, s.definitions, { taskQueue: s.taskQueue, selection: 'waits_for_release', runName: `recovery-${i}`, trigger: 'test' });
      await waitForFile(s.marker('waits_for_release', 1));
      workers.push(await s.worker());
      process.kill(workers[0].pid, 'SIGKILL');
      const killedAt = Date.now();
      await waitForFile(s.marker('waits_for_release', 2));
      const ms = Number(fs.readFileSync(s.marker('waits_for_release', 2), 'utf8')) - killedAt;
      await run.result();
      return ms;
    } finally {
      await Promise.all(workers.map((w) => w.stop().catch(() => {})));
    }
  });
  return median(samples);
}

async function rssOverRuns(ctx: BenchContext): Promise<number[]> {
  const input = await ensureSalesInput(ctx.dataDir, ctx.options.rows);
  const sales = await startSalesWorker(ctx, input, path.join(ctx.workDir, 'step-control-rss'));
  try {
    const rss: number[] = [];
    for (let i = 0; i < RSS_RUNS; i++) {
      await sales.materialize();
      await sleep(3000); // idle step threads end after 2 s, returning their memory
      rss.push(rssOf(sales.worker.pid));
      ctx.log(`step-control: RSS after run ${i + 1}: ${(rss[i] / 1024 / 1024).toFixed(0)} MiB`);
    }
    return rss;
  } finally {
    await sales.worker.stop();
  }
}

const stepControl: Figure = async (ctx) => {
  const rows: FigureRow[] = [];
  for (const [key, what] of [['async_wait', 'an async wait'], ['blocking_polars', 'eager polars calls'], ['busy_loop', 'a busy loop']] as const) {
    rows.push({ figure: `10 cancel latency, compute in ${what}`, value: await cancelLatencyMs(ctx, key), unit: 'ms', target: { op: '<=', value: 2000 }, note: 'cancel request to run Cancelled' });
  }
  rows.push({ figure: '10 crash recovery: SIGKILL to retried compute', value: await recoveryLatencyMs(ctx), unit: 'ms', target: { op: '<=', value: 15_000 }, note: 'default heartbeat timeout 10 s, second worker already polling' });
  const rss = (await rssOverRuns(ctx)).map((b) => b / 1024 / 1024);
  rows.push({
    figure: `10 worker RSS after run ${RSS_RUNS} of the sales pipeline (${ctx.options.rows.toLocaleString('en-US')} rows)`,
    value: rss[rss.length - 1],
    unit: 'MiB',
    note: `after each run, idle: ${rss.map((m) => m.toFixed(0)).join(' / ')} MiB`,
  });
  return rows;
};

export default stepControl;

/**
 * Keeps the benchmark modules from rotting: each runs once at a tiny size on the suite's dev
 * server and must produce its rows. No timing is asserted here: performance is bench/'s job.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchContextOn, DEFAULT_OPTIONS } from '../bench/context';
import dataPath from '../bench/data-path';
import definitionsScale, { buildScaleGraph } from '../bench/definitions-scale';
import orchestration from '../bench/orchestration';
import stepControl from '../bench/step-control';
import { FIGURES } from '../bench/figures';
import { renderMarkdown, renderTable, runFigures } from '../bench/table';
import type { BenchContext, FigureRow } from '../bench/types';
import { tempStorage, testTarget } from './support/temporal';

const tiny = { ...DEFAULT_OPTIONS, rows: 1000, repeat: 1, chain: 5, wide: 6, scaleAssets: 200 };
let ctx: BenchContext & { close(): Promise<void> };

beforeAll(async () => {
  const dir = tempStorage('bench');
  ctx = await benchContextOn(testTarget(), tiny, { workDir: path.join(dir, 'work'), dataDir: path.join(dir, 'data'), bundle: process.env.ASSETFLOW_TEST_BUNDLE });
  fs.mkdirSync(ctx.workDir, { recursive: true });
});
afterAll(() => ctx?.close());

const measured = (rows: FigureRow[]) => rows.filter((r) => r.value !== undefined);

test('figure 1 materializes the chain and the fan-out/fan-in and reports per-asset figures', async () => {
  const rows = await orchestration(ctx);
  expect(rows.map((r) => r.figure)).toEqual([
    '1 chain of 5: end to end',
    '1 chain of 5: per asset',
    '1 floor: plain Temporal, 5 no-op activities in a row',
    '1 fan-out/in of 6: end to end',
    '1 fan-out/in of 6: per asset',
    '1 chain / fan-out per-asset ratio',
  ]);
  for (const row of rows) expect(Number.isFinite(row.value)).toBe(true);
  expect(rows[1].note).toMatch(/workflow task wait .* activity wait/);
});

test('figures 2 and 7 run the sales pipeline on a worker process and a plain polars script that agree', async () => {
  const rows = await dataPath(ctx);
  expect(measured(rows).map((r) => r.figure)).toEqual([
    '2 sales pipeline, 1,000 rows: assetflow',
    '2 same steps, plain nodejs-polars',
    '2 assetflow / plain polars',
    '7 worker peak RSS (figure 2)',
  ]);
  expect(rows[3].note).toMatch(/input in memory \d+ MiB/);
});

// About a minute (worker processes, a SIGKILL recovery waits out the 10 s heartbeat timeout, ten pipeline runs).
const slowTest = process.env.ASSETFLOW_SKIP_SLOW_TESTS === '1' ? test.skip : test;
slowTest('figure 10 cancels three kinds of compute, recovers from a killed worker and reads the worker RSS after ten runs', async () => {
  const rows = await stepControl(ctx);
  expect(rows.map((r) => r.figure)).toEqual([
    '10 cancel latency, compute in an async wait',
    '10 cancel latency, compute in eager polars calls',
    '10 cancel latency, compute in a busy loop',
    '10 crash recovery: SIGKILL to retried compute',
    '10 worker RSS after run 10 of the sales pipeline (1,000 rows)',
  ]);
  for (const row of rows) expect(Number.isFinite(row.value)).toBe(true);
  expect(rows[4].note).toMatch(/^after each run, idle: (\d+ \/ ){9}\d+ MiB$/);
}, 240_000);

test('figure 6 builds exactly twice as many edges as assets and plans them all', async () => {
  expect(buildScaleGraph(200).edges).toBe(400);
  const [row] = await definitionsScale(ctx);
  expect(row.figure).toBe('6 200 assets, 400 edges');
});

test('every figure in the registry loads as a figure module, and the table shows every row', async () => {
  for (const entry of FIGURES) {
    const mod = await entry.load();
    expect(typeof (mod.default ?? mod.run)).toBe('function');
  }
  const rows = await runFigures(ctx, ['definitions-scale']);
  expect(renderTable(rows)).toContain('6 200 assets, 400 edges');
  expect(renderMarkdown(rows)).toMatch(/^\| figure \| value \| target \| met\? \| note \|$/m);
});

/**
 * Figure 1: orchestration overhead on the dev server with trivial compute. A chain of N assets
 * (each adds one to its input) and a fan-out/fan-in of M assets (one root, M-2 parallel
 * middles, one sink reading them all), materialized by a real worker through the default IO
 * manager (tiny JSON files) and the catalog. End-to-end = from startRun to the run's result.
 */
import path from 'node:path';
import { asset, type AnyAsset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import type { RunResult } from '../contract/run';
import { startRun } from '../client/runs';
import { createWorker } from '../worker';
import { temporalFloor } from './temporal-floor';
import { describeBreakdown, historyBreakdown, type HistoryBreakdown } from './history-breakdown';
import { median, repeat, timed } from './stats';
import type { BenchContext, Figure, FigureRow } from './types';

/** Steps in flight at once for the wide graph (plan maxParallel and worker activity slots). */
export const WIDE_PARALLELISM = 64;

/** `chain_000 → chain_001 → …`, each computing its input plus one. */
export function chainDefinitions(length: number, storageRoot: string): Definitions {
  const assets: AnyAsset[] = [];
  let previous: AnyAsset | undefined;
  for (let i = 0; i < length; i++) {
    const key = `chain_${String(i).padStart(3, '0')}`;
    const current: AnyAsset = previous
      ? asset({ key, ins: { previous }, compute: ({ previous: value }: { previous: number }) => value + 1 })
      : asset({ key, compute: () => 0 });
    assets.push(current);
    previous = current;
  }
  return new Definitions({ assets, storageRoot });
}

/** `wide_root → wide_001 … wide_<size-2> → wide_sink`: the middles run in parallel. */
export function wideDefinitions(size: number, storageRoot: string): Definitions {
  if (size < 3) throw new RangeError(`a fan-out/fan-in needs at least 3 assets (got ${size})`);
  const root = asset({ key: 'wide_root', compute: () => 1 });
  const middles = Array.from({ length: size - 2 }, (_, i) =>
    asset({ key: `wide_${String(i + 1).padStart(3, '0')}`, ins: { root }, compute: ({ root: value }) => value + i }),
  );
  const ins: Record<string, AnyAsset> = Object.fromEntries(middles.map((m) => [m.key, m]));
  const sink = asset({
    key: 'wide_sink',
    ins,
    compute: (inputs: Record<string, unknown>) => middles.reduce((sum, m) => sum + Number(inputs[m.key]), 0),
  });
  return new Definitions({ assets: [root, ...middles, sink], storageRoot });
}

export interface GraphTiming {
  endToEndMs: number;
  /** Sum of the steps' own durations (load inputs, compute, store, catalog) as the activity measured them. */
  stepMs: number;
  /** Where the time went, from the run's history. */
  breakdown: HistoryBreakdown;
  /** CPU used during the run by this process (bench client and in-process worker, all threads) and by the dev server. */
  cpu: { workerMs: number; serverMs?: number };
}

/** Materializes all of `definitions` `times` times (after one warm-up run) with a real in-process worker. */
export async function timeGraph(ctx: BenchContext, name: string, definitions: Definitions, times: number, parallelism?: number): Promise<GraphTiming[]> {
  const taskQueue = ctx.newTaskQueue(name);
  const worker = await createWorker({
    definitions,
    target: ctx.target,
    taskQueue,
    workflowBundlePath: ctx.workflowBundlePath,
    // Built here, exported by no module: steps run on the worker's thread (no step threads).
    stepThreads: false,
    ...(parallelism ? { maxConcurrentActivities: parallelism } : {}),
  });
  const once = async (): Promise<GraphTiming> => {
    const cpuBefore = process.cpuUsage();
    const serverBefore = ctx.serverCpuMs?.();
    const { result: run, ms } = await timed(async () => {
      const started = await startRun(ctx.client, definitions, { taskQueue, selection: '*', runName: name, ...(parallelism ? { maxParallel: parallelism } : {}), trigger: 'test' });
      return Object.assign(started, { finished: await started.result() });
    });
    const result = run.finished;
    const used = process.cpuUsage(cpuBefore);
    const cpu = { workerMs: (used.user + used.system) / 1000, ...(serverBefore !== undefined ? { serverMs: ctx.serverCpuMs!() - serverBefore } : {}) };
    assertSucceeded(name, result);
    return { endToEndMs: ms, stepMs: result.steps.reduce((sum, s) => sum + (s.durationMs ?? 0), 0), breakdown: await historyBreakdown(run.handle), cpu };
  };
  return worker.runUntil(async () => {
    await once(); // warm-up: worker caches, first workflow task, JIT
    return repeat(times, async (i) => {
      const timing = await once();
      ctx.log(`${name} run ${i + 1}: ${timing.endToEndMs.toFixed(0)} ms`);
      return timing;
    });
  });
}

function assertSucceeded(name: string, result: RunResult): void {
  if (result.status !== 'success') throw new Error(`bench run ${name} ended ${result.status}: ${JSON.stringify(result.steps.filter((s) => s.status !== 'succeeded'))}`);
}

const orchestration: Figure = async (ctx) => {
  const { chain, wide, repeat: times } = ctx.options;
  const chainRuns = await timeGraph(ctx, 'bench-chain', chainDefinitions(chain, path.join(ctx.workDir, 'chain')), times);
  const floor = await temporalFloor(ctx, chain);
  const floorMs = floor.perActivityMs;
  const wideRuns = await timeGraph(ctx, 'bench-wide', wideDefinitions(wide, path.join(ctx.workDir, 'wide')), times, WIDE_PARALLELISM);
  const chainMs = median(chainRuns.map((r) => r.endToEndMs));
  const chainStepMs = median(chainRuns.map((r) => r.stepMs));
  const typicalChain = chainRuns.find((r) => r.endToEndMs === chainMs) ?? chainRuns[0];
  const cpuNote = (runs: GraphTiming[], assets: number) => {
    const worker = median(runs.map((r) => r.cpu.workerMs)) / assets;
    const server = runs[0].cpu.serverMs !== undefined ? median(runs.map((r) => r.cpu.serverMs ?? 0)) / assets : undefined;
    return `CPU per asset: worker and client ${worker.toFixed(1)} ms${server !== undefined ? `, dev server ${server.toFixed(1)} ms` : ''}`;
  };
  const wideMs = median(wideRuns.map((r) => r.endToEndMs));
  const chainPerAsset = chainMs / chain;
  const widePerAsset = wideMs / wide;
  const rows: FigureRow[] = [
    { figure: `1 chain of ${chain}: end to end`, value: chainMs, unit: 'ms', note: cpuNote(chainRuns, chain) },
    {
      figure: `1 chain of ${chain}: per asset`,
      value: chainPerAsset,
      unit: 'ms',
      target: { op: '<=', value: 15 },
      note: `${describeBreakdown(typicalChain.breakdown, chain)}; of which the step itself (load, compute, store, catalog) ${(chainStepMs / chain).toFixed(1)} ms`,
    },
    {
      figure: `1 floor: plain Temporal, ${chain} no-op activities in a row`,
      value: floorMs,
      unit: 'ms',
      note: `per activity, same SDK and server without assetflow (chain per asset minus this: ${(chainPerAsset - floorMs).toFixed(1)} ms); ${describeBreakdown(floor.breakdown, chain)}`,
    },
    { figure: `1 fan-out/in of ${wide}: end to end`, value: wideMs, unit: 'ms', note: `up to ${WIDE_PARALLELISM} steps at once; ${cpuNote(wideRuns, wide)}` },
    { figure: `1 fan-out/in of ${wide}: per asset`, value: widePerAsset, unit: 'ms' },
    { figure: '1 chain / fan-out per-asset ratio', value: chainPerAsset / widePerAsset, unit: 'x', target: { op: '>=', value: 5 } },
  ];
  return rows;
};

export default orchestration;

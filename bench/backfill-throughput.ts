/**
 * `npx tsx bench/backfill-throughput.ts [partitions=1000] [concurrency=40]`: backfills trivial
 * daily partitions on a dev server (TEMPORAL_ADDRESS, or the local one assetflow starts) with
 * an in-process worker, and prints partitions per second and the history size of each
 * execution of the continue-as-new chain. Not a test: numbers depend on the machine.
 * Also figure 5 of `npm run bench` (the default export): one dev server, one worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { dailyPartitions } from '../assets/partitions';
import { backfillHistorySizes, startBackfill } from '../client/backfills';
import { connectClient, resolveTarget } from '../client/cli/target';
import { createWorker } from '../worker';
import { historyBound, DEFAULT_PARTITIONS_PER_EXECUTION } from '../workflows/backfill-workflow';
import type { TemporalTarget } from '../temporal/connection';
import type { Figure } from './types';

export interface BackfillThroughput {
  total: number;
  succeeded: number;
  failed: number;
  seconds: number;
  historySizes: number[];
}

/** Backfills `partitions` trivial daily partitions with one in-process worker; `onProgress` sees the progress each second. */
export async function measureBackfill(
  client: Client,
  target: TemporalTarget,
  options: { partitions: number; concurrency: number; storageRoot: string; taskQueue: string; onProgress?: (line: string) => void },
): Promise<BackfillThroughput> {
  const start = '2020-01-01';
  const trivial = asset({ key: 'bench_day', partitions: dailyPartitions({ start }), compute: ({ context }) => ({ day: context.partitionKey! }) });
  const definitions = new Definitions({ assets: [trivial], storageRoot: options.storageRoot });
  const worker = await createWorker({ definitions, target, taskQueue: options.taskQueue, maxConcurrentActivities: 32, stepThreads: false });
  const to = DateTime.fromISO(start, { zone: 'UTC' }).plus({ days: options.partitions - 1 }).toFormat('yyyy-MM-dd');
  return worker.runUntil(async () => {
    const began = performance.now();
    const backfill = await startBackfill(client, definitions, { selection: 'bench_day', from: start, to, maxConcurrent: options.concurrency, taskQueue: options.taskQueue });
    const ticker = setInterval(() => {
      backfill.progress().then(
        (p) => options.onProgress?.(`${p.finished}/${p.total} finished, ${p.running} running, execution ${p.execution}`),
        () => {},
      );
    }, 1000);
    const result = await backfill.result().finally(() => clearInterval(ticker));
    const seconds = (performance.now() - began) / 1000;
    const historySizes = await backfillHistorySizes(client, backfill.backfillId, backfill.firstRunId!);
    return { total: result.total, succeeded: result.succeeded, failed: result.failed, seconds, historySizes };
  });
}

/** Figure 5: partitions per second for `--partitions` trivial partitions (one backfill; its rate is already an average over them). */
const backfillThroughput: Figure = async (ctx) => {
  const concurrency = 40;
  const cpuBefore = process.cpuUsage();
  const serverBefore = ctx.serverCpuMs?.();
  const run = await measureBackfill(ctx.client, ctx.target, {
    partitions: ctx.options.partitions,
    concurrency,
    storageRoot: path.join(ctx.workDir, 'backfill'),
    taskQueue: ctx.newTaskQueue('backfill'),
    onProgress: (line) => ctx.log(line),
  });
  if (run.failed > 0) throw new Error(`${run.failed} of ${run.total} partitions failed`);
  const used = process.cpuUsage(cpuBefore);
  const perPartition = (ms: number) => (ms / run.total).toFixed(1);
  const cpu = `CPU per partition: worker and client ${perPartition((used.user + used.system) / 1000)} ms${serverBefore !== undefined ? `, dev server ${perPartition(ctx.serverCpuMs!() - serverBefore)} ms` : ''}`;
  return [
    {
      figure: `5 backfill of ${run.total.toLocaleString('en-US')} trivial partitions`,
      value: run.total / run.seconds,
      unit: 'partitions/s',
      target: { op: '>=', value: 50 },
      note: `${run.seconds.toFixed(1)} s, one dev server and one worker, ${concurrency} runs at once; ${cpu}`,
    },
  ];
};

export default backfillThroughput;

async function main() {
  const partitions = Number(process.argv[2] ?? 1000);
  const concurrency = Number(process.argv[3] ?? 40);
  const storageRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-bench-'));
  const { target } = await resolveTarget();
  const { client, close } = await connectClient(target);
  const taskQueue = `bench-backfill-${process.pid}`;
  try {
    const run = await measureBackfill(client, target, { partitions, concurrency, storageRoot, taskQueue, onProgress: (line) => process.stdout.write(`\r${line}   `) });
    console.log(`\n${run.succeeded}/${run.total} partitions succeeded (${run.failed} failed) in ${run.seconds.toFixed(1)} s: ${(run.total / run.seconds).toFixed(1)} partitions/s at concurrency ${concurrency}`);
    console.log(`history events per execution: ${run.historySizes.join(', ')} (bound ${historyBound(DEFAULT_PARTITIONS_PER_EXECUTION)})`);
  } finally {
    await close();
    fs.rmSync(storageRoot, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

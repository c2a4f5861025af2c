/**
 * `npx tsx bench/backfill-throughput.ts [partitions=1000] [concurrency=40]`: backfills trivial
 * daily partitions on a dev server (TEMPORAL_ADDRESS, or the local one assetflow starts) with
 * an in-process worker, and prints partitions per second and the history size of each
 * execution of the continue-as-new chain. Not a test: numbers depend on the machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { asset } from '../assets/asset';
import { Definitions } from '../assets/definitions';
import { dailyPartitions } from '../assets/partitions';
import { backfillHistorySizes, startBackfill } from '../client/backfills';
import { connectClient, resolveTarget } from '../client/target';
import { createWorker } from '../worker';
import { historyBound, DEFAULT_PARTITIONS_PER_EXECUTION } from '../workflows/backfill-workflow';

async function main() {
  const partitions = Number(process.argv[2] ?? 1000);
  const concurrency = Number(process.argv[3] ?? 40);
  const storageRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-bench-'));
  const start = '2020-01-01';
  const trivial = asset({ key: 'bench_day', partitions: dailyPartitions({ start }), compute: ({ context }) => ({ day: context.partitionKey! }) });
  const definitions = new Definitions({ assets: [trivial], storageRoot });
  const { target } = await resolveTarget();
  const { client, close } = await connectClient(target);
  const taskQueue = `bench-backfill-${process.pid}`;
  const worker = await createWorker({ definitions, target, taskQueue, maxConcurrentActivities: 32 });
  const to = DateTime.fromISO(start, { zone: 'UTC' }).plus({ days: partitions - 1 }).toFormat('yyyy-MM-dd');
  try {
    await worker.runUntil(async () => {
      const began = performance.now();
      const backfill = await startBackfill(client, definitions, { selection: 'bench_day', from: start, to, maxConcurrent: concurrency, taskQueue });
      const ticker = setInterval(() => {
        backfill.progress().then(
          (p) => process.stdout.write(`\r${p.finished}/${p.total} finished, ${p.running} running, execution ${p.execution}   `),
          () => {},
        );
      }, 1000);
      const result = await backfill.result().finally(() => clearInterval(ticker));
      const seconds = (performance.now() - began) / 1000;
      const sizes = await backfillHistorySizes(client, backfill.backfillId, backfill.firstRunId!);
      console.log(`\n${result.succeeded}/${result.total} partitions succeeded (${result.failed} failed) in ${seconds.toFixed(1)} s: ${(result.total / seconds).toFixed(1)} partitions/s at concurrency ${concurrency}`);
      console.log(`history events per execution: ${sizes.join(', ')} (bound ${historyBound(DEFAULT_PARTITIONS_PER_EXECUTION)})`);
    });
  } finally {
    await close();
    fs.rmSync(storageRoot, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

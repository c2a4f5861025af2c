/**
 * Asset sensor delay: from a materialization's record (its `materializedAt`) to the start of the
 * downstream run the asset sensor requested, on a dedicated dev server. Target: under 1 s.
 *
 *   npx tsx bench/sensor-delay.ts [runs=10]
 *
 * Also figure 4 of `npm run bench` (the default export), on the bench's dev server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { TemporalTarget } from '../temporal/connection';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { assetSensor } from '../assets/sensor';
import { deploySensors } from '../client/deploy-sensors';
import { ensureDevServer, freePort } from '../temporal/dev-server';
import { startRun } from '../client/runs';
import { sensorHandle } from '../client/sensors';
import { createWorker } from '../worker';
import { sensorRunWorkflowId } from '../contract/ids';
import { median } from './stats';
import type { Figure } from './types';

process.env.ASSETFLOW_LOG_LEVEL ??= 'warn';

/**
 * `runs` delays (after one warm-up round), in ms, from the upstream's catalog record to the start
 * of the downstream run its asset sensor requested, on a given server and task queue.
 */
export async function measureSensorDelays(client: Client, target: TemporalTarget, taskQueue: string, storageRoot: string, runs: number): Promise<number[]> {
  const upstream = asset({ key: 'upstream', compute: () => ({ at: Date.now() }) });
  const downstream = asset({ key: 'downstream', ins: { upstream }, compute: ({ upstream }) => ({ from: upstream.at }) });
  const name = 'bench_on_upstream';
  const onUpstream = assetSensor({
    name,
    assetKeys: ['upstream'],
    selection: 'downstream',
    evaluate: (ctx) => ctx.materializations.map((m) => ({ runKey: `upstream:${m.runId}` })),
  });
  const definitions = new Definitions({ assets: [upstream, downstream], sensors: [onUpstream], storageRoot });
  const worker = await createWorker({ definitions, target, taskQueue, stepThreads: false });
  const delays: number[] = [];
  await worker.runUntil(async () => {
    await deploySensors(client, definitions, { taskQueue });
    for (let i = 0; i < runs + 1; i++) {
      const run = await startRun(client, definitions, { selection: 'upstream', taskQueue });
      const result = await run.result();
      const record = await definitions.catalog.latestMaterialization('upstream');
      if (!record || record.runId !== result.runId) throw new Error('no catalog record for the upstream run');
      const handle = client.workflow.getHandle(sensorRunWorkflowId(name, `upstream:${result.runId}`));
      let startedAt: Date | undefined;
      for (let tries = 0; !startedAt && tries < 1000; tries++) {
        try {
          startedAt = (await handle.describe()).startTime;
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
      if (!startedAt) throw new Error('the downstream run never started');
      await handle.result();
      const delay = startedAt.getTime() - Date.parse(record.materializedAt);
      if (i > 0) delays.push(delay); // the first round warms the worker's caches up
    }
    await sensorHandle(client, name).handle.terminate('bench done');
  });
  return delays;
}

/** Figure 4, asset-sensor half (bench/schedule-delay.ts is the other): the median delay over 10 runs (or `--repeat`, if more). */
const sensorDelay: Figure = async (ctx) => {
  const runs = Math.max(10, ctx.options.repeat);
  const delays = await measureSensorDelays(ctx.client, ctx.target, ctx.newTaskQueue('sensor-delay'), path.join(ctx.workDir, 'sensor-delay'), runs);
  const sorted = [...delays].sort((a, b) => a - b);
  return [
    {
      figure: '4 asset-sensor reaction delay',
      value: median(delays),
      unit: 'ms',
      target: { op: '<', value: 1000 },
      note: `materialization record → downstream run start, ${runs} runs, max ${sorted.at(-1)} ms`,
    },
  ];
};

export default sensorDelay;

async function main() {
  const runs = Number(process.argv[2] ?? 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-bench-sensor-'));
  const server = await ensureDevServer({ port: await freePort(), headless: true, dbFile: path.join(dir, 'temporal.db') });
  const target = { address: server.address, namespace: server.namespace };
  const connection = await Connection.connect({ address: target.address });
  const client = new Client({ connection, namespace: target.namespace });
  let delays: number[];
  try {
    delays = await measureSensorDelays(client, target, 'bench-sensor-delay', path.join(dir, 'storage'), runs);
  } finally {
    await connection.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const sorted = [...delays].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`asset sensor delay, materialization record → downstream run start, ${sorted.length} runs:`);
  console.log(`  median ${at(0.5)} ms, p90 ${at(0.9)} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms (target: under 1000 ms)`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

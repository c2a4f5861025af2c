/**
 * The floor under figure 1's chain: plain Temporal (same SDK, same dev server, no assetflow)
 * running no-op activities one after the other. What assetflow adds per step is the chain's
 * per-asset time minus this.
 */
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { historyBreakdown, type HistoryBreakdown } from '../history-breakdown';
import { median, repeat, timed } from '../stats';
import type { BenchContext } from '../types';
import { sequentialNoops } from './workflows';

export async function temporalFloor(ctx: BenchContext, length: number): Promise<{ perActivityMs: number; breakdown: HistoryBreakdown }> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
  const connection = await NativeConnection.connect({ address: ctx.target.address });
  const taskQueue = ctx.newTaskQueue('temporal-floor');
  try {
    const worker = await Worker.create({ connection, namespace: ctx.target.namespace, taskQueue, workflowBundle: { code }, activities: { noop: async (value: number) => value + 1 } });
    const once = async () => {
      const { result: handle, ms } = await timed(async () => {
        const started = await ctx.client.workflow.start(sequentialNoops, { taskQueue, workflowId: `${taskQueue}-${Math.random().toString(36).slice(2)}`, args: [length] });
        await started.result();
        return started;
      });
      return { perActivityMs: ms / length, breakdown: await historyBreakdown(handle) };
    };
    return await worker.runUntil(async () => {
      await once();
      const runs = await repeat(ctx.options.repeat, once);
      const perActivityMs = median(runs.map((r) => r.perActivityMs));
      return runs.find((r) => r.perActivityMs === perActivityMs) ?? { perActivityMs, breakdown: runs[0].breakdown };
    });
  } finally {
    await connection.close();
  }
}

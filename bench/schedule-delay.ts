/**
 * Figure 4, schedule half: the fire delay of a deployed schedule, from the time it was
 * scheduled for (Temporal's `scheduledAt`, no jitter set) to the start of the run workflow it
 * started. Temporal schedules take five-field crons, so one firing per minute: this figure waits
 * for up to `min(--repeat, 2)` firings (1–2 minutes).
 */
import path from 'node:path';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { schedule } from '../assets/schedule';
import { deploySchedules } from '../client/deploy';
import { scheduleId } from '../contract/ids';
import { createWorker } from '../worker';
import { median } from './stats';
import type { Figure } from './types';

const NAME = 'bench_every_minute';

const scheduleDelay: Figure = async (ctx) => {
  const firings = Math.min(ctx.options.repeat, 2);
  const tick = asset({ key: 'bench_tick', compute: () => ({ at: Date.now() }) });
  const everyMinute = schedule({ name: NAME, cron: '* * * * *', selection: 'bench_tick' });
  const definitions = new Definitions({ assets: [tick], schedules: [everyMinute], storageRoot: path.join(ctx.workDir, 'schedule-delay') });
  const taskQueue = ctx.newTaskQueue('schedule-delay');
  const worker = await createWorker({ definitions, target: ctx.target, taskQueue, workflowBundlePath: ctx.workflowBundlePath, stepThreads: false });
  const delays = await worker.runUntil(async () => {
    await deploySchedules(ctx.client, definitions, { taskQueue });
    const handle = ctx.client.schedule.getHandle(scheduleId(NAME));
    const found = new Map<string, number>();
    const deadline = Date.now() + (firings + 1) * 60_000 + 15_000;
    try {
      while (found.size < firings && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        for (const action of (await handle.describe()).info.recentActions) {
          const { workflowId } = action.action.workflow;
          if (found.has(workflowId)) continue;
          const started = (await ctx.client.workflow.getHandle(workflowId).describe()).startTime;
          found.set(workflowId, started.getTime() - action.scheduledAt.getTime());
          ctx.log(`schedule fired for ${action.scheduledAt.toISOString()}: run started ${found.get(workflowId)} ms later`);
        }
      }
    } finally {
      await handle.delete();
    }
    return [...found.values()];
  });
  if (delays.length === 0) throw new Error(`the schedule did not fire within ${firings + 1} minutes`);
  return [
    {
      figure: '4 schedule fire delay',
      value: median(delays),
      unit: 'ms',
      target: { op: '<', value: 1000 },
      note: `scheduled time → run workflow start, ${delays.length} firing(s) of an every-minute cron`,
    },
  ];
};

export default scheduleDelay;

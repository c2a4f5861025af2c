/** `assetflow schedules list|pause|unpause|trigger|backfill`: schedules deployed on Temporal. */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import pc from './colors';
import type { Definitions } from '../../planning/definitions';
import { backfillSchedule, listSchedules, pauseSchedule, runsQuery, triggerSchedule, unpauseSchedule } from '../schedules';
import { definitionsFrom, defsOption, isoTime } from './options';
import { scheduleTable } from './schedule-table';
import { withClient } from './target';
import { warnWithoutWorker } from './task-queue-line';

/** Adds `schedules` and its subcommands. */
export function addScheduleCommands(program: Command): void {
  const schedules = program.command('schedules').description('Schedules deployed on Temporal (see `assetflow deploy`)');
  schedules
    .command('list')
    .description('Schedules in the code and on Temporal, with their next fire times')
    .addOption(defsOption())
    .action(async (options: { defs?: string }) => {
      await withSchedules(options, async (client, definitions) => console.log(scheduleTable(await listSchedules(client, definitions))));
    });
  schedules
    .command('pause <name>')
    .description('Pause a schedule (deploy keeps it paused)')
    .option('--note <text>', 'why, shown in Temporal Web')
    .addOption(defsOption())
    .action(async (name: string, options: { defs?: string; note?: string }) => {
      await withSchedules(options, async (client, definitions) => {
        await pauseSchedule(client, definitions, name, options.note);
        console.log(`Paused schedule ${pc.bold(name)}.`);
      });
    });
  schedules
    .command('unpause <name>')
    .description('Resume a paused schedule')
    .addOption(defsOption())
    .action(async (name: string, options: { defs?: string }) => {
      await withSchedules(options, async (client, definitions) => {
        await unpauseSchedule(client, definitions, name);
        console.log(`Unpaused schedule ${pc.bold(name)}.`);
      });
    });
  schedules
    .command('trigger <name>')
    .description("Start one run of a schedule now (its scheduled time is now); needs a worker polling the task queue")
    .addOption(defsOption())
    .action(async (name: string, options: { defs?: string }) => {
      await withSchedules(options, async (client, definitions) => {
        const triggered = await triggerSchedule(client, definitions, name);
        console.log(`Triggered schedule ${pc.bold(name)} on task queue '${triggered.taskQueue ?? definitions.taskQueue}'. Find its runs in Temporal Web with: ${runsQuery(name)}`);
        await warnWithoutWorker(client, triggered.taskQueue ?? definitions.taskQueue);
      });
    });
  schedules
    .command('backfill <name>')
    .description("Run every fire time of a schedule between --from and --to (both included), each with its own scheduled time")
    .requiredOption('--from <iso>', 'first time, e.g. 2026-11-01T00:00:00Z', isoTime)
    .requiredOption('--to <iso>', 'last time, e.g. 2026-11-03T00:00:00Z', isoTime)
    .addOption(defsOption())
    .action(async (name: string, options: { defs?: string; from: Date; to: Date }) => {
      await withSchedules(options, async (client, definitions) => {
        const definition = definitions.schedules.get(name);
        const count = definition ? countFires(definition.nextFireTimes.bind(definition), options.from, options.to) : undefined;
        await backfillSchedule(client, definitions, name, { from: options.from, to: options.to });
        console.log(`Backfilling ${pc.bold(name)} from ${options.from.toISOString()} to ${options.to.toISOString()}${count !== undefined ? `: ${count} run${count === 1 ? '' : 's'}` : ''}.`);
        console.log(`Find its runs in Temporal Web with: ${runsQuery(name)}`);
        await warnWithoutWorker(client, definitions.taskQueue);
      });
    });
}

/** Loads the Definitions, then runs `fn` with a client. */
async function withSchedules(options: { defs?: string }, fn: (client: Client, definitions: Definitions) => Promise<void>): Promise<void> {
  const definitions = definitionsFrom(options);
  await withClient(async (client) => {
    await fn(client, definitions);
  });
}

/** Fire times of a schedule in [from, to], counted locally to tell the user what a backfill starts. */
function countFires(nextFireTimes: (count: number, after?: Date) => Date[], from: Date, to: Date, limit = 10_000): number {
  let count = 0;
  let after = new Date(from.getTime() - 1000);
  for (;;) {
    const [next] = nextFireTimes(1, after);
    if (!next || next > to || count >= limit) return count;
    count += 1;
    after = next;
  }
}

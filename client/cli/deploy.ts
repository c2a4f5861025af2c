/** `assetflow deploy`: schedules to Temporal Schedules, sensors to sensor workflows. */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import type { Definitions } from '../../planning/definitions';
import type { TemporalTarget } from '../../temporal/connection';
import { deploySchedules } from '../deploy';
import { deploySensors, type DeploySensorsResult } from '../deploy-sensors';
import { definitionsFrom, defsOption } from './options';
import { deployLines } from './schedule-table';
import { connectClient, resolveTarget } from './target';

/** Adds `deploy`. */
export function addDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description("Sync the Definitions' schedules to Temporal Schedules and start or stop sensor workflows: only what assetflow owns")
    .addOption(defsOption())
    .action(async (options: { defs?: string }) => {
      const definitions = definitionsFrom(options);
      const { target } = await resolveTarget();
      await deployDefinitions(target, definitions);
    });
}

/** Deploys the Definitions' schedules and sensors (what `deploy` and `dev` do) and prints what changed. */
export async function deployDefinitions(target: TemporalTarget, definitions: Definitions): Promise<void> {
  const { client, close } = await connectClient(target);
  try {
    console.log(`Schedules on task queue '${definitions.taskQueue}':\n${deployLines(await deploySchedules(client, definitions))}`);
    await deployAndReport(client, definitions);
  } finally {
    await close();
  }
}

/** Deploys the Definitions' sensors and prints what changed. */
export async function deployAndReport(client: Client, definitions: Definitions, taskQueue = definitions.taskQueue): Promise<DeploySensorsResult> {
  const result = await deploySensors(client, definitions, { taskQueue, log: (line) => console.log(`  ${line}`) });
  const parts = [`${result.started.length} started`, `${result.unchanged.length} already running`, `${result.stopped.length} stopped`, ...(result.skipped.length ? [`${result.skipped.length} skipped`] : [])];
  console.log(`Sensors on task queue '${taskQueue}': ${parts.join(', ')}.`);
  return result;
}

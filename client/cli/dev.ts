/** `assetflow dev` and `assetflow worker`: run a worker for the Definitions. */
import type { Command } from 'commander';
import pc from './colors';
import { createWorker } from '../../worker';
import { deployDefinitions } from './deploy';
import { definitionsFrom, defsOption } from './options';
import { dbOption } from './server';
import { resolveTarget } from './target';
import { taskQueueLine } from './task-queue-line';

/** Adds `dev`: the dev server (started or reused), a worker, and a deploy of schedules and sensors. */
export function addDevCommand(program: Command): void {
  program
    .command('dev')
    .description('Start (or reuse) the Temporal dev server with its Web UI and run a worker for the Definitions')
    .addOption(defsOption())
    .addOption(dbOption())
    .action(async (options: { defs?: string; db?: string }) => {
      const definitions = definitionsFrom(options);
      const { target, server, uiUrl } = await resolveTarget({ detached: false, dbFile: options.db });
      const worker = await createWorker({ definitions, target });
      console.log(`${server?.started ? 'Started' : 'Using'} Temporal at ${target.address}${uiUrl ? `; Temporal Web: ${pc.underline(uiUrl)}` : ''}`);
      console.log(taskQueueLine(definitions));
      console.log(`Worker polling it for ${definitions.assets.size} assets and ${definitions.jobs.size} jobs. Ctrl-C to stop.`);
      const running = worker.run();
      await deployDefinitions(target, definitions).catch((err: unknown) => console.error(pc.red(`Could not deploy: ${err instanceof Error ? err.message : String(err)}`)));
      await running;
      await server?.stop();
    });
}

/** Adds `worker`: a worker only, against TEMPORAL_ADDRESS or the local dev server. */
export function addWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run a worker for the Definitions against TEMPORAL_ADDRESS (or the local dev server)')
    .addOption(defsOption())
    .action(async (options: { defs?: string }) => {
      const definitions = definitionsFrom(options);
      const { target } = await resolveTarget();
      const worker = await createWorker({ definitions, target });
      console.log(taskQueueLine(definitions));
      console.log(`Worker polling it on ${target.address} for ${definitions.assets.size} assets and ${definitions.jobs.size} jobs. Ctrl-C to stop.`);
      await worker.run();
    });
}

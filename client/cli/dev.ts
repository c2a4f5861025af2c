/** `assetflow dev` and `assetflow worker`: run a worker for the Definitions. */
import type { Command } from 'commander';
import pc from './colors';
import { createWorker } from '../../worker';
import { startCliAssetUi } from './asset-ui';
import { deployDefinitions } from './deploy';
import { definitionsFrom, defsOption, positiveInt } from './options';
import { dbOption } from './server';
import { connectClient, resolveTarget } from './target';
import { taskQueueLine } from './task-queue-line';

/** Adds `dev`: the dev server (started or reused), a worker, a deploy of schedules and sensors, and the asset UI. */
export function addDevCommand(program: Command): void {
  program
    .command('dev')
    .description('Start (or reuse) the Temporal dev server with its Web UI, run a worker for the Definitions and serve the asset UI')
    .addOption(defsOption())
    .addOption(dbOption())
    .option('--ui-port <n>', 'port of the asset UI (default: 3300 when free, else a free port)', positiveInt)
    .option('--ui-host <host>', 'interface the asset UI binds (anything but loopback needs ASSETFLOW_UI_TOKEN)', '127.0.0.1')
    .option('--no-ui', 'do not serve the asset UI')
    .action(async (options: { defs?: string; db?: string; uiPort?: number; uiHost: string; ui: boolean }) => {
      const definitions = definitionsFrom(options);
      const { target, server, uiUrl } = await resolveTarget({ detached: false, dbFile: options.db });
      const worker = await createWorker({ definitions, target });
      const connection = options.ui ? await connectClient(target) : undefined;
      const assetUi = connection
        ? await startCliAssetUi({ definitions, client: connection.client, namespace: target.namespace, ...(uiUrl ? { temporalWebUrl: uiUrl } : {}), ...(options.uiPort ? { port: options.uiPort } : {}), host: options.uiHost })
        : undefined;
      console.log(`${server?.started ? 'Started' : 'Using'} Temporal at ${target.address}${uiUrl ? `; Temporal Web: ${pc.underline(uiUrl)}` : ''}`);
      if (assetUi) console.log(assetUi.line);
      console.log(taskQueueLine(definitions));
      console.log(`Worker polling it for ${definitions.assets.size} assets and ${definitions.jobs.size} jobs. Ctrl-C to stop.`);
      const running = worker.run();
      await deployDefinitions(target, definitions).catch((err: unknown) => console.error(pc.red(`Could not deploy: ${err instanceof Error ? err.message : String(err)}`)));
      try {
        await running;
      } finally {
        await assetUi?.ui.close();
        await connection?.close();
      }
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

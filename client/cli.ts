import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { createWorker } from '../worker';
import { taskQueueFromEnv } from './connection';
import { stopDevServer, ensureDevServer } from './dev-server';
import { runTable, stepLine } from './format';
import { definitionsPath, loadDefinitions } from './load-definitions';
import { readRunConfig } from './read-run-config';
import { runUrl, startRun } from './runs';
import { connectClient, resolveTarget } from './target';
import { watchRun } from './watch-run';
import { backfillSummary, partitionStatusText, watchBackfill } from './backfill-cli';
import { resolveBackfillKeys } from '../assets/backfill-keys';
import { getBackfill, startBackfill } from './backfills';
import { partitionStatus } from './partition-status';

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
};

/** The `assetflow` command line. Later issues add commands here. */
export function buildCli(): Command {
  const program = new Command('assetflow')
    .description("Dagster's data-aware orchestration on Temporal")
    .showHelpAfterError()
    .addHelpText('after', '\nEnvironment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY (use an existing server or cluster),\nASSETFLOW_TASK_QUEUE, ASSETFLOW_STORAGE, ASSETFLOW_DEFINITIONS, ASSETFLOW_LOG_LEVEL.\n');
  const defsOption = () => new Option('-d, --defs <file>', 'Definitions module (default: ASSETFLOW_DEFINITIONS or package.json "assetflow.definitions")');

  program
    .command('dev')
    .description('Start (or reuse) the Temporal dev server with its Web UI and run a worker for the Definitions')
    .addOption(defsOption())
    .action(async (options: { defs?: string }) => {
      const definitions = loadDefinitions(definitionsPath(options.defs));
      const { target, server, uiUrl } = await resolveTarget({ detached: false });
      const worker = await createWorker({ definitions, target });
      console.log(`${server?.started ? 'Started' : 'Using'} Temporal at ${target.address}${uiUrl ? `; Temporal Web: ${pc.underline(uiUrl)}` : ''}`);
      console.log(`Worker polling task queue '${taskQueueFromEnv()}' for ${definitions.assets.size} assets. Ctrl-C to stop.`);
      await worker.run();
      await server?.stop();
    });

  program
    .command('materialize')
    .description('Materialize a selection of assets and show per-asset progress')
    .requiredOption('-s, --select <selection>', "assets: key, group:name, +key (upstream), key+ (downstream), *, comma-separated unions")
    .option('-c, --config <json|file>', 'run config: {"ops": {"<key>": {"config": {...}}}} or a .json file')
    .option('--run-name <name>', 'names the run (workflow id, AssetflowJob search attribute); default: the selection')
    .option('--max-parallel <n>', 'steps running at once', positiveInt)
    .option('-p, --partition <key>', 'the partition of the partitioned assets to materialize (e.g. 2026-11-23)')
    .option('--no-worker', 'do not start an in-process worker; rely on workers already polling the task queue')
    .addOption(defsOption())
    .action(async (options: { select: string; config?: string; runName?: string; maxParallel?: number; partition?: string; worker: boolean; defs?: string }) => {
      const definitions = loadDefinitions(definitionsPath(options.defs));
      // Plan first: a bad selection, config or partition fails here, before anything starts.
      const runConfig = readRunConfig(options.config);
      const partitionKey = options.partition;
      definitions.plan({ selection: options.select, runConfig, maxParallel: options.maxParallel, partitionKey });
      const { target, uiUrl } = await resolveTarget();
      const { client, close } = await connectClient(target);
      try {
        const execute = async () => {
          const run = await startRun(client, definitions, { selection: options.select, runConfig, runName: options.runName, maxParallel: options.maxParallel, partitionKey });
          console.log(`Run ${pc.bold(run.workflowId)}`);
          if (uiUrl) console.log(`Temporal Web: ${pc.underline(runUrl(uiUrl, target.namespace, run.workflowId, run.runId))}`);
          return watchRun(run, (step) => console.log(stepLine(step)));
        };
        const result = options.worker ? await (await createWorker({ definitions, target })).runUntil(execute) : await execute();
        console.log(`\n${runTable(result)}`);
        if (uiUrl) console.log(`Temporal Web: ${pc.underline(runUrl(uiUrl, target.namespace, result.workflowId, result.runId))}`);
        process.exitCode = result.status === 'success' ? 0 : 1;
      } finally {
        await close();
      }
    });

  program
    .command('worker')
    .description('Run a worker for the Definitions against TEMPORAL_ADDRESS (or the local dev server)')
    .addOption(defsOption())
    .action(async (options: { defs?: string }) => {
      const definitions = loadDefinitions(definitionsPath(options.defs));
      const { target } = await resolveTarget();
      const worker = await createWorker({ definitions, target });
      console.log(`Worker polling '${taskQueueFromEnv()}' on ${target.address}. Ctrl-C to stop.`);
      await worker.run();
    });

  const backfill = program.command('backfill').description('Materialize many partitions: one run per partition, a bounded number at once');
  backfill
    .command('start')
    .description('Start a backfill (a worker must poll the task queue: `assetflow dev` or `assetflow worker`)')
    .requiredOption('-s, --select <selection>', 'assets to backfill (their partitioned assets share one partitioning)')
    .option('--from <key>', 'first partition (default: the first)')
    .option('--to <key>', 'last partition, included (default: the newest)')
    .option('--partitions <keys>', 'a comma-separated list of partitions instead of a range')
    .option('--concurrency <n>', 'partition runs at once', positiveInt, 4)
    .option('-c, --config <json|file>', 'run config for every partition run')
    .option('--id <id>', 'backfill id (default: <selection>-<time>-<random>)')
    .option('--watch', 'follow it with a progress bar until it ends')
    .addOption(defsOption())
    .action(async (options: { select: string; from?: string; to?: string; partitions?: string; concurrency: number; config?: string; id?: string; watch?: boolean; defs?: string }) => {
      const definitions = loadDefinitions(definitionsPath(options.defs));
      const partitionKeys = options.partitions?.split(',').map((k) => k.trim()).filter(Boolean);
      const runConfig = readRunConfig(options.config);
      // Check first: bad keys, range, selection or config fail here, before any server starts.
      const keys = resolveBackfillKeys(definitions, { selection: options.select, from: options.from, to: options.to, keys: partitionKeys });
      definitions.plan({ selection: options.select, runConfig, partitionKey: keys[0] });
      const { target, uiUrl } = await resolveTarget();
      const { client, close } = await connectClient(target);
      try {
        const started = await startBackfill(client, definitions, {
          selection: options.select,
          from: options.from,
          to: options.to,
          partitionKeys,
          maxConcurrent: options.concurrency,
          runConfig,
          backfillId: options.id,
        });
        console.log(`Backfill ${pc.bold(started.backfillId)}: ${started.total} partitions, ${options.concurrency} at once`);
        if (uiUrl) console.log(`Temporal Web: ${pc.underline(runUrl(uiUrl, target.namespace, started.workflowId, started.firstRunId!))}`);
        if (options.watch) {
          const final = await watchBackfill(client, started);
          console.log(backfillSummary(final));
          process.exitCode = final.status === 'success' ? 0 : 1;
        } else console.log(`Follow it: assetflow backfill watch ${started.backfillId}; cancel it: assetflow backfill cancel ${started.backfillId}`);
      } finally {
        await close();
      }
    });
  backfill
    .command('watch <id>')
    .description('Follow a backfill with a progress bar until it ends')
    .action(async (id: string) => {
      const { target } = await resolveTarget();
      const { client, close } = await connectClient(target);
      try {
        const final = await watchBackfill(client, getBackfill(client, id));
        console.log(backfillSummary(final));
        process.exitCode = final.status === 'success' ? 0 : 1;
      } finally {
        await close();
      }
    });
  backfill
    .command('cancel <id>')
    .description('Cancel a backfill: its running partition runs are cancelled and no new one starts')
    .action(async (id: string) => {
      const { target } = await resolveTarget();
      const { client, close } = await connectClient(target);
      try {
        await getBackfill(client, id).cancel();
        console.log(`Cancellation of backfill ${pc.bold(id)} requested.`);
      } finally {
        await close();
      }
    });

  program
    .command('partitions <asset>')
    .description("List which partitions of an asset are materialized and which are missing (from the catalog)")
    .addOption(defsOption())
    .action(async (assetKey: string, options: { defs?: string }) => {
      const definitions = loadDefinitions(definitionsPath(options.defs));
      console.log(partitionStatusText(await partitionStatus(definitions, assetKey)));
    });

  const server = program.command('server').description('The local Temporal dev server (database under .assetflow/)');
  server
    .command('start')
    .description('Start the dev server in the background (or report the running one)')
    .action(async () => {
      const s = await ensureDevServer({ detached: true });
      console.log(`${s.started ? 'Started' : 'Already running:'} Temporal dev server at ${s.address}${s.uiUrl ? `, Temporal Web at ${s.uiUrl}` : ''}`);
    });
  server
    .command('stop')
    .description('Stop the background dev server started by assetflow')
    .action(async () => {
      console.log((await stopDevServer()) ? 'Stopped the Temporal dev server.' : 'No dev server started by assetflow is running.');
    });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}

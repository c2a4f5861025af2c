import type { Client } from '@temporalio/client';
import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import type { Definitions } from '../../planning/definitions';
import { createWorker } from '../../worker';
import { taskQueueFromEnv, type TemporalTarget } from '../../temporal/connection';
import { deploySchedules } from '../deploy';
import { stopDevServer, ensureDevServer } from '../../temporal/dev-server';
import { runTable, stepLine } from './run-table';
import { exportHistories } from '../export-histories';
import { definitionsPath, loadDefinitions } from '../load-definitions';
import { readRunConfig } from './read-run-config';
import { readHistories, replayHistories } from '../replay-histories';
import { cancelRun, runUrl, startRun } from '../runs';
import { deployLines, scheduleTable } from './schedule-table';
import { backfillSchedule, listSchedules, pauseSchedule, runsQuery, triggerSchedule, unpauseSchedule } from '../schedules';
import { addSensorCommands, deployAndReport } from './sensors';
import { connectClient, resolveTarget, withClient } from './target';
import { watchRun } from './watch-run';
import { backfillSummary, partitionStatusText, watchBackfill } from './backfill-progress';
import { resolveBackfillKeys } from '../../planning/backfill-keys';
import { getBackfill, startBackfill } from '../backfills';
import { partitionStatus } from '../partition-status';

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
      console.log(`Worker polling task queue '${taskQueueFromEnv()}' for ${definitions.assets.size} assets and ${definitions.jobs.size} jobs. Ctrl-C to stop.`);
      const running = worker.run();
      await deploy(target, definitions).catch((err: unknown) => console.error(pc.red(`Could not deploy: ${err instanceof Error ? err.message : String(err)}`)));
      await running;
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
    .action((options: RunCommandOptions & { select: string }) => runAndWatch(options, { selection: options.select }));

  program
    .command('run')
    .description('Run a job (an op job or an asset job) and show per-step progress')
    .requiredOption('-j, --job <name>', 'the job to run')
    .option('-c, --config <json|file>', 'run config, merged over the job\'s own: {"ops": {"<op>": {"config": {...}}}} or a .json file')
    .option('--run-name <name>', 'names the run (workflow id); default: the job name')
    .option('--max-parallel <n>', 'steps running at once', positiveInt)
    .option('--no-worker', 'do not start an in-process worker; rely on workers already polling the task queue')
    .addOption(defsOption())
    .action((options: RunCommandOptions & { job: string }) => runAndWatch(options, { job: options.job }));

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

  program
    .command('deploy')
    .description("Sync the Definitions' schedules to Temporal Schedules and start or stop sensor workflows: only what assetflow owns")
    .addOption(defsOption())
    .action(async (options: { defs?: string }) => {
      const definitions = loadDefinitions(definitionsPath(options.defs));
      const { target } = await resolveTarget();
      await deploy(target, definitions);
    });

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
        await triggerSchedule(client, definitions, name);
        console.log(`Triggered schedule ${pc.bold(name)}. Find its runs in Temporal Web with: ${runsQuery(name)}`);
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
      });
    });
  addSensorCommands(program, defsOption);

  program
    .command('cancel')
    .description('Cancel a run: stop its running materializations and start no more steps')
    .argument('<workflowId>', 'the run\'s workflow id (assetflow/run/...)')
    .action(async (workflowId: string) => {
      await withClient(async (client) => {
        const result = await cancelRun(client, workflowId);
        console.log(`Run ${pc.bold(workflowId)} ${result.status === 'cancelled' ? 'cancelled' : `had already ended (${result.status})`}.\n\n${runTable(result)}`);
      });
    });

  const backfill = program.command('backfill').description('Materialize many partitions: one run per partition, a bounded number at once');
  backfill
    .command('start')
    .description('Start a backfill (a worker must poll the task queue: `assetflow dev` or `assetflow worker`)')
    .option('-s, --select <selection>', 'assets to backfill (their partitioned assets share one partitioning); or --job')
    .option('-j, --job <name>', "an asset job to backfill: its selection's partitions, with the job's default config; or --select")
    .option('--from <key>', 'first partition (default: the first)')
    .option('--to <key>', 'last partition, included (default: the newest)')
    .option('--partitions <keys>', 'a comma-separated list of partitions instead of a range')
    .option('--concurrency <n>', 'partition runs at once', positiveInt, 4)
    .option('-c, --config <json|file>', 'run config for every partition run')
    .option('--id <id>', 'backfill id (default: <selection or job>-<time>-<random>)')
    .option('--watch', 'follow it with a progress bar until it ends')
    .addOption(defsOption())
    .action(async (options: { select?: string; job?: string; from?: string; to?: string; partitions?: string; concurrency: number; config?: string; id?: string; watch?: boolean; defs?: string }) => {
      if ((options.select === undefined) === (options.job === undefined)) throw new InvalidArgumentError('give exactly one of --select <selection> or --job <name>: what to backfill');
      const what = options.job !== undefined ? { job: options.job } : { selection: options.select! };
      const definitions = loadDefinitions(definitionsPath(options.defs));
      const partitionKeys = options.partitions?.split(',').map((k) => k.trim()).filter(Boolean);
      const runConfig = readRunConfig(options.config);
      // Check first: bad keys, range, job, selection or config fail here, before any server starts.
      const keys = resolveBackfillKeys(definitions, { ...what, from: options.from, to: options.to, keys: partitionKeys });
      definitions.plan({ ...what, runConfig, partitionKey: keys[0] });
      const { target, uiUrl } = await resolveTarget();
      const { client, close } = await connectClient(target);
      try {
        const started = await startBackfill(client, definitions, {
          ...what,
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
      await withClient(async (client) => {
        const final = await watchBackfill(client, getBackfill(client, id));
        console.log(backfillSummary(final));
        process.exitCode = final.status === 'success' ? 0 : 1;
      });
    });
  backfill
    .command('cancel <id>')
    .description('Cancel a backfill: its running partition runs are cancelled and no new one starts')
    .action(async (id: string) => {
      await withClient(async (client) => {
        await getBackfill(client, id).cancel();
        console.log(`Cancellation of backfill ${pc.bold(id)} requested.`);
      });
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
  const histories = program.command('histories').description('Workflow histories for replay tests (see README, "Testing your pipelines")');
  histories
    .command('export')
    .description('Export the histories of closed runs to JSON files (one per run) for replay tests')
    .option('-q, --query <query>', 'visibility query, e.g. \'WorkflowType = "assetflowRun" AND StartTime > "2026-11-01T00:00:00Z"\'')
    .option('-w, --workflow-id <id>', 'a workflow id (repeatable); all its closed runs are exported', (id: string, ids: string[] = []) => [...ids, id])
    .option('-o, --out <dir>', 'where to write the JSON files', 'test/histories')
    .option('--limit <n>', 'at most this many runs', positiveInt, 1000)
    .action(async (options: { query?: string; workflowId?: string[]; out: string; limit: number }) => {
      if (!options.query && !options.workflowId?.length) throw new InvalidArgumentError('give --query and/or --workflow-id to say which runs to export');
      await withClient(async (client) => {
        const files = await exportHistories(client, { query: options.query, workflowIds: options.workflowId, limit: options.limit, outDir: options.out });
        for (const file of files) console.log(file);
        console.log(files.length ? `Exported ${files.length} histor${files.length === 1 ? 'y' : 'ies'} to ${options.out}` : 'No closed run matched: nothing exported.');
        if (files.length === 0) process.exitCode = 1;
      });
    });
  histories
    .command('replay')
    .description("Replay exported histories against this version's workflow code; fails on any nondeterminism")
    .argument('[dir]', 'directory of history JSON files', 'test/histories')
    .action(async (dir: string) => {
      const outcomes = await replayHistories(readHistories(dir));
      for (const o of outcomes) console.log(`${o.error ? pc.red('✗') : pc.green('✓')} ${o.file}${o.error ? `\n    ${o.error.name}: ${o.error.message}` : ''}`);
      const failed = outcomes.filter((o) => o.error).length;
      console.log(`${outcomes.length - failed} of ${outcomes.length} histories replay${failed ? `; ${failed} failed` : ''}`);
      process.exitCode = failed || outcomes.length === 0 ? 1 : 0;
    });
  return program;
}

function isoTime(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO time such as 2026-11-01T00:00:00Z');
  return date;
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

async function deploy(target: TemporalTarget, definitions: Definitions): Promise<void> {
  const { client, close } = await connectClient(target);
  try {
    console.log(`Schedules on task queue '${taskQueueFromEnv()}':\n${deployLines(await deploySchedules(client, definitions))}`);
    await deployAndReport(client, definitions);
  } finally {
    await close();
  }
}

async function withSchedules(options: { defs?: string }, fn: (client: Client, definitions: Definitions) => Promise<void>): Promise<void> {
  const definitions = loadDefinitions(definitionsPath(options.defs));
  await withClient(async (client) => {
    await fn(client, definitions);
  });
}

interface RunCommandOptions {
  config?: string;
  partition?: string;
  runName?: string;
  maxParallel?: number;
  worker: boolean;
  defs?: string;
}

/** Plans (bad selection, job or config fails here, before anything starts), starts and follows a run. */
async function runAndWatch(options: RunCommandOptions, what: { selection: string } | { job: string }): Promise<void> {
  const definitions = loadDefinitions(definitionsPath(options.defs));
  const planOptions = { ...what, runConfig: readRunConfig(options.config), runName: options.runName, maxParallel: options.maxParallel, partitionKey: options.partition };
  definitions.plan(planOptions);
  const { target, uiUrl } = await resolveTarget();
  const { client, close } = await connectClient(target);
  try {
    const execute = async () => {
      const run = await startRun(client, definitions, planOptions);
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
    await definitions.dispose();
  }
}

export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}

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

interface RunCommandOptions {
  config?: string;
  runName?: string;
  maxParallel?: number;
  worker: boolean;
  defs?: string;
}

/** Plans (bad selection, job or config fails here, before anything starts), starts and follows a run. */
async function runAndWatch(options: RunCommandOptions, what: { selection: string } | { job: string }): Promise<void> {
  const definitions = loadDefinitions(definitionsPath(options.defs));
  const planOptions = { ...what, runConfig: readRunConfig(options.config), runName: options.runName, maxParallel: options.maxParallel };
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

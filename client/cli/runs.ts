/** `assetflow materialize`, `assetflow run` and `assetflow cancel`: start, follow and cancel runs. */
import type { Command } from 'commander';
import pc from './colors';
import { createWorker } from '../../worker';
import { nothingSelectedMessage, resolveCatalogSelection } from '../catalog-selection';
import { cancelRun, runUrl, startPlannedRun } from '../runs';
import { definitionsFrom, defsOption, positiveInt, readRunConfig, runConfigOption } from './options';
import { runTable, stepLine } from './run-table';
import { connectClient, resolveTarget, withClient } from './target';
import { taskQueueLine, warnWithoutWorker } from './task-queue-line';
import { watchRun } from './watch-run';

interface RunCommandOptions {
  config?: string;
  partition?: string;
  runName?: string;
  maxParallel?: number;
  worker: boolean;
  defs?: string;
}

/** Adds `materialize`: a run of an asset selection. */
export function addMaterializeCommand(program: Command): void {
  program
    .command('materialize')
    .description('Materialize a selection of assets and show per-asset progress')
    .requiredOption('-s, --select <selection>', "assets: key, group:name, +key (upstream), key+ (downstream), *, stale() (the stale assets), comma-separated unions")
    .addOption(runConfigOption('run config: {"ops": {"<key>": {"config": {...}}}} or a .json file'))
    .option('--run-name <name>', 'names the run (workflow id, AssetflowJob search attribute); default: the selection')
    .option('--max-parallel <n>', 'steps running at once', positiveInt)
    .option('-p, --partition <key>', 'the partition of the partitioned assets to materialize (e.g. 2026-11-23)')
    .option('--no-worker', 'do not start an in-process worker; rely on workers already polling the task queue')
    .addOption(defsOption())
    .action((options: RunCommandOptions & { select: string }) => runAndWatch(options, { selection: options.select }));
}

/** Adds `run`: a run of a job. */
export function addRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run a job (an op job or an asset job) and show per-step progress')
    .requiredOption('-j, --job <name>', 'the job to run')
    .addOption(runConfigOption('run config, merged over the job\'s own: {"ops": {"<op>": {"config": {...}}}} or a .json file'))
    .option('--run-name <name>', 'names the run (workflow id); default: the job name')
    .option('--max-parallel <n>', 'steps running at once', positiveInt)
    .option('--no-worker', 'do not start an in-process worker; rely on workers already polling the task queue')
    .addOption(defsOption())
    .action((options: RunCommandOptions & { job: string }) => runAndWatch(options, { job: options.job }));
}

/** Adds `cancel <workflowId>`. */
export function addCancelCommand(program: Command): void {
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
}

/** Plans once (bad selection, job or config fails here, before any server is reached), starts that plan and follows the run. */
async function runAndWatch(options: RunCommandOptions, what: { selection: string } | { job: string }): Promise<void> {
  const definitions = definitionsFrom(options);
  // `stale()` reads the catalog: resolved to keys here, before planning (the plan holds the keys).
  const chosen = 'selection' in what ? await resolveCatalogSelection(definitions, what.selection) : undefined;
  if (chosen?.resolved && chosen.selection.length === 0) {
    console.log(nothingSelectedMessage(chosen.written));
    await definitions.dispose();
    return;
  }
  const selected = chosen?.resolved ? { selection: chosen.selection } : what;
  const plan = definitions.plan({
    ...selected,
    runConfig: readRunConfig(options.config),
    runName: options.runName ?? chosen?.written,
    maxParallel: options.maxParallel,
    partitionKey: options.partition,
  });
  const { target, uiUrl } = await resolveTarget();
  const { client, close } = await connectClient(target);
  try {
    console.log(taskQueueLine(definitions));
    const execute = async () => {
      const run = await startPlannedRun(client, definitions, plan);
      console.log(`Run ${pc.bold(run.workflowId)}`);
      if (!options.worker) await warnWithoutWorker(client, definitions.taskQueue);
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

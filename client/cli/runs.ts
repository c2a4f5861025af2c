/** `assetflow materialize`, `assetflow run` and `assetflow cancel`: start, follow and cancel runs. */
import { Option, type Command } from 'commander';
import type { Client } from '@temporalio/client';
import type { Definitions } from '../../planning/definitions';
import pc from './colors';
import { createWorker } from '../../worker';
import { nothingSelectedMessage, resolveCatalogSelection } from '../catalog-selection';
import { cancelRun, runUrl, startPlannedRun, type RunHandle } from '../runs';
import { definitionsFrom, defsOption, positiveInt, readRunConfig, runConfigOption } from './options';
import { runTable, stepLine } from './run-table';
import { connectClient, resolveTarget, withClient } from './target';
import { taskQueueLine, warnWithoutWorker } from './task-queue-line';
import { watchRun } from './watch-run';
import { reexecuteRun } from '../reexecute';

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

/** Adds `runs reexecute <workflowId>`: a new run of a finished run's failed and skipped steps, or of all its steps. */
export function addRunsCommands(program: Command): void {
  const runs = program.command('runs').description('Work with finished runs: re-execute them');
  runs
    .command('reexecute')
    .description("Start a new run of a finished run's plan (same selection, partition, run config, tags), linked to it")
    .argument('<workflowId>', "the finished run's workflow id (assetflow/run/...)")
    .addOption(new Option('--from-failure', 'run only the failed and skipped steps, reading the other steps\' stored outputs (the default)').conflicts('all'))
    .addOption(new Option('--all', 'run every step of the plan again').conflicts('fromFailure'))
    .option('--no-worker', 'do not start an in-process worker; rely on workers already polling the task queue')
    .addOption(defsOption())
    .action(async (workflowId: string, options: { fromFailure?: boolean; all?: boolean; worker: boolean; defs?: string }) => {
      const definitions = definitionsFrom(options);
      const mode = options.all ? 'all' : 'from-failure';
      await startAndWatch(options, definitions, async (client) => {
        const run = await reexecuteRun(client, definitions, workflowId, { mode });
        const reused = run.plan.reusedSteps ?? [];
        console.log(`Re-executing ${pc.bold(workflowId)} (${mode}): ${run.plan.steps.map((s) => s.key).join(', ')}${reused.length ? `; reusing ${reused.map((s) => s.key).join(', ')}` : ''}`);
        return run;
      });
    });
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
  await startAndWatch(options, definitions, (client) => startPlannedRun(client, definitions, plan));
}

/**
 * Starts a run (with an in-process worker unless `--no-worker`), prints its progress step by
 * step and its table at the end, and sets the exit code: 0 when it succeeded. Disposes the Definitions.
 */
export async function startAndWatch(options: { worker: boolean }, definitions: Definitions, start: (client: Client) => Promise<RunHandle>): Promise<void> {
  const { target, uiUrl } = await resolveTarget();
  const { client, close } = await connectClient(target);
  try {
    console.log(taskQueueLine(definitions));
    const execute = async () => {
      const run = await start(client);
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

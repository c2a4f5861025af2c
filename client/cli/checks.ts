/** `assetflow checks run <asset>`: an asset's checks alone, against its stored output. */
import type { Command } from 'commander';
import { startPlannedRun } from '../runs';
import { definitionsFrom, defsOption } from './options';
import { startAndWatch } from './runs';

/** Adds `checks run <asset>`. */
export function addChecksCommands(program: Command): void {
  const checks = program.command('checks').description('Asset checks: run them alone against the stored outputs');
  checks
    .command('run')
    .description("Run an asset's checks (or those of a selection) alone, against its stored output, and record the results")
    .argument('<asset>', 'the asset (or a selection: key, group:name, comma-separated) whose checks to run')
    .option('-c, --check <name>', "run only this check of the asset (the selection <asset>:<name>)")
    .option('-p, --partition <key>', 'the partition whose stored output to check (partitioned assets)')
    .option('--run-name <name>', 'names the run (workflow id); default: checks:<asset>')
    .option('--no-worker', 'do not start an in-process worker; rely on workers already polling the task queue')
    .addOption(defsOption())
    .action(async (asset: string, options: { check?: string; partition?: string; runName?: string; worker: boolean; defs?: string }) => {
      const definitions = definitionsFrom(options);
      const selection = options.check === undefined ? asset : `${asset}:${options.check}`;
      // Planned before any server is reached: an unknown asset, check, or one without checks fails here.
      const plan = definitions.plan({ selection, checks: 'only', partitionKey: options.partition, runName: options.runName ?? `checks:${selection}` });
      await startAndWatch(options, definitions, (client) => startPlannedRun(client, definitions, plan));
    });
}

/** The `assetflow` command line: the program, built from one file per command group. */
import { Command } from 'commander';
import { addBackfillCommands } from './backfill';
import { addDeployCommand } from './deploy';
import { addDevCommand, addWorkerCommand } from './dev';
import { addHistoriesCommands } from './histories';
import { addInitCommand } from './init';
import { addPartitionsCommand } from './partitions';
import { addCancelCommand, addMaterializeCommand, addRunCommand } from './runs';
import { addScheduleCommands } from './schedules';
import { addServerCommands } from './server';
import { addSensorCommands } from './sensors';

/** Adders in the order `assetflow --help` lists their commands. */
const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  addInitCommand,
  addDevCommand,
  addMaterializeCommand,
  addRunCommand,
  addWorkerCommand,
  addDeployCommand,
  addScheduleCommands,
  addSensorCommands,
  addCancelCommand,
  addBackfillCommands,
  addPartitionsCommand,
  addServerCommands,
  addHistoriesCommands,
];

/** The `assetflow` program with every command. */
export function buildCli(): Command {
  const program = new Command('assetflow')
    .description("Dagster's data-aware orchestration on Temporal")
    .showHelpAfterError()
    .addHelpText('after', '\nEnvironment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY (use an existing server or cluster),\nASSETFLOW_TASK_QUEUE, ASSETFLOW_STORAGE, ASSETFLOW_DEFINITIONS, ASSETFLOW_LOG_LEVEL.\n');
  for (const add of COMMANDS) add(program);
  return program;
}

/** Parses `argv` (as `process.argv`) and runs the command (bin/assetflow.js). */
export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}

/** The `assetflow` command line: the program, built from one file per command group. */
import { Command, Option } from 'commander';
import { addAssetsCommands } from './assets';
import { addBackfillCommands } from './backfill';
import { addChecksCommands } from './checks';
import { addDeployCommand } from './deploy';
import { addDevCommand, addWorkerCommand } from './dev';
import { addHistoriesCommands } from './histories';
import { addInitCommand } from './init';
import { addPartitionsCommand } from './partitions';
import { addCancelCommand, addMaterializeCommand, addRunCommand, addRunsCommands } from './runs';
import { addScheduleCommands } from './schedules';
import { addServerCommands } from './server';
import { addSensorCommands } from './sensors';
import { assetflowVersion } from './version';

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
  addRunsCommands,
  addBackfillCommands,
  addAssetsCommands,
  addPartitionsCommand,
  addChecksCommands,
  addServerCommands,
  addHistoriesCommands,
];

const ENVIRONMENT_HELP = `
Environment (see the README's table): TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS
(an existing server or cluster), TEMPORAL_UI_URL; ASSETFLOW_DEFINITIONS, ASSETFLOW_TASK_QUEUE (default: this
project's own, assetflow-<package name>), ASSETFLOW_STORAGE, ASSETFLOW_CATALOG_URL; ASSETFLOW_LOG_LEVEL, ASSETFLOW_LOG_FORMAT,
ASSETFLOW_TEMPORAL_LOG_LEVEL; ASSETFLOW_DEV_PORT, ASSETFLOW_UI_PORT, ASSETFLOW_DEV_DB; NO_COLOR, FORCE_COLOR.
`;

/** The `assetflow` program with every command. */
export function buildCli(): Command {
  const program = new Command('assetflow')
    .description("Dagster's data-aware orchestration on Temporal")
    .version(assetflowVersion(), '-V, --version', 'print the assetflow version')
    .addOption(new Option('--log-format <format>', 'log lines: pretty (one line each) or json (default: ASSETFLOW_LOG_FORMAT or pretty)').choices(['pretty', 'json']))
    .showHelpAfterError()
    .addHelpText('after', ENVIRONMENT_HELP)
    .hook('preAction', (command) => {
      const { logFormat } = command.opts<{ logFormat?: string }>();
      if (logFormat) process.env.ASSETFLOW_LOG_FORMAT = logFormat; // read when the first log line is written
    });
  for (const add of COMMANDS) add(program);
  return program;
}

/** Parses `argv` (as `process.argv`) and runs the command (bin/assetflow.js). */
export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}

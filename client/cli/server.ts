/** `assetflow server start|status|stop`: the local Temporal dev server, found by port from any folder. */
import { Option, type Command } from 'commander';
import { devServerPort, devServerStatus, ensureDevServer, stopDevServer } from '../../temporal/dev-server';
import pc from './colors';
import { positiveInt } from './options';

const portOption = () => new Option('--port <port>', 'its gRPC port (default: ASSETFLOW_DEV_PORT or 7233)').argParser(positiveInt);

/** `--db <file>`: the dev server's SQLite database (default ASSETFLOW_DEV_DB or .assetflow/temporal.db). */
export const dbOption = () => new Option('--db <file>', 'the dev server\'s database file when it starts (default: ASSETFLOW_DEV_DB or .assetflow/temporal.db)');

/** Adds `server` and its subcommands. */
export function addServerCommands(program: Command): void {
  const server = program.command('server').description('The local Temporal dev server (kept by port: status and stop work from any folder)');
  server
    .command('start')
    .description('Start the dev server in the background (or report the running one)')
    .addOption(portOption())
    .addOption(dbOption())
    .option('--headless', 'without the Web UI')
    .action(async (options: { port?: number; db?: string; headless?: boolean }) => {
      const s = await ensureDevServer({ detached: true, port: options.port, dbFile: options.db, headless: options.headless });
      console.log(`${s.started ? 'Started' : 'Already running:'} Temporal dev server at ${s.address}${s.uiUrl ? `, Temporal Web at ${pc.underline(s.uiUrl)}` : ''}${s.dbFile ? `; database ${s.dbFile}` : ''}`);
    });
  server
    .command('status')
    .description('Whether the dev server answers, and its process, database and Web UI')
    .addOption(portOption())
    .action(async (options: { port?: number }) => {
      const status = await devServerStatus({ port: options.port ?? devServerPort() });
      if (!status.running) {
        console.log(`No Temporal server answers on ${status.address}.${status.managed ? ` Its process ${status.pid} is still there; \`assetflow server stop\` stops it.` : ''}`);
        process.exitCode = 1;
        return;
      }
      const lines = [`Temporal dev server at ${status.address}: ${pc.green('running')}`];
      if (status.managed) {
        lines.push(`  pid:           ${status.pid}`, `  database:      ${status.dbFile}`, `  log:           ${status.logFile}`, `  started:       ${status.startedAt}`);
        lines.push(`  Temporal Web:  ${status.uiUrl ? pc.underline(status.uiUrl) : '(headless)'}`);
      } else lines.push(pc.dim('  not started by `assetflow server start` (or by a command that keeps it running): stop it where it was started'));
      console.log(lines.join('\n'));
    });
  server
    .command('stop')
    .description('Stop the background dev server assetflow started on the port')
    .addOption(portOption())
    .action(async (options: { port?: number }) => {
      const port = options.port ?? devServerPort();
      console.log((await stopDevServer({ port })) ? `Stopped the Temporal dev server on port ${port}.` : `No dev server started by assetflow is running on port ${port}.`);
    });
}

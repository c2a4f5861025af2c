/** `assetflow server start|stop`: the local Temporal dev server. */
import type { Command } from 'commander';
import { ensureDevServer, stopDevServer } from '../../temporal/dev-server';

/** Adds `server` and its subcommands. */
export function addServerCommands(program: Command): void {
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
}

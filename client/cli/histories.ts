/** `assetflow histories export|replay`: workflow histories for replay tests. */
import { InvalidArgumentError, type Command } from 'commander';
import pc from './colors';
import { exportHistories } from '../export-histories';
import { readHistories, replayHistories } from '../replay-histories';
import { positiveInt } from './options';
import { withClient } from './target';

/** Adds `histories` and its subcommands. */
export function addHistoriesCommands(program: Command): void {
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
}

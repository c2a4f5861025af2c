/** `assetflow backfill start|watch|retry|cancel`: one run per partition, a bounded number at once. */
import { InvalidArgumentError, type Command } from 'commander';
import pc from './colors';
import { getBackfill, prepareBackfill, startPreparedBackfill } from '../backfills';
import { retryBackfill } from '../backfill-retry';
import { runUrl } from '../runs';
import { backfillSummary, watchBackfill } from './backfill-progress';
import { definitionsFrom, defsOption, positiveInt, readRunConfig, runConfigOption } from './options';
import { connectClient, resolveTarget, withClient } from './target';
import { taskQueueLine, warnWithoutWorker } from './task-queue-line';

interface BackfillStartOptions {
  select?: string;
  job?: string;
  from?: string;
  to?: string;
  partitions?: string;
  concurrency: number;
  config?: string;
  id?: string;
  watch?: boolean;
  defs?: string;
}

/** Adds `backfill` and its subcommands. */
export function addBackfillCommands(program: Command): void {
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
    .addOption(runConfigOption('run config for every partition run'))
    .option('--id <id>', 'backfill id (default: <selection or job>-<time>-<random>)')
    .option('--watch', 'follow it with a progress bar until it ends')
    .addOption(defsOption())
    .action(startAndReport);
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
    .command('retry <id>')
    .description('Start a new backfill of the partitions that failed in a finished backfill (same selection or job, run config, tags)')
    .option('--concurrency <n>', "partition runs at once (default: the old backfill's)", positiveInt)
    .option('--watch', 'follow it with a progress bar until it ends')
    .addOption(defsOption())
    .action(retryAndReport);
  backfill
    .command('cancel <id>')
    .description('Cancel a backfill: its running partition runs are cancelled and no new one starts')
    .action(async (id: string) => {
      await withClient(async (client) => {
        await getBackfill(client, id).cancel();
        console.log(`Cancellation of backfill ${pc.bold(id)} requested.`);
      });
    });
}

/** Checks the backfill (bad keys, range, job, selection or config fail here, before any server starts), then starts it. */
async function startAndReport(options: BackfillStartOptions): Promise<void> {
  if ((options.select === undefined) === (options.job === undefined)) throw new InvalidArgumentError('give exactly one of --select <selection> or --job <name>: what to backfill');
  const definitions = definitionsFrom(options);
  const prepared = prepareBackfill(definitions, {
    ...(options.job !== undefined ? { job: options.job } : { selection: options.select! }),
    from: options.from,
    to: options.to,
    partitionKeys: options.partitions?.split(',').map((k) => k.trim()).filter(Boolean),
    maxConcurrent: options.concurrency,
    runConfig: readRunConfig(options.config),
    backfillId: options.id,
  });
  const { target, uiUrl } = await resolveTarget();
  const { client, close } = await connectClient(target);
  try {
    console.log(taskQueueLine(definitions));
    const started = await startPreparedBackfill(client, prepared);
    console.log(`Backfill ${pc.bold(started.backfillId)}: ${started.total} partitions, ${options.concurrency} at once`);
    await warnWithoutWorker(client, prepared.taskQueue);
    if (uiUrl) console.log(`Temporal Web: ${pc.underline(runUrl(uiUrl, target.namespace, started.workflowId, started.firstRunId!))}`);
    if (options.watch) {
      const final = await watchBackfill(client, started);
      console.log(backfillSummary(final));
      process.exitCode = final.status === 'success' ? 0 : 1;
    } else console.log(`Follow it: assetflow backfill watch ${started.backfillId}; cancel it: assetflow backfill cancel ${started.backfillId}`);
  } finally {
    await close();
  }
}

/** Starts a backfill of a finished backfill's failed partitions and reports it (and follows it with --watch). */
async function retryAndReport(id: string, options: { concurrency?: number; watch?: boolean; defs?: string }): Promise<void> {
  const definitions = definitionsFrom(options);
  const { target, uiUrl } = await resolveTarget();
  const { client, close } = await connectClient(target);
  try {
    console.log(taskQueueLine(definitions));
    const retry = await retryBackfill(client, definitions, id, { maxConcurrent: options.concurrency });
    console.log(`Backfill ${pc.bold(retry.backfillId)}: retrying ${retry.total} failed partitions of ${id} (${retry.partitionKeys.slice(0, 10).join(', ')}${retry.partitionKeys.length > 10 ? ', …' : ''})`);
    await warnWithoutWorker(client, definitions.taskQueue);
    if (uiUrl) console.log(`Temporal Web: ${pc.underline(runUrl(uiUrl, target.namespace, retry.workflowId, retry.firstRunId!))}`);
    if (options.watch) {
      const final = await watchBackfill(client, retry);
      console.log(backfillSummary(final));
      process.exitCode = final.status === 'success' ? 0 : 1;
    } else console.log(`Follow it: assetflow backfill watch ${retry.backfillId}`);
  } finally {
    await close();
    await definitions.dispose();
  }
}

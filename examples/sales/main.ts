/**
 * `npm start`: the guide's sales pipeline on a real Temporal dev server.
 *
 * Starts (or reuses) the dev server with its Web UI, starts the local sales API and a worker,
 * materializes raw_sales → cleaned_sales → sales_by_customer → top_customers, prints the top
 * customers and the run's page in Temporal Web.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import pl from 'nodejs-polars';
import { createWorker, ensureDevServer, parquetIOManager, runUrl, startRun, temporalTargetFromEnv } from 'assetflow';
import pc from '../../client/cli/colors';
import { runTable, stepLine } from '../../client/cli/run-table';
import { taskQueueLine } from '../../client/cli/task-queue-line';
import { watchRun } from '../../client/cli/watch-run';
import definitions from './definitions';
import { startSalesApi } from './sales-api';

async function main() {
  // `npm start -- --log-format json`: the worker's log lines as JSON (as ASSETFLOW_LOG_FORMAT=json).
  const { values } = parseArgs({ options: { 'log-format': { type: 'string' } } });
  if (values['log-format']) process.env.ASSETFLOW_LOG_FORMAT = values['log-format'];
  const fromEnv = temporalTargetFromEnv();
  const server = fromEnv ? undefined : await ensureDevServer({ detached: true });
  const target = fromEnv ?? { address: server!.address, namespace: server!.namespace };
  console.log(server?.started ? `Started the Temporal dev server on ${target.address}` : `Using the Temporal server at ${target.address}`);

  const api = await startSalesApi();
  console.log(`Sales API serving ${api.sales.length} generated sales at ${api.url} (its first request fails on purpose)`);

  const worker = await createWorker({ definitions, target });
  console.log(taskQueueLine(definitions));
  const connection = await Connection.connect({ address: target.address });
  const client = new Client({ connection, namespace: target.namespace });
  try {
    const result = await worker.runUntil(async () => {
      const run = await startRun(client, definitions, {
        selection: 'group:sales',
        runName: 'sales',
        runConfig: { ops: { raw_sales: { config: { apiUrl: api.url } } } },
      });
      console.log(`\nMaterializing ${run.plan.steps.map((s) => s.key).join(' → ')} (workflow ${run.workflowId})`);
      return watchRun(run, (step) => console.log(stepLine(step)));
    });
    console.log(`\n${runTable(result)}\n`);
    if (result.status === 'success') {
      const top = pl.readParquet(parquetIOManager().pathFor({ stepKey: 'top_customers', assetKey: 'top_customers', runId: result.runId }));
      console.log(`Top customers:\n${top.toString()}\n`);
    }
    const ui = server?.uiUrl ?? process.env.TEMPORAL_UI_URL;
    if (ui) console.log(`See the run in Temporal Web: ${pc.underline(runUrl(ui, target.namespace, result.workflowId, result.runId))}`);
    const outputs = path.dirname(parquetIOManager().pathFor({ stepKey: 'x', assetKey: 'x', runId: '' }));
    const shown = path.relative(process.cwd(), outputs);
    console.log(pc.dim(`Outputs are under ${shown.startsWith('..') ? outputs : shown}${path.sep}`));
    if (server?.started || server) console.log(pc.dim('The dev server keeps running for Temporal Web; stop it with `npx assetflow server stop`.'));
    process.exitCode = result.status === 'success' ? 0 : 1;
  } finally {
    await connection.close();
    await api.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

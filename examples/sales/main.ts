/**
 * `npm start`: the guide's sales pipeline on a real Temporal dev server.
 *
 * Starts (or reuses) the dev server with its Web UI, starts the local sales API, a worker and the
 * asset UI, materializes raw_sales → cleaned_sales → sales_by_customer → top_customers, prints the
 * top customers and the run's page in Temporal Web. In a terminal it then keeps the worker and the
 * asset UI up until Ctrl-C, to click around; on a pipe (CI, tests) or with `--exit` it exits.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import pl from 'nodejs-polars';
import { createWorker, ensureDevServer, parquetIOManager, runUrl, startRun, temporalTargetFromEnv } from 'assetflow';
import { startCliAssetUi } from '../../client/cli/asset-ui';
import pc from '../../client/cli/colors';
import { runTable, stepLine } from '../../client/cli/run-table';
import { taskQueueLine } from '../../client/cli/task-queue-line';
import { watchRun } from '../../client/cli/watch-run';
import definitions from './definitions';
import { startSalesApi } from './sales-api';

async function main() {
  // `npm start -- --log-format json`: the worker's log lines as JSON (as ASSETFLOW_LOG_FORMAT=json).
  // `--exit`: exit after the run even in a terminal; `--ui-port <n>`: the asset UI's port; `--no-ui`: no asset UI.
  const { values } = parseArgs({ options: { 'log-format': { type: 'string' }, exit: { type: 'boolean' }, 'ui-port': { type: 'string' }, 'no-ui': { type: 'boolean' } } });
  if (values['log-format']) process.env.ASSETFLOW_LOG_FORMAT = values['log-format'];
  const stayUp = !values.exit && process.stdout.isTTY === true;
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
  const webUrl = server?.uiUrl ?? process.env.TEMPORAL_UI_URL;
  const assetUi = values['no-ui']
    ? undefined
    : await startCliAssetUi({ definitions, client, namespace: target.namespace, ...(webUrl ? { temporalWebUrl: webUrl } : {}), ...(values['ui-port'] ? { port: Number(values['ui-port']) } : {}) });
  if (assetUi) console.log(assetUi.line);
  try {
    const result = await worker.runUntil(
      async () => {
        const run = await startRun(client, definitions, {
          selection: 'group:sales',
          runName: 'sales',
          runConfig: { ops: { raw_sales: { config: { apiUrl: api.url } } } },
        });
        const checks = run.plan.steps.filter((s) => s.kind === 'check').map((s) => s.key);
        const assets = run.plan.steps.filter((s) => s.kind !== 'check').map((s) => s.key);
        console.log(`\nMaterializing ${assets.join(' → ')}${checks.length ? `, checking ${checks.join(', ')}` : ''} (workflow ${run.workflowId})`);
        const result = await watchRun(run, (step) => console.log(stepLine(step)));
        console.log(`\n${runTable(result)}\n`);
        if (result.status === 'success') {
          const top = pl.readParquet(parquetIOManager().pathFor({ stepKey: 'top_customers', assetKey: 'top_customers', runId: result.runId }));
          console.log(`Top customers:\n${top.toString()}\n`);
        }
        if (webUrl) console.log(`See the run in Temporal Web: ${pc.underline(runUrl(webUrl, target.namespace, result.workflowId, result.runId))}`);
        const outputs = path.dirname(parquetIOManager().pathFor({ stepKey: 'x', assetKey: 'x', runId: '' }));
        const shown = path.relative(process.cwd(), outputs);
        console.log(pc.dim(`Outputs are under ${shown.startsWith('..') ? outputs : shown}${path.sep}`));
        if (server?.started || server) console.log(pc.dim('The dev server keeps running for Temporal Web; stop it with `npx assetflow server stop`.'));
        if (stayUp) {
          console.log(`\nThe worker${assetUi ? ` and the asset UI (${pc.underline(assetUi.ui.openUrl)})` : ''} keep running: Ctrl-C to stop (\`npm start -- --exit\` exits after the run).`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
        }
        return result;
      },
      { promiseCompletionTimeout: 2000 },
    );
    process.exitCode = result.status === 'success' ? 0 : 1;
  } finally {
    await assetUi?.ui.close();
    await connection.close();
    await api.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { ensureDevServer, freePort } from '/work/wt/defs-limits/temporal/dev-server';
import { ASSETS, JOB } from '/work/wt/defs-limits/contract/search-attributes';
async function main() {
  const dir = fs.mkdtempSync('/tmp/dl-probe-');
  const server = await ensureDevServer({ port: await freePort(), headless: true, dbFile: `${dir}/t.db`, startTimeoutMs: 90_000 });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const tryStart = async (what: string, opts: object) => {
    const t = Date.now();
    try {
      const h = await client.workflow.start('nothing', { taskQueue: 'probe-q', workflowId: `probe-${Math.random()}`, ...opts } as never);
      console.log(what, 'OK', Date.now() - t); await h.terminate();
    } catch (e) { console.log(what, 'FAILED', Date.now() - t, String((e as Error).message).slice(0, 200)); }
  };
  await tryStart('assets 100x200', { typedSearchAttributes: new TypedSearchAttributes([{ key: ASSETS, value: Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(200, 'a')) }]) });
  await tryStart('assets 10x200', { typedSearchAttributes: new TypedSearchAttributes([{ key: ASSETS, value: Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(200, 'a')) }]) });
  await tryStart('job 2100', { typedSearchAttributes: new TypedSearchAttributes([{ key: JOB, value: 'j'.repeat(2100) }]) });
  await tryStart('job 2000', { typedSearchAttributes: new TypedSearchAttributes([{ key: JOB, value: 'j'.repeat(2000) }]) });
  await tryStart('summary 100000', { staticSummary: 's'.repeat(100000) });
  await tryStart('summary 1000', { staticSummary: 's'.repeat(1000) });
  await tryStart('summary 500', { staticSummary: 's'.repeat(500) });
  await tryStart('id 1001', { workflowId: 'i'.repeat(1001) });
  await tryStart('id 1000', { workflowId: 'i'.repeat(1000) });
  await connection.close();
  await server.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });

/**
 * The Temporal dev server is killed (SIGKILL) while a run is mid-materialization, and
 * restarted on the same port with the same database file. The run, its worker process and
 * the client carry on: the run completes with every output in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pl from 'nodejs-polars';
import { ensureDevServer, freePort, type DevServer } from '../temporal/dev-server';
import { startRun } from '../client/runs';
import { mark, waitForFile } from './fixtures/control-files';
import { crashDefinitions, ROWS } from './fixtures/crash-definitions';
import { tempFilesUnder } from './support/storage-files';
import { tempStorage } from './support/temporal';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

let server: DevServer | undefined;
let worker: WorkerProcess | undefined;
let connection: Connection | undefined;
afterAll(async () => {
  await worker?.kill();
  await connection?.close();
  await server?.stop();
});

test('a run survives its dev server being killed and restarted with the same database file', async () => {
  const dir = tempStorage('server-restart');
  const storageRoot = path.join(dir, 'storage');
  const controlDir = path.join(dir, 'control');
  fs.mkdirSync(controlDir, { recursive: true });
  const serverOptions = { port: await freePort(), headless: true, dbFile: path.join(dir, 'temporal.db'), startTimeoutMs: 90_000 };
  server = await ensureDevServer(serverOptions);
  const taskQueue = 'server-restart';
  worker = await startWorkerProcess({
    address: server.address,
    taskQueue,
    storageRoot,
    definitionsModule: path.join(__dirname, 'fixtures', 'crash-definitions.ts'),
    // Longer than the restart takes: the attempt in flight survives it.
    env: { FIXTURE_CONTROL_DIR: controlDir, FIXTURE_HEARTBEAT_SECONDS: '30' },
  });
  connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const definitions = crashDefinitions({ storageRoot, controlDir });
  const run = await startRun(client, definitions, { taskQueue, selection: '*report' });
  await waitForFile(path.join(controlDir, 'write-started'));

  process.kill(server.pid!, 'SIGKILL');
  await server.stop();
  server = await ensureDevServer(serverOptions);
  expect(server.started).toBe(true);
  mark(path.join(controlDir, 'release'));

  const result = await run.result();
  expect(result.status).toBe('success');
  expect(result.steps.map((s) => [s.key, s.status])).toEqual([
    ['numbers', 'succeeded'],
    ['group_totals', 'succeeded'],
    ['report', 'succeeded'],
  ]);
  expect(pl.readParquet(path.join(storageRoot, 'numbers.parquet')).height).toBe(ROWS);
  expect(pl.readParquet(path.join(storageRoot, 'group_totals.parquet')).getColumn('n').sum()).toBe(ROWS);
  expect(pl.readParquet(path.join(storageRoot, 'report.parquet')).height).toBeGreaterThan(0);
  expect(tempFilesUnder(storageRoot)).toEqual([]);
});

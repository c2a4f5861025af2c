/**
 * A resource value marked secret (`secret()`), known only to the worker process, is used by
 * an asset that logs and records its resource carelessly. The secret appears nowhere in the
 * run's Temporal history (inputs, results, failures, payloads decoded) nor in the worker's
 * logs; the asset still received the real value.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startRun } from '../client/runs';
import { crashDefinitions } from './fixtures/crash-definitions';
import { historyText } from './support/storage-files';
import { connectTestEnv, tempStorage, type TestEnv } from './support/temporal';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

let env: TestEnv;
let worker: WorkerProcess | undefined;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(async () => {
  await worker?.kill();
  await env?.close();
});

test('a secret resource value never reaches workflow history or logs', async () => {
  const password = `pw-${randomUUID()}`;
  const warehouseUrl = `postgres://loader:${password}@warehouse.internal:5432/sales`;
  const dir = tempStorage('secrets');
  const storageRoot = path.join(dir, 'storage');
  worker = await startWorkerProcess({
    address: env.target.address,
    taskQueue: env.taskQueue,
    storageRoot,
    definitionsModule: path.join(__dirname, 'fixtures', 'crash-definitions.ts'),
    env: { FIXTURE_CONTROL_DIR: dir, FIXTURE_WAREHOUSE_URL: warehouseUrl, ASSETFLOW_LOG_LEVEL: 'debug', ASSETFLOW_TEMPORAL_LOG_LEVEL: 'DEBUG' },
  });
  // The client plans the run without the secret: resources live in the worker only.
  const definitions = crashDefinitions({ storageRoot, controlDir: dir });
  const run = await startRun(env.client, definitions, { taskQueue: env.taskQueue, selection: 'uses_secret' });
  const result = await run.result();
  expect(result.status).toBe('success');
  // The asset did use the real value.
  expect(JSON.parse(fs.readFileSync(path.join(storageRoot, 'uses_secret.json'), 'utf8'))).toEqual({ connected: true, length: warehouseUrl.length });

  const history = await historyText(run.handle);
  const logs = worker.output();
  // What was scanned is the real thing: the careless metadata and log line are there, redacted.
  expect(history).toContain('"warehouse":"[secret]"');
  expect(history).toContain('"resource":{"url":"[secret]"}');
  expect(logs).toContain('connecting to [secret]');
  expect(logs).toContain('"warehouse":{"url":"[secret]"}');
  for (const text of [history, logs, JSON.stringify(result)]) {
    expect(text).not.toContain(password);
  }
});

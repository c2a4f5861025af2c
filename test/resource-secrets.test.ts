/**
 * Secrets of resources are resolved where resources are built, in the worker: Definitions whose
 * `postgresResource` takes `secret.fromEnv(...)` load and start runs in a process that has none
 * of the variables. A variable the worker lacks fails the step once, naming it and the resource.
 * No password reaches the worker's log or the run's history, even when the connection fails and
 * the compute logs its resources.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startRun } from '../client/runs';
import type { Definitions } from '../planning/definitions';
import { definitionsFromEnv } from './fixtures/secret-resources';
import { TEST_DATABASE_URL } from './support/postgres';
import { historyText } from './support/storage-files';
import { connectTestEnv, tempStorage, type TestEnv } from './support/temporal';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

const reachablePassword = `pw-${randomUUID()}`;
const unreachablePassword = `pw-${randomUUID()}`;
/** The test database (trust auth: the password is sent nowhere, but it is in the string) and a port where nothing listens. */
const reachableUrl = TEST_DATABASE_URL.replace('://postgres@', `://postgres:${reachablePassword}@`);
const unreachableUrl = `postgres://loader:${unreachablePassword}@127.0.0.1:1/test`;

let env: TestEnv;
let worker: WorkerProcess;
let definitions: Definitions;
let storageRoot: string;
beforeAll(async () => {
  env = await connectTestEnv();
  storageRoot = path.join(tempStorage('resource-secrets'), 'storage');
  worker = await startWorkerProcess({
    address: env.target.address,
    taskQueue: env.taskQueue,
    storageRoot,
    definitionsModule: path.join(__dirname, 'fixtures', 'secret-resources.ts'),
    env: { FIXTURE_WAREHOUSE_URL: reachableUrl, FIXTURE_UNREACHABLE_URL: unreachableUrl, ASSETFLOW_LOG_LEVEL: 'debug', ASSETFLOW_TEMPORAL_LOG_LEVEL: 'DEBUG' },
  });
  // This process plans and starts runs without any of the secrets.
  for (const name of ['FIXTURE_WAREHOUSE_URL', 'FIXTURE_UNREACHABLE_URL', 'FIXTURE_UNSET_URL']) expect(process.env[name]).toBeUndefined();
  definitions = definitionsFromEnv({ ...process.env, ASSETFLOW_STORAGE: storageRoot });
});
afterAll(async () => {
  await worker?.kill();
  await definitions?.dispose();
  await env?.close();
});

test('Definitions with secret.fromEnv load and start a run where the secret is unset; the worker resolves it', async () => {
  const run = await startRun(env.client, definitions, { taskQueue: env.taskQueue, selection: 'warehouse_rows' });
  const result = await run.result();
  expect(result.status).toBe('success');
  expect(JSON.parse(fs.readFileSync(path.join(storageRoot, 'warehouse_rows.json'), 'utf8'))).toEqual({ one: 1 });
});

test('a secret the worker lacks fails the step once, naming the variable and the resource', async () => {
  const run = await startRun(env.client, definitions, { taskQueue: env.taskQueue, selection: 'unset_rows' });
  const result = await run.result();
  expect(result.status).toBe('failure');
  expect(result.steps[0].error).toMatch(/resource 'unset'.*FIXTURE_UNSET_URL is not set/);
  const failures = (await definitions.catalog.failures('unset_rows')).items.filter((f) => f.runId === result.runId);
  expect(failures.map((f) => f.attempt)).toEqual([1]);
});

test('a failing PostgreSQL connection leaks no password into the worker log or the history', async () => {
  const run = await startRun(env.client, definitions, { taskQueue: env.taskQueue, selection: 'unreachable_rows' });
  const result = await run.result();
  expect(result.status).toBe('failure');
  expect(result.steps[0]).toMatchObject({ status: 'failed', attempts: 2 });
  expect(result.steps[0].error).toMatch(/ECONNREFUSED/);
  const history = await historyText(run.handle);
  const logs = worker.output();
  // What is scanned is the real thing: the careless log lines and the failures are in the log.
  expect(logs).toContain('querying unreachable');
  expect(logs).toContain('querying warehouse');
  expect(logs).toMatch(/unreachable_rows attempt 2 failed: .*ECONNREFUSED/);
  expect(logs).toContain('"warehouse":"[resource unreachable]"');
  expect(logs).toContain('"resources":{"unreachable":"[resource unreachable]"}');
  for (const text of [logs, history, JSON.stringify(result)]) {
    expect(text).not.toContain(reachablePassword);
    expect(text).not.toContain(unreachablePassword);
  }
});

test('a secret connection string in an error message is scrubbed from the log, the history and the catalog', async () => {
  const run = await startRun(env.client, definitions, { taskQueue: env.taskQueue, selection: 'leaky_error' });
  const result = await run.result();
  expect(result.status).toBe('failure');
  expect(result.steps[0].error).toBe('could not reach [secret]');
  const [failure] = (await definitions.catalog.failures('leaky_error')).items.filter((f) => f.runId === result.runId);
  expect(failure.error).toBe('could not reach [secret]');
  const history = await historyText(run.handle);
  const logs = worker.output();
  expect(logs).toContain('leaky_error attempt 1 failed: could not reach [secret]');
  for (const text of [logs, history, JSON.stringify(result)]) expect(text).not.toContain(unreachablePassword);
});

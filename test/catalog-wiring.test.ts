/**
 * The catalog as workers use it, on the real dev server: runs record their start and end,
 * steps their materializations (with step, workflow and run name) and their failed attempts;
 * a catalog that cannot be reached fails the worker at start, naming host and database and not
 * the password; a storage root with the old JSON-lines catalog keeps its records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { asset } from '../assets/asset';
import { materialize, startRun } from '../client/runs';
import { Definitions } from '../planning/definitions';
import { fileCatalog } from '../storage/catalog/file-catalog';
import { IMPORTED_MARKER } from '../storage/catalog/prepare-catalog';
import { createWorker } from '../worker';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

test('a run records its start and end, its materializations with their step, and every failed attempt', async () => {
  const root = asset({ key: 'root', compute: () => ({ n: 1 }) });
  const broken = asset({ key: 'broken', ins: { root }, retry: { maxAttempts: 2, initialIntervalSeconds: 0.1 }, compute: (): number => { throw new Error('source is down'); } });
  const definitions = new Definitions({ assets: [root, broken], storageRoot: tempStorage('wiring') });
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { taskQueue: env.taskQueue, runName: 'wiring' }));
  expect(result.status).toBe('failure');

  const run = await definitions.catalog.run(result.runId);
  expect(run).toMatchObject({ runId: result.runId, workflowId: result.workflowId, runName: 'wiring', status: 'failure' });
  expect(run!.assetKeys.sort()).toEqual(['broken', 'root']);
  expect(run!.endedAt).toBeDefined();
  expect(await definitions.catalog.latestMaterialization('root')).toMatchObject({ runId: result.runId, workflowId: result.workflowId, runName: 'wiring', stepKey: 'root', attempt: 1 });
  const failures = await definitions.catalog.failures('broken');
  expect(failures.items.map((f) => [f.attempt, f.runId, f.workflowId, f.runName, f.stepKey])).toEqual([
    [2, result.runId, result.workflowId, 'wiring', 'broken'],
    [1, result.runId, result.workflowId, 'wiring', 'broken'],
  ]);
  expect(failures.items[0].error).toBe('source is down');
  expect(await definitions.catalog.state('broken')).toBe('failed');
  expect(await definitions.catalog.state('root')).toBe('materialized');
});

test('a run is in progress until it ends; a cancelled run records its end and no failure', async () => {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const waits = asset({
    key: 'waits',
    heartbeatTimeoutSeconds: 2,
    compute: ({ context }) =>
      new Promise<number>((_resolve, reject) => {
        started();
        context.signal.addEventListener('abort', () => reject(context.signal.reason));
      }),
  });
  const definitions = new Definitions({ assets: [waits], storageRoot: tempStorage('wiring-cancel') });
  const { runId, state } = await withWorker(env, definitions, async () => {
    const handle = await startRun(env.client, definitions, { taskQueue: env.taskQueue, runName: 'cancelled' });
    await running;
    const state = await definitions.catalog.state('waits');
    await handle.handle.cancel();
    await handle.result().catch(() => undefined);
    return { runId: handle.runId, state };
  });
  expect(state).toBe('in_progress');
  expect(await definitions.catalog.run(runId)).toMatchObject({ status: 'cancelled' });
  expect(await definitions.catalog.state('waits')).toBe('missing');
  expect((await definitions.catalog.failures('waits')).items).toEqual([]);
});

test('a catalog that cannot be reached fails the worker at start, naming host and database, never the password', async () => {
  const definitions = new Definitions({ assets: [asset({ key: 'a', compute: () => 1 })], catalog: 'postgres://catalog_user:s3cret-pw@127.0.0.1:1/warehouse?schema=assets' });
  const failure = await createWorker({ definitions, target: env.target, taskQueue: env.taskQueue, workflowBundlePath: process.env.ASSETFLOW_TEST_BUNDLE }).then(
    () => undefined,
    (err: unknown) => err as Error,
  );
  expect(failure).toBeDefined();
  expect(failure!.name).toBe('CatalogConnectionError');
  expect(failure!.message).toMatch(/cannot connect to the catalog database 'warehouse' on 127\.0\.0\.1:1 as 'catalog_user'/);
  expect(failure!.message).not.toContain('s3cret-pw');
  expect(String(failure!.stack)).not.toContain('s3cret-pw');
});

test('a storage root with the old JSON-lines catalog keeps its records: the worker imports them once', async () => {
  const storageRoot = tempStorage('wiring-legacy');
  const old = fileCatalog(storageRoot);
  const materializedAt = '2026-10-01T00:00:00.000Z';
  await old.record({ assetKey: 'legacy', runId: 'old-run', location: path.join(storageRoot, 'legacy.json'), rows: 7, metadata: { rows: 7 }, attempt: 1, materializedAt });
  const legacy = asset({ key: 'legacy', compute: () => 1 });
  const definitions = new Definitions({ assets: [legacy], storageRoot });
  expect(fs.existsSync(path.join(storageRoot, '.catalog.sqlite'))).toBe(false);

  const worker = await createWorker({ definitions, target: env.target, taskQueue: env.taskQueue, workflowBundlePath: process.env.ASSETFLOW_TEST_BUNDLE, stepThreads: false });
  await worker.runUntil(Promise.resolve());
  expect(await definitions.catalog.latestMaterialization('legacy')).toMatchObject({ runId: 'old-run', rows: 7, materializedAt });
  expect(await definitions.catalog.state('legacy')).toBe('materialized');
  expect(JSON.parse(fs.readFileSync(path.join(storageRoot, '.catalog', IMPORTED_MARKER), 'utf8'))).toEqual({ importedInto: [definitions.catalog.location] });

  // A second worker start imports nothing again (and would duplicate nothing if it did).
  await old.record({ assetKey: 'legacy', runId: 'late-run', location: 'x', metadata: {}, attempt: 1, materializedAt });
  const again = await createWorker({ definitions, target: env.target, taskQueue: env.taskQueue, workflowBundlePath: process.env.ASSETFLOW_TEST_BUNDLE, stepThreads: false });
  await again.runUntil(Promise.resolve());
  expect((await definitions.catalog.history('legacy')).map((r) => r.runId)).toEqual(['old-run']);
  await definitions.dispose();
});

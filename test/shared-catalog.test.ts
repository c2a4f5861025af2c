/**
 * Two worker processes, one PostgreSQL catalog (a schema of its own in the test database) and
 * one task queue: a backfill of 20 partitions, 4 at once, spread over both workers, leaves every
 * materialization in the catalog exactly once, with each run's start and end.
 */
import path from 'node:path';
import { startBackfill } from '../client/backfills';
import { Definitions } from '../planning/definitions';
import { sharedDay } from './fixtures/shared-catalog-definitions';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from './support/postgres';
import { connectTestEnv, tempStorage, type TestEnv } from './support/temporal';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

let env: TestEnv;
let schema: TestSchema;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  env = await connectTestEnv();
  schema = await createTestSchema('shared_catalog');
});
afterAll(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
  await schema?.drop();
  await env?.close();
});

test('two worker processes on one PostgreSQL catalog record every partition of a backfill once', async () => {
  const catalogUrl = `${TEST_DATABASE_URL}?schema=${schema.name}`;
  const storageRoot = tempStorage('shared-catalog');
  for (let i = 0; i < 2; i++) {
    workers.push(
      await startWorkerProcess({
        address: env.target.address,
        taskQueue: env.taskQueue,
        storageRoot,
        definitionsModule: path.join(__dirname, 'fixtures', 'shared-catalog-definitions.ts'),
        env: { ASSETFLOW_CATALOG_URL: catalogUrl, WORKER_MAX_ACTIVITIES: '2' },
      }),
    );
  }
  // The test reads the same catalog; it never runs a worker itself.
  const definitions = new Definitions({ assets: [sharedDay], storageRoot, catalog: catalogUrl });
  try {
    const backfill = await startBackfill(env.client, definitions, { selection: 'shared_day', from: '2026-01-01', to: '2026-01-20', maxConcurrent: 4, taskQueue: env.taskQueue });
    const result = await backfill.result();
    expect(result).toMatchObject({ succeeded: 20, failed: 0 });

    const days = Array.from({ length: 20 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);
    const history = await definitions.catalog.history('shared_day');
    expect(history.map((r) => r.partitionKey).sort()).toEqual(days);
    // Each once, by a distinct run, and both worker processes took part.
    expect(new Set(history.map((r) => r.runId)).size).toBe(20);
    expect(new Set(history.map((r) => r.metadata.pid)).size).toBe(2);
    const rows = await schema.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema.name}".asset_events WHERE kind = 'materialization'`);
    expect(Number(rows[0].n)).toBe(20);
    expect(await definitions.catalog.partitionStatus('shared_day', days)).toMatchObject({ total: 20, counts: { materialized: 20, failed: 0, in_progress: 0, missing: 0 } });
    // Every run recorded its start and its end.
    const runs = await Promise.all(history.map((r) => definitions.catalog.run(r.runId)));
    expect(runs.map((r) => r?.status)).toEqual(Array(20).fill('success'));
  } finally {
    await definitions.dispose();
  }
});

/** The PostgreSQL catalog against the local server: the contract suite, migrations, bad URLs, two writer processes. */
import { randomUUID } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import { createTestSchema, TEST_DATABASE_URL } from '../../test/support/postgres';
import { describeCatalogContract } from './catalog-contract';
import { CatalogConnectionError, CatalogSchemaTooNewError, NotACatalogError } from './catalog-errors';
import { writeAtOnce } from './fixtures/writer-processes';
import { MIGRATIONS } from './migrations';
import { openCatalog } from './open-catalog';
import { postgresCatalog } from './postgres-store';

describeCatalogContract('PostgreSQL', async () => {
  const schema = await createTestSchema('catalog');
  return { store: postgresCatalog({ connectionString: TEST_DATABASE_URL, schema: schema.name }), dispose: () => schema.drop() };
});

/** Runs `fn` with a schema name of its own that does not exist yet, and drops it after. */
async function withSchema(fn: (schema: string, query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<void>): Promise<void> {
  const schema = `catalog_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await fn(schema, async (sql) => (await client.query(sql)).rows);
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
    await client.end();
  }
}

/** The partition summary holds exactly the newest event of every (asset, partition) the events have. */
async function expectSummaryAgrees(schema: string, query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<void> {
  const summary = await query(`SELECT asset_key, partition_key, last_event_id, last_kind, last_materialization_id FROM ${schema}.asset_partitions ORDER BY 1, 2`);
  const fromEvents = await query(
    `SELECT asset_key, partition_key, max(id) AS last_event_id, (array_agg(kind ORDER BY id DESC))[1] AS last_kind,
            max(id) FILTER (WHERE kind = 'materialization') AS last_materialization_id
     FROM ${schema}.asset_events GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  expect(summary.length).toBeGreaterThan(0);
  expect(summary).toEqual(fromEvents);
}

test('the schema is created on first use, with every migration recorded', () =>
  withSchema(async (schema, query) => {
    const store = await openCatalog(`${TEST_DATABASE_URL}?schema=${schema}`);
    expect(store.location).toBe(`postgres://postgres@127.0.0.1:5432/test (schema ${schema})`);
    expect(await query(`SELECT version, description FROM ${schema}.catalog_migrations ORDER BY version`)).toEqual(MIGRATIONS.map((m) => ({ version: m.version, description: m.description })));
    await store.close();
  }));

test('a catalog created by schema version 1 opens under the current version with its records intact', () =>
  withSchema(async (schema, query) => {
    const v1 = postgresCatalog({ connectionString: TEST_DATABASE_URL, schema, migrations: MIGRATIONS.slice(0, 1) });
    await v1.ready();
    await v1.close();
    expect(await query(`SELECT column_name FROM information_schema.columns WHERE table_schema = '${schema}' AND table_name = 'asset_events' AND column_name = 'code_version'`)).toEqual([]);
    await query(
      `INSERT INTO ${schema}.asset_events (kind, asset_key, partition_key, run_id, workflow_id, step_key, attempt, location, row_count, metadata, error, recorded_at) VALUES
       ('materialization', 'days', '2026-11-01', 'r1', 'wf', 'days', 1, '/days/2026-11-01.parquet', 10, '{"rows":10}', NULL, '2026-11-01T01:00:00.000Z'),
       ('materialization', 'days', '2026-11-02', 'r2', 'wf', 'days', 1, '/days/2026-11-02.parquet', 12, '{"rows":12}', NULL, '2026-11-02T01:00:00.000Z'),
       ('failure', 'days', '2026-11-03', 'r3', 'wf', 'days', 1, NULL, NULL, '{}', 'boom', '2026-11-03T01:00:00.000Z')`,
    );
    await query(`INSERT INTO ${schema}.runs (run_id, workflow_id, partition_key, started_at) VALUES ('r4', 'wf4', '2026-11-04', now())`);
    await query(`INSERT INTO ${schema}.run_assets (run_id, asset_key) VALUES ('r4', 'days')`);

    const current = postgresCatalog({ connectionString: TEST_DATABASE_URL, schema });
    expect(await current.latestMaterialization('days', '2026-11-02')).toEqual({
      assetKey: 'days', partitionKey: '2026-11-02', runId: 'r2', workflowId: 'wf', stepKey: 'days', location: '/days/2026-11-02.parquet', rows: 12, metadata: { rows: 12 }, attempt: 1,
      materializedAt: '2026-11-02T01:00:00.000Z', eventId: expect.any(String),
    });
    expect((await current.partitionStatus('days', ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'])).counts).toEqual({ materialized: 2, failed: 1, in_progress: 1, missing: 1 });
    await current.recordMaterialization({ assetKey: 'days', partitionKey: '2026-11-05', runId: 'r5', location: '/x', metadata: {}, attempt: 1, materializedAt: '2026-11-05T01:00:00.000Z', codeVersion: 'v2' });
    expect((await current.latestMaterialization('days'))?.codeVersion).toBe('v2');
    await current.recordCheckResult({ assetKey: 'days', checkName: 'fresh', runId: 'r5', passed: true, severity: 'warn' });
    expect((await current.latestCheckResults('days')).map((c) => c.checkName)).toEqual(['fresh']);
    expect((await current.history('days')).map((r) => r.runId)).toEqual(['r1', 'r2', 'r5']);
    await current.close();
    expect((await query(`SELECT version FROM ${schema}.catalog_migrations ORDER BY version`)).map((r) => r.version)).toEqual([1, 2]);
  }));

test('a catalog of a newer schema version is refused', () =>
  withSchema(async (schema, query) => {
    const store = postgresCatalog({ connectionString: TEST_DATABASE_URL, schema });
    await store.ready();
    await store.close();
    await query(`INSERT INTO ${schema}.catalog_migrations (version, description) VALUES (99, 'from the future')`);
    const newer = postgresCatalog({ connectionString: TEST_DATABASE_URL, schema });
    await expect(newer.latest('a')).rejects.toThrow(CatalogSchemaTooNewError);
    await expect(newer.ready()).rejects.toThrow(`has schema version 99, but this assetflow knows versions up to ${MIGRATIONS.length}`);
    await newer.close();
  }));

test('a schema that holds other tables is not taken for a catalog', () =>
  withSchema(async (schema, query) => {
    await query(`CREATE SCHEMA ${schema}`);
    await query(`CREATE TABLE ${schema}.customers (id int)`);
    const store = postgresCatalog({ connectionString: TEST_DATABASE_URL, schema });
    await expect(store.ready()).rejects.toThrow(NotACatalogError);
    await expect(store.ready()).rejects.toThrow(/holds the tables customers but no catalog_migrations/);
    await store.close();
  }));

test('a server that cannot be reached is named by host and database, never by password', async () => {
  const error = await openCatalog('postgres://catalog_user:s3cret-Passw0rd@127.0.0.1:1/warehouse_db', { postgres: { connectionTimeoutMs: 3000 } }).then(
    () => undefined,
    (err: Error) => err,
  );
  expect(error).toBeInstanceOf(CatalogConnectionError);
  expect(error!.message).toMatch(/^cannot connect to the catalog database 'warehouse_db' on 127\.0\.0\.1:1 as 'catalog_user': .*ECONNREFUSED/);
  expect(error!.message).not.toContain('s3cret-Passw0rd');
  expect(String(error!.stack)).not.toContain('s3cret-Passw0rd');
});

test('a database that does not exist is named', async () => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = '/no_such_catalog_db';
  url.password = 'hunter2-password';
  const error = await openCatalog(url.toString()).then(
    () => undefined,
    (err: Error) => err,
  );
  expect(error).toBeInstanceOf(CatalogConnectionError);
  expect(error!.message).toContain(`cannot connect to the catalog database 'no_such_catalog_db' on ${url.hostname}:${url.port || 5432}`);
  expect(error!.message).toMatch(/does not exist/);
  expect(error!.message).not.toContain('hunter2-password');
});

test('two worker processes writing into one catalog at once: every record is there, once', () =>
  withSchema(async (schema, query) => {
    // Both open a schema that does not exist yet: the migration runs once, under the advisory lock.
    await writeAtOnce(`${TEST_DATABASE_URL}?schema=${schema}`, ['w1', 'w2'], 200, 256);
    const store = postgresCatalog({ connectionString: TEST_DATABASE_URL, schema });
    const records = await store.history('shared');
    expect(records).toHaveLength(400);
    const seen = new Set(records.map((r) => r.runId));
    for (const writer of ['w1', 'w2']) for (let i = 0; i < 200; i++) expect(seen.has(`${writer}-${i}`)).toBe(true);
    for (const r of records) expect(r.metadata).toMatchObject({ length: 256, payload: 'x'.repeat(256) });
    await store.close();
    await expectSummaryAgrees(schema, query);
  }));

test('two pools of one process writing the same records at once: each recorded once', () =>
  withSchema(async (schema, query) => {
    const a = postgresCatalog({ connectionString: TEST_DATABASE_URL, schema });
    const b = postgresCatalog({ connectionString: TEST_DATABASE_URL, schema });
    const records = Array.from({ length: 100 }, (_, i) => ({ assetKey: 'x', partitionKey: `p${i % 10}`, runId: `r${i}`, location: 'l', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() }));
    const outcomes = await Promise.all(records.flatMap((r) => [a.recordMaterialization(r), b.recordMaterialization(r)]));
    expect(outcomes.filter((o) => o.recorded)).toHaveLength(100);
    expect(await a.history('x')).toHaveLength(100);
    await Promise.all([a.close(), b.close()]);
    await expectSummaryAgrees(schema, query);
  }));

/** The SQLite catalog: the contract suite, migrations, bad files, and processes writing at once. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describeCatalogContract } from './catalog-contract';
import { CatalogCorruptError, CatalogReadOnlyError, CatalogSchemaTooNewError, NotACatalogError } from './catalog-errors';
import { spawnWriter, writeAtOnce } from './fixtures/writer-processes';
import { MIGRATIONS } from './migrations';
import { sqliteCatalog } from './sqlite-store';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-catalog-'));
let n = 0;
const freshFile = () => path.join(root, `catalog-${++n}.sqlite`);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describeCatalogContract('SQLite', async () => sqliteCatalog(freshFile()));

/** The partition summary holds exactly the newest event of every (asset, partition) the events have. */
function expectSummaryAgrees(db: Database.Database): void {
  const summary = db.prepare('SELECT asset_key, partition_key, last_event_id, last_kind, last_materialization_id FROM asset_partitions ORDER BY 1, 2').all();
  const fromEvents = db
    .prepare(
      `SELECT asset_key, partition_key, max(id) AS last_event_id, kind AS last_kind,
              (SELECT max(m.id) FROM asset_events m WHERE m.asset_key = e.asset_key AND m.partition_key = e.partition_key AND m.kind = 'materialization') AS last_materialization_id
       FROM asset_events e GROUP BY asset_key, partition_key ORDER BY 1, 2`,
    )
    .all();
  expect(summary.length).toBeGreaterThan(0);
  expect(summary).toEqual(fromEvents);
}

test('an in-memory catalog works for one process', async () => {
  const store = sqliteCatalog(':memory:');
  await store.record({ assetKey: 'a', runId: 'r', location: 'x', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() });
  expect((await store.latest('a'))?.location).toBe('x');
  expect(store.location).toBe('sqlite::memory:');
  await store.close();
});

test('the file is in WAL mode, and nothing is created until first use', async () => {
  const file = freshFile();
  const store = sqliteCatalog(file);
  expect(fs.existsSync(file)).toBe(false);
  expect(store.location).toBe(`sqlite:${file}`);
  await store.ready();
  const db = new Database(file, { readonly: true });
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.prepare('SELECT version, description FROM catalog_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version, description: m.description })));
  db.close();
  await store.close();
});

test('a catalog created by schema version 1 opens under the current version with its records intact', async () => {
  const file = freshFile();
  const v1 = sqliteCatalog(file, { migrations: MIGRATIONS.slice(0, 1) });
  await v1.ready();
  await v1.close();
  // What version 1 wrote (its own columns only: no code_version, no check_results).
  const db = new Database(file);
  expect(db.prepare(`SELECT count(*) FROM pragma_table_info('asset_events') WHERE name = 'code_version'`).pluck().get()).toBe(0);
  expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'check_results'`).pluck().get()).toBe(0);
  const insert = db.prepare(
    `INSERT INTO asset_events (kind, asset_key, partition_key, run_id, workflow_id, step_key, attempt, location, row_count, metadata, error, recorded_at)
     VALUES (?, 'days', ?, ?, 'wf', 'days', 1, ?, ?, ?, ?, ?)`,
  );
  insert.run('materialization', '2026-11-01', 'r1', '/days/2026-11-01.parquet', 10, JSON.stringify({ rows: 10 }), null, '2026-11-01T01:00:00.000Z');
  insert.run('materialization', '2026-11-02', 'r2', '/days/2026-11-02.parquet', 12, JSON.stringify({ rows: 12 }), null, '2026-11-02T01:00:00.000Z');
  insert.run('failure', '2026-11-03', 'r3', null, null, '{}', 'boom', '2026-11-03T01:00:00.000Z');
  db.prepare(`INSERT INTO runs (run_id, workflow_id, partition_key, started_at) VALUES ('r4', 'wf4', '2026-11-04', '2026-11-04T00:00:00.000Z')`).run();
  db.prepare(`INSERT INTO run_assets (run_id, asset_key) VALUES ('r4', 'days')`).run();
  db.close();

  const current = sqliteCatalog(file);
  expect(await current.latestMaterialization('days', '2026-11-02')).toEqual({
    assetKey: 'days', partitionKey: '2026-11-02', runId: 'r2', workflowId: 'wf', stepKey: 'days', location: '/days/2026-11-02.parquet', rows: 12, metadata: { rows: 12 }, attempt: 1,
    materializedAt: '2026-11-02T01:00:00.000Z', eventId: expect.any(String),
  });
  expect((await current.partitionStatus('days', ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'])).counts).toEqual({ materialized: 2, failed: 1, in_progress: 1, missing: 1 });
  // The new column and table are usable.
  await current.recordMaterialization({ assetKey: 'days', partitionKey: '2026-11-05', runId: 'r5', location: '/x', metadata: {}, attempt: 1, materializedAt: '2026-11-05T01:00:00.000Z', codeVersion: 'v2' });
  expect((await current.latestMaterialization('days'))?.codeVersion).toBe('v2');
  await current.recordCheckResult({ assetKey: 'days', checkName: 'fresh', runId: 'r5', passed: true, severity: 'warn' });
  expect((await current.latestCheckResults('days')).map((c) => c.checkName)).toEqual(['fresh']);
  expect((await current.history('days')).map((r) => r.runId)).toEqual(['r1', 'r2', 'r5']);
  await current.close();
  const after = new Database(file, { readonly: true });
  expect(after.prepare('SELECT version FROM catalog_migrations ORDER BY version').pluck().all()).toEqual([1, 2]);
  after.close();
});

test('a catalog of a newer schema version is refused, never read as empty', async () => {
  const file = freshFile();
  const store = sqliteCatalog(file);
  await store.record({ assetKey: 'a', runId: 'r', location: 'x', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() });
  await store.close();
  const db = new Database(file);
  db.prepare(`INSERT INTO catalog_migrations (version, description, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')`).run();
  db.close();
  const newer = sqliteCatalog(file);
  await expect(newer.latest('a')).rejects.toThrow(CatalogSchemaTooNewError);
  await expect(newer.ready()).rejects.toThrow(`the catalog at sqlite:${file} has schema version 99, but this assetflow knows versions up to ${MIGRATIONS.length}: a newer assetflow wrote it`);
  await newer.close();
});

test('a SQLite database that is not a catalog is refused, and left untouched', async () => {
  const file = freshFile();
  const db = new Database(file);
  db.exec('CREATE TABLE customers (id INTEGER)');
  db.close();
  const store = sqliteCatalog(file);
  await expect(store.ready()).rejects.toThrow(NotACatalogError);
  await expect(store.ready()).rejects.toThrow(/is a SQLite database but not an assetflow catalog \(it has the tables customers and no catalog_migrations\)/);
  await store.close();
  const check = new Database(file, { readonly: true });
  expect(check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all()).toEqual(['customers']);
  check.close();
});

test('a file that is not a database is a clear error, not "never materialized"', async () => {
  const file = freshFile();
  fs.writeFileSync(file, 'these are not the pages you are looking for\n'.repeat(200));
  const store = sqliteCatalog(file);
  await expect(store.latest('a')).rejects.toThrow(CatalogCorruptError);
  await expect(store.materializedPartitions('a')).rejects.toThrow(`the catalog file ${file} is not a SQLite database or is damaged (SQLITE_NOTADB`);
  await store.close();
});

test('a damaged catalog file is a clear error', async () => {
  const file = freshFile();
  const store = sqliteCatalog(file);
  await store.recordMaterializations(
    Array.from({ length: 400 }, (_, i) => ({ assetKey: 'a', partitionKey: `p${i}`, runId: `r${i}`, location: 'x', metadata: { pad: 'y'.repeat(500) }, attempt: 1, materializedAt: new Date().toISOString() })),
  );
  await store.close(); // checkpoints the WAL into the file
  const bytes = fs.readFileSync(file);
  expect(bytes.length).toBeGreaterThan(20 * 4096);
  for (let i = 2 * 4096; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff; // every page after the first two: garbage
  fs.writeFileSync(file, bytes);
  const damaged = sqliteCatalog(file);
  await expect(
    (async () => {
      await damaged.ready();
      await damaged.history('a');
      await damaged.partitionStatus('a', ['p1']);
    })(),
  ).rejects.toThrow(CatalogCorruptError);
  await damaged.close();
});

test('a read-only catalog file is a clear error', async () => {
  fs.chmodSync(root, 0o755); // another user must reach the file
  const dir = path.join(root, `readonly-${++n}`);
  fs.mkdirSync(dir, { mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  const file = path.join(dir, 'catalog.sqlite');
  const store = sqliteCatalog(file);
  await store.ready();
  await store.close();
  fs.chmodSync(file, 0o644);
  const fixture = path.join(__dirname, 'fixtures', 'open-catalog-child.ts');
  // Another user must reach Node and the checkout (a checkout under a private folder cannot be opened as them).
  const reachable = spawnSync(process.execPath, ['-e', 'require("node:fs").accessSync(process.argv[1])', fixture], { uid: 65534, gid: 65534 }).status === 0;
  if (process.getuid?.() === 0 && !reachable) {
    console.warn(`skipped the read-only catalog check: user 65534 cannot read ${fixture} (a private folder above the checkout); root itself writes any file`);
  } else if (process.getuid?.() === 0) {
    // root may write any file: open it as another user, for whom it is read-only.
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'open-catalog-child.ts'), `sqlite:${file}`], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, HOME: dir },
    });
    const outcome = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { error?: string; message?: string };
    expect(outcome).toEqual({ error: 'CatalogReadOnlyError', message: expect.stringContaining(`the catalog file ${file} is read-only for this user`) });
  } else {
    fs.chmodSync(file, 0o444);
    const readOnly = sqliteCatalog(file);
    await expect(readOnly.latest('a')).rejects.toThrow(CatalogReadOnlyError);
    await readOnly.close();
  }
});

test('processes creating the same catalog file at the same moment all open it', async () => {
  const dir = path.join(root, `race-${++n}`);
  fs.mkdirSync(dir);
  const rounds = 12;
  const first = Date.now() + 4000; // after every process has started
  const children = Array.from({ length: 5 }, () =>
    new Promise<{ failures: string[] }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'open-race.ts'), dir, String(rounds), String(first), '250'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as { failures: string[] }) : reject(new Error(`open-race exited with ${code}`))));
    }),
  );
  const outcomes = await Promise.all(children);
  expect(outcomes.flatMap((o) => o.failures)).toEqual([]);
  for (let r = 0; r < rounds; r++) {
    const db = new Database(path.join(dir, `race-${r}.sqlite`), { readonly: true });
    expect(db.prepare('SELECT version FROM catalog_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  }
});

test('two processes writing at once: every record is there, once', async () => {
  const file = freshFile();
  const url = `sqlite:${file}`;
  // Both open a file that does not exist yet: one creates and migrates it, the other waits for its lock.
  await writeAtOnce(url, ['w1', 'w2'], 200, 256);
  const store = sqliteCatalog(file);
  const records = await store.history('shared');
  expect(records).toHaveLength(400);
  const seen = new Set(records.map((r) => r.runId));
  for (const writer of ['w1', 'w2']) for (let i = 0; i < 200; i++) expect(seen.has(`${writer}-${i}`)).toBe(true);
  for (const r of records) expect(r.metadata).toMatchObject({ length: 256, payload: 'x'.repeat(256) });
  expect((await store.partitionStatus('shared', Array.from({ length: 50 }, (_, i) => `p${i}`))).counts.materialized).toBe(50);
  await store.close();
  const db = new Database(file, { readonly: true });
  expectSummaryAgrees(db);
  db.close();
});

test('a writer killed mid-write leaves complete records only', async () => {
  const file = freshFile();
  const writer = spawnWriter(`sqlite:${file}`, 'killed', 'loop', 40_000);
  await writer.ready;
  writer.go();
  while (writer.written() < 60) {
    if (writer.child.exitCode !== null) throw new Error(`writer exited early: ${writer.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const reported = writer.written();
  await writer.kill();
  expect(writer.child.signalCode).toBe('SIGKILL');

  const db = new Database(file, { readonly: false });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const rows = db.prepare(`SELECT run_id, metadata FROM asset_events ORDER BY id`).all() as { run_id: string; metadata: string }[];
  expectSummaryAgrees(db);
  db.close();
  expect(rows.length).toBeGreaterThanOrEqual(reported); // every write the writer saw commit is there
  rows.forEach((row, i) => {
    expect(row.run_id).toBe(`killed-${i}`); // no gap: records are whole or absent, in order
    const metadata = JSON.parse(row.metadata) as { length: number; payload: string; i: number };
    expect(metadata.i).toBe(i);
    expect(metadata.payload.length).toBe(metadata.length);
  });
  const store = sqliteCatalog(file);
  expect(await store.history('shared')).toHaveLength(rows.length);
  await store.close();
});

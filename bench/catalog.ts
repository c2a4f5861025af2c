/**
 * Figure 8: the asset catalog, on SQLite and on PostgreSQL.
 *
 * - partition status of one asset with `partitions` partitions (default 100,000) and three
 *   times as many records (80% of the partitions materialized 3–4 times, 4% of them failed
 *   last, 20 in progress, the rest missing), median of `repeat` after a warm-up;
 * - recording a materialization while two writer processes record at once (200 each into the
 *   same seeded catalog), median of every write after each writer's first 10;
 * - the newest materialization of each of `assets` assets (default 10,000, three records
 *   each) in one call, median of `repeat` after a warm-up.
 *
 * PostgreSQL is the local server (ASSETFLOW_BENCH_DATABASE_URL, default the test database), in
 * a schema of its own that is dropped after; after seeding it is VACUUM ANALYZEd, the state
 * autovacuum keeps a catalog in. Also runs alone: `npx tsx bench/catalog.ts [partitions] [assets]`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, escapeIdentifier } from 'pg';
import { writeAtOnce } from '../storage/catalog/fixtures/writer-processes';
import { postgresCatalog } from '../storage/catalog/postgres-store';
import { sqliteCatalog } from '../storage/catalog/sqlite-store';
import type { CatalogStore, MaterializationInput } from '../storage/catalog/store';
import { median } from './stats';
import type { Figure, FigureRow } from './types';

export interface CatalogBenchOptions {
  partitions: number;
  assets: number;
  repeat: number;
  workDir: string;
  databaseUrl: string;
  log(message: string): void;
}

const BENCH_DATABASE_URL = process.env.ASSETFLOW_BENCH_DATABASE_URL ?? process.env.ASSETFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WRITES_PER_WRITER = 200;

/** Measures the catalog figures on both stores. */
export async function measureCatalog(options: CatalogBenchOptions): Promise<FigureRow[]> {
  const rows: FigureRow[] = [];
  const file = path.join(options.workDir, `catalog-bench-${randomUUID().slice(0, 8)}.sqlite`);
  try {
    rows.push(...(await measureStore('SQLite', () => sqliteCatalog(file), `sqlite:${file}`, options)));
  } finally {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
  const schema = `bench_catalog_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = new Client({ connectionString: options.databaseUrl });
  try {
    await admin.connect();
  } catch (err) {
    const note = `PostgreSQL not reachable at ${safeUrl(options.databaseUrl)}: ${(err as Error).message}`;
    return [...rows, ...figureNames('PostgreSQL').map((figure) => ({ figure: figure.name, unit: 'ms', target: figure.target, note }))];
  }
  try {
    const url = withSchema(options.databaseUrl, schema);
    rows.push(
      ...(await measureStore('PostgreSQL', () => postgresCatalog({ connectionString: options.databaseUrl, schema }), url, options, async () => {
        for (const table of ['asset_events', 'asset_partitions', 'runs', 'run_assets']) await admin.query(`VACUUM ANALYZE ${escapeIdentifier(schema)}.${table}`);
      })),
    );
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`).catch(() => undefined);
    await admin.end();
  }
  return rows;
}

function figureNames(dialect: string) {
  return [
    { name: `8 catalog partition status (${dialect})`, target: { op: '<' as const, value: 100 } },
    { name: `8 catalog record, 2 writers at once (${dialect})`, target: { op: '<' as const, value: 5 } },
    { name: `8 catalog latest of every asset (${dialect})`, target: { op: '<' as const, value: 200 } },
  ];
}

async function measureStore(
  dialect: string,
  open: () => CatalogStore,
  url: string,
  options: CatalogBenchOptions,
  afterSeeding?: () => Promise<void>,
): Promise<FigureRow[]> {
  const [statusName, recordName, latestName] = figureNames(dialect);
  const store = open();
  try {
    await store.ready();
    const started = performance.now();
    const { keys, assetKeys, records } = await seed(store, options);
    await afterSeeding?.();
    options.log(`catalog ${dialect}: seeded ${records.toLocaleString('en-US')} records in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const status = await timed(options.repeat, () => store.partitionStatus('big', keys));
    const summary = await store.partitionStatus('big', keys);
    const latest = await timed(options.repeat, () => store.latestMaterializations(assetKeys));
    const found = (await store.latestMaterializations(assetKeys)).size;
    await store.close();

    options.log(`catalog ${dialect}: two writers, ${WRITES_PER_WRITER} records each`);
    const timings = await writeAtOnce(url, ['w1', 'w2'], WRITES_PER_WRITER, 256);
    const writes = timings.flatMap((t) => t.slice(10));
    const sorted = [...writes].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)];
    const c = summary.counts;
    return [
      {
        figure: statusName.name,
        value: round(median(status)),
        unit: 'ms',
        target: statusName.target,
        note: `${keys.length.toLocaleString("en-US")} partitions, ${(keys.length * 3).toLocaleString("en-US")} records of the asset (${records.toLocaleString("en-US")} in the catalog): ${c.materialized} materialized, ${c.failed} failed, ${c.in_progress} in progress, ${c.missing} missing, ${summary.ranges.length} ranges`,
      },
      { figure: recordName.name, value: round(median(writes)), unit: 'ms', target: recordName.target, note: `median of ${writes.length} writes, p95 ${round(p95)} ms, into the seeded catalog` },
      { figure: latestName.name, value: round(median(latest)), unit: 'ms', target: latestName.target, note: `${assetKeys.length.toLocaleString('en-US')} assets (${found} with a materialization), one call` },
    ];
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}

/** The big partitioned asset, the many small ones, a few runs. */
async function seed(store: CatalogStore, options: CatalogBenchOptions): Promise<{ keys: string[]; assetKeys: string[]; records: number }> {
  const keys = Array.from({ length: options.partitions }, (_, i) => `p${String(i).padStart(7, '0')}`);
  const touched = Math.floor(options.partitions * 0.8);
  const failedEvery = 20;
  const failures = Math.floor(touched / failedEvery);
  const total = options.partitions * 3;
  const time = Date.parse('2026-01-01T00:00:00.000Z');
  const record = (assetKey: string, partitionKey: string | undefined, j: number): MaterializationInput => ({
    assetKey,
    ...(partitionKey !== undefined ? { partitionKey } : {}),
    runId: `seed-${assetKey}-${j}`,
    workflowId: `assetflow/run/${assetKey}/${j}`,
    location: `/storage/${assetKey}/${partitionKey ?? 'out'}.parquet`,
    rows: 1000 + (j % 100),
    metadata: { rows: 1000 + (j % 100), columns: [{ name: 'id', type: 'Int64' }, { name: 'amount', type: 'Float64' }, { name: 'day', type: 'Date' }], bytes: 48_213 },
    attempt: 1,
    materializedAt: new Date(time + j * 1000).toISOString(),
  });
  const CHUNK = 20_000;
  for (let from = 0; from < total - failures; from += CHUNK) {
    const batch: MaterializationInput[] = [];
    for (let j = from; j < Math.min(from + CHUNK, total - failures); j++) batch.push(record('big', keys[j % touched], j));
    await store.recordMaterializations(batch);
  }
  for (let f = 0; f < failures; f++) {
    await store.recordFailure({ assetKey: 'big', partitionKey: keys[f * failedEvery], runId: `failed-${f}`, attempt: 3, error: 'Error: upstream API returned 503' });
  }
  for (let r = 0; r < 200; r++) {
    await store.recordRunStarted({ runId: `ended-${r}`, workflowId: `wf-ended-${r}`, assetKeys: ['big'], partitionKey: keys[r] });
    await store.recordRunEnded(`ended-${r}`, 'success');
  }
  for (let r = 0; r < 20; r++) await store.recordRunStarted({ runId: `open-${r}`, workflowId: `wf-open-${r}`, assetKeys: ['big'], partitionKey: keys[touched + r] });
  const assetKeys = Array.from({ length: options.assets }, (_, i) => `asset_${String(i).padStart(5, '0')}`);
  const small: MaterializationInput[] = [];
  for (let round = 0; round < 3; round++) assetKeys.forEach((key, i) => small.push(record(key, undefined, round * options.assets + i)));
  for (let from = 0; from < small.length; from += CHUNK) await store.recordMaterializations(small.slice(from, from + CHUNK));
  return { keys, assetKeys, records: total + small.length };
}

async function timed(repeat: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up: statements prepared, pages cached
  const times: number[] = [];
  for (let i = 0; i < Math.max(repeat, 5); i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

const catalogFigure: Figure = async (ctx) =>
  measureCatalog({
    partitions: ctx.options.catalogPartitions,
    assets: ctx.options.scaleAssets,
    repeat: ctx.options.repeat,
    workDir: ctx.workDir,
    databaseUrl: BENCH_DATABASE_URL,
    log: (m) => ctx.log(m),
  });
export default catalogFigure;

if (require.main === module) {
  const [partitions = '100000', assets = '10000'] = process.argv.slice(2);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bench-'));
  measureCatalog({ partitions: Number(partitions), assets: Number(assets), repeat: 5, workDir, databaseUrl: BENCH_DATABASE_URL, log: (m) => console.error(m) })
    .then((rows) => {
      for (const row of rows) console.log(`${row.figure.padEnd(48)} ${String(row.value ?? '—').padStart(8)} ${row.unit}  (target ${row.target?.op} ${row.target?.value})  ${row.note ?? ''}`);
    })
    .finally(() => fs.rmSync(workDir, { recursive: true, force: true }))
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  CatalogCorruptError,
  CatalogError,
  CatalogInputError,
  CatalogReadOnlyError,
  NotACatalogError,
} from './catalog-errors';
import { decodeCursor, encodeCursor } from './cursor';
import { historyOldestFirst } from './legacy-history';
import { MIGRATIONS, MIGRATIONS_TABLE, pendingMigrations, type Migration } from './migrations';
import { stateOf, summarizePartitions } from './partition-summary';
import {
  assetKeyArgument,
  checkWrite,
  failureWrite,
  materializationWrite,
  pageLimit,
  partitionColumn,
  runEnd,
  runWrite,
  toCheckResult,
  toFailure,
  toMaterialization,
  toRun,
  type CheckRow,
  type EventRow,
  type EventWrite,
  type RunRow,
} from './store-rows';
import type { CatalogStore, HistoryQuery, Page, StoredFailure, StoredMaterialization } from './store';

export interface SqliteCatalogOptions {
  /** How long a write waits for another process's write lock before it fails. Default 10 s. */
  busyTimeoutMs?: number;
  /**
   * SQLite's `synchronous` setting. `FULL` (default) syncs the write-ahead log on every commit,
   * so a recorded materialization survives a power cut too; `NORMAL` survives a killed process
   * but may lose the last commits on power loss.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** The schema history to apply (tests open a catalog at an older version). Default: every migration. */
  migrations?: readonly Migration[];
}

const EVENT_COLUMNS = 'id, kind, asset_key, partition_key, run_id, workflow_id, run_name, step_key, attempt, location, row_count, metadata, error, recorded_at, code_version';
const CHECK_COLUMNS = 'id, asset_key, check_name, partition_key, run_id, workflow_id, step_key, attempt, passed, severity, metadata, checked_at';

type Row = Record<string, unknown>;

/**
 * The embedded catalog: one SQLite file (nothing to start), for workers on one machine. Several
 * processes may share the file: WAL mode lets readers run beside a writer, writes wait for each
 * other up to `busyTimeoutMs`, and each write is one transaction, so a killed process leaves a
 * record whole or not at all.
 *
 * The driver is better-sqlite3 12.x (13.x needs Node 22). It is synchronous: every call blocks
 * the event loop for as long as SQLite takes, which for the catalog's small records is well
 * under a millisecond (see the bench's catalog figures) — fine in an activity; the methods
 * still return promises so that the store is interchangeable with {@link postgresCatalog}.
 * SQL is written by hand (no query builder): the schema is small, the fast queries are
 * dialect-specific on purpose (`json_group_array` here, `json_agg`, `DISTINCT ON` and
 * `LATERAL` in PostgreSQL), and the contract suite keeps both honest.
 *
 * The file opens on first use (or {@link CatalogStore.ready}), creating it and applying pending
 * migrations; a file that is not a database, is damaged, is read-only, or was written by a newer
 * assetflow gives a clear error instead.
 *
 * @param file the catalog file, or `:memory:` (one process, gone on close).
 *
 * @example
 * ```ts
 * const catalog = sqliteCatalog('.assetflow/storage/.catalog.sqlite');
 * const status = await catalog.partitionStatus('daily_sales', partitions.keys(new Date()));
 * console.log(status.counts); // { materialized: 30, failed: 1, missing: 4, in_progress: 0 }
 * ```
 */
export function sqliteCatalog(file: string, options: SqliteCatalogOptions = {}): CatalogStore {
  const memory = file === ':memory:';
  const filePath = memory ? file : path.resolve(file);
  const location = `sqlite:${filePath}`;
  const migrations = options.migrations ?? MIGRATIONS;
  let db: Database.Database | undefined;
  let closed = false;
  const statements = new Map<string, Database.Statement>();

  const translate = (err: unknown): unknown => translateSqliteError(err, filePath, location);
  const open = (): Database.Database => {
    if (closed) throw new CatalogError(`the catalog at ${location} is closed`);
    if (db) return db;
    if (!memory) assertWritable(filePath, location);
    let opened: Database.Database | undefined;
    try {
      const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
      opened = new Database(filePath, { timeout: busyTimeoutMs });
      const connection = opened;
      // Switching to WAL answers SQLITE_BUSY at once, without SQLite's busy wait, while another
      // process is creating the same file: retry it until the busy timeout.
      if (!memory) retryWhileBusy(busyTimeoutMs, () => connection.pragma('journal_mode', { simple: true }) === 'wal' || connection.pragma('journal_mode = WAL'));
      opened.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      opened.pragma('foreign_keys = ON');
      migrate(opened, location, migrations);
    } catch (err) {
      opened?.close();
      throw translate(err);
    }
    db = opened;
    return db;
  };
  const stmt = (sql: string): Database.Statement => {
    let s = statements.get(sql);
    if (!s) {
      s = open().prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  /** Runs `fn` on the open database, with SQLite's errors turned into the catalog's. */
  const guard = async <T>(fn: () => T): Promise<T> => {
    try {
      open();
      return fn();
    } catch (err) {
      throw translate(err);
    }
  };

  /** Inserts an event and folds it into its partition's summary row; false when it was recorded before. Call inside a transaction. */
  const insertEventRow = (w: EventWrite): boolean => {
    const inserted = stmt(
      `INSERT INTO asset_events (kind, asset_key, partition_key, run_id, workflow_id, run_name, step_key, attempt, location, row_count, metadata, error, recorded_at, code_version)
       VALUES (@kind, @assetKey, @partitionKey, @runId, @workflowId, @runName, @stepKey, @attempt, @location, @rowCount, @metadataJson, @error, @recordedAt, @codeVersion)
       ON CONFLICT (run_id, step_key, attempt, asset_key, partition_key, kind) DO NOTHING`,
    ).run(w);
    if (inserted.changes !== 1) return false;
    const id = inserted.lastInsertRowid;
    // Order-independent (max of ids), so the summary is the same whatever order writers commit in.
    stmt(
      `INSERT INTO asset_partitions (asset_key, partition_key, last_event_id, last_kind, last_materialization_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (asset_key, partition_key) DO UPDATE SET
         last_kind = CASE WHEN excluded.last_event_id > last_event_id THEN excluded.last_kind ELSE last_kind END,
         last_event_id = max(last_event_id, excluded.last_event_id),
         last_materialization_id = coalesce(max(last_materialization_id, excluded.last_materialization_id), last_materialization_id, excluded.last_materialization_id)`,
    ).run(w.assetKey, w.partitionKey, id, w.kind, w.kind === 'materialization' ? id : null);
    return true;
  };
  let insertEvents: ((writes: readonly EventWrite[]) => number) | undefined;
  /** Records events in one write transaction; returns how many were new. */
  const insertEvent = (writes: readonly EventWrite[]): number => {
    insertEvents ??= open().transaction((ws: readonly EventWrite[]) => ws.filter(insertEventRow).length).immediate;
    return insertEvents(writes);
  };

  const events = (sql: string, ...params: unknown[]): EventRow[] => (stmt(sql).all(...params) as Row[]).map(eventRow);

  const page = async <T>(
    assetKey: string,
    kind: 'materialization' | 'failure',
    query: HistoryQuery,
    convert: (row: EventRow) => T,
  ): Promise<Page<T>> => {
    const asset = assetKeyArgument(assetKey, 'history');
    const limit = pageLimit(query.limit);
    const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : Number(decodeCursor(query.before));
    const rows = await guard(() =>
      query.partitionKey === undefined
        ? events(`SELECT ${EVENT_COLUMNS} FROM asset_events WHERE asset_key = ? AND kind = ? AND id < ? ORDER BY id DESC LIMIT ?`, asset, kind, before, limit + 1)
        : events(
          `SELECT ${EVENT_COLUMNS} FROM asset_events WHERE asset_key = ? AND partition_key = ? AND kind = ? AND id < ? ORDER BY id DESC LIMIT ?`,
          asset, partitionColumn(query.partitionKey, 'history'), kind, before, limit + 1,
        ),
    );
    const items = rows.slice(0, limit);
    return { items: items.map(convert), ...(rows.length > limit ? { next: encodeCursor(items[items.length - 1].id) } : {}) };
  };

  const openRunsOf = (asset: string, partition?: string): Set<string> => {
    const rows = stmt(
      `SELECT DISTINCT r.partition_key FROM runs r CROSS JOIN run_assets ra
       WHERE r.ended_at IS NULL AND ra.run_id = r.run_id AND ra.asset_key = ? ${partition === undefined ? '' : 'AND r.partition_key = ?'}
         AND NOT EXISTS (SELECT 1 FROM asset_events e WHERE e.run_id = r.run_id AND e.asset_key = ra.asset_key
                         AND e.partition_key = r.partition_key AND e.kind = 'materialization')`,
    )
      .pluck()
      .all(...(partition === undefined ? [asset] : [asset, partition])) as string[];
    return new Set(rows);
  };

  const store: CatalogStore = {
    location,
    async ready() {
      await guard(() => undefined);
    },

    async recordMaterialization(input) {
      const w = materializationWrite(input);
      return { recorded: (await guard(() => insertEvent([w]))) === 1 };
    },
    async recordMaterializations(inputs) {
      const writes = inputs.map(materializationWrite);
      return guard(() => insertEvent(writes));
    },
    async recordFailure(input) {
      const w = failureWrite(input);
      return { recorded: (await guard(() => insertEvent([w]))) === 1 };
    },
    async recordCheckResult(input) {
      const w = checkWrite(input);
      const recorded = await guard(
        () =>
          stmt(
            `INSERT INTO check_results (asset_key, check_name, partition_key, run_id, workflow_id, step_key, attempt, passed, severity, metadata, checked_at)
             VALUES (@assetKey, @checkName, @partitionKey, @runId, @workflowId, @stepKey, @attempt, @passed, @severity, @metadataJson, @checkedAt)
             ON CONFLICT (run_id, step_key, attempt, asset_key, check_name, partition_key) DO NOTHING`,
          ).run({ ...w, passed: w.passed ? 1 : 0 }).changes === 1,
      );
      return { recorded };
    },
    async recordRunStarted(run) {
      const w = runWrite(run);
      const recorded = await guard(() =>
        open()
          .transaction(() => {
            const inserted =
              stmt(
                `INSERT INTO runs (run_id, workflow_id, run_name, partition_key, started_at) VALUES (@runId, @workflowId, @runName, @partitionKey, @startedAt)
                 ON CONFLICT (run_id) DO NOTHING`,
              ).run(w).changes === 1;
            if (inserted) for (const assetKey of w.assetKeys) stmt('INSERT INTO run_assets (run_id, asset_key) VALUES (?, ?) ON CONFLICT DO NOTHING').run(w.runId, assetKey);
            return inserted;
          })
          .immediate(),
      );
      return { recorded };
    },
    async recordRunEnded(runId, status, endedAt) {
      const w = runEnd(runId, status, endedAt);
      const recorded = await guard(() => stmt('UPDATE runs SET status = @status, ended_at = @endedAt WHERE run_id = @runId AND ended_at IS NULL').run(w).changes === 1);
      return { recorded };
    },

    async latestMaterialization(assetKey, partitionKey) {
      const asset = assetKeyArgument(assetKey, 'latest materialization');
      const rows = await guard(() =>
        partitionKey === undefined
          ? events(`SELECT ${EVENT_COLUMNS} FROM asset_events WHERE asset_key = ? AND kind = 'materialization' ORDER BY id DESC LIMIT 1`, asset)
          : events(
            `SELECT ${EVENT_COLUMNS} FROM asset_events WHERE asset_key = ? AND partition_key = ? AND kind = 'materialization' ORDER BY id DESC LIMIT 1`,
            asset, partitionColumn(partitionKey, 'latest materialization'),
          ),
      );
      return rows.length ? toMaterialization(rows[0]) : undefined;
    },
    async latestMaterializations(assetKeys) {
      const keys = assetKeys?.map((k) => assetKeyArgument(k, 'latest materializations'));
      const rows = await guard(() =>
        keys === undefined
          ? events(
            `SELECT ${EVENT_COLUMNS} FROM asset_events WHERE id IN (SELECT max(last_materialization_id) FROM asset_partitions GROUP BY asset_key)`,
          )
          : events(
            `SELECT ${EVENT_COLUMNS.replace(/(\w+)/g, 'e.$1')} FROM json_each(?) k
             JOIN asset_events e ON e.id = (SELECT max(m.id) FROM asset_events m WHERE m.asset_key = k.value AND m.kind = 'materialization')`,
            JSON.stringify(keys),
          ),
      );
      return new Map(rows.map((row) => [row.asset_key, toMaterialization(row)]));
    },
    materializations: (assetKey, query = {}) => page(assetKey, 'materialization', query, toMaterialization),
    failures: (assetKey, query = {}): Promise<Page<StoredFailure>> => page(assetKey, 'failure', query, toFailure),
    async latestCheckResults(assetKey, partitionKey) {
      const asset = assetKeyArgument(assetKey, 'check results');
      const rows = await guard(
        () =>
          (partitionKey === undefined
            ? stmt(`SELECT ${CHECK_COLUMNS} FROM check_results WHERE id IN (SELECT max(id) FROM check_results WHERE asset_key = ? GROUP BY check_name) ORDER BY check_name`).all(asset)
            : stmt(
              `SELECT ${CHECK_COLUMNS} FROM check_results WHERE id IN (SELECT max(id) FROM check_results WHERE asset_key = ? AND partition_key = ? GROUP BY check_name) ORDER BY check_name`,
            ).all(asset, partitionColumn(partitionKey, 'check results'))) as Row[],
      );
      return rows.map((row) => toCheckResult(checkRow(row)));
    },
    async run(runId) {
      const row = await guard(() => {
        const run = stmt('SELECT run_id, workflow_id, run_name, partition_key, started_at, status, ended_at FROM runs WHERE run_id = ?').get(runId) as Row | undefined;
        if (!run) return undefined;
        const assetKeys = stmt('SELECT asset_key FROM run_assets WHERE run_id = ?').pluck().all(runId) as string[];
        return { ...run, asset_keys: assetKeys } as unknown as RunRow;
      });
      return row ? toRun(row) : undefined;
    },
    async partitionStatus(assetKey, partitionKeys) {
      const asset = assetKeyArgument(assetKey, 'partition status');
      if (!Array.isArray(partitionKeys)) throw new CatalogInputError(`partition status of '${asset}': partitionKeys must be the asset's list of partition keys`);
      const { latest, inProgress } = await guard(() => {
        // One row: the keys as one JSON array and their kinds as one string, far cheaper to hand to JS than a row per partition.
        const [keys, kinds] = stmt(
          // Read in primary-key order (no sort); summarizePartitions checks the order and copes without it.
          `SELECT json_group_array(partition_key), group_concat(iif(last_kind = 'failure', 'f', 'm'), '')
           FROM (SELECT partition_key, last_kind FROM asset_partitions WHERE asset_key = ? ORDER BY partition_key)`,
        )
          .raw()
          .get(asset) as [string, string | null];
        return { latest: { keys: JSON.parse(keys) as string[], kinds: kinds ?? '' }, inProgress: openRunsOf(asset) };
      });
      return summarizePartitions(partitionKeys, latest, inProgress);
    },
    async changeMark() {
      // Each part is an index lookup: the newest event, the newest run, how many runs are open.
      return guard(() => {
        const [events, checks, runs, open] = stmt(
          `SELECT (SELECT coalesce(max(id), 0) FROM asset_events), (SELECT coalesce(max(id), 0) FROM check_results), (SELECT coalesce(max(rowid), 0) FROM runs), (SELECT count(*) FROM runs WHERE ended_at IS NULL)`,
        )
          .raw()
          .get() as number[];
        return `${events}|${checks}|${runs}|${open}`;
      });
    },
    async state(assetKey, partitionKey) {
      const asset = assetKeyArgument(assetKey, 'state');
      const partition = partitionColumn(partitionKey, 'state');
      return guard(() => {
        const kind = stmt('SELECT last_kind FROM asset_partitions WHERE asset_key = ? AND partition_key = ?').pluck().get(asset, partition) as
          | 'materialization'
          | 'failure'
          | undefined;
        return stateOf(kind, openRunsOf(asset, partition).size > 0);
      });
    },

    // MaterializationCatalog, for the callers of the file catalog.
    async record(record) {
      await store.recordMaterialization(record);
    },
    latest: (assetKey, partitionKey) => store.latestMaterialization(assetKey, partitionKey),
    history: (assetKey, limit): Promise<StoredMaterialization[]> => historyOldestFirst((query) => store.materializations(assetKey, query), limit),
    async materializedPartitions(assetKey) {
      const asset = assetKeyArgument(assetKey, 'materialized partitions');
      return guard(
        () =>
          stmt(`SELECT partition_key FROM asset_partitions WHERE asset_key = ? AND last_materialization_id IS NOT NULL AND partition_key <> '' ORDER BY partition_key`)
            .pluck()
            .all(asset) as string[],
      );
    },

    async close() {
      closed = true;
      statements.clear();
      insertEvents = undefined;
      db?.close();
      db = undefined;
    },
  };
  return store;
}

/** Runs `fn` again while SQLite says the database is busy, for up to `timeoutMs`; sleeps (blocking: opening is synchronous) between tries. */
function retryWhileBusy<T>(timeoutMs: number, fn: () => T): T {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      return fn();
    } catch (err) {
      const busy = isSqliteError(err) && err.code.startsWith('SQLITE_BUSY');
      if (!busy || Date.now() + wait > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
    }
  }
}

/** Applies pending migrations in one write transaction (other processes opening at once wait). */
function migrate(db: Database.Database, location: string, migrations: readonly Migration[]): void {
  db.transaction(() => {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    if (!tables.includes(MIGRATIONS_TABLE)) {
      if (tables.length) {
        throw new NotACatalogError(
          `${location} is a SQLite database but not an assetflow catalog (it has the tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? '…' : ''} ` +
            `and no ${MIGRATIONS_TABLE}): point the catalog at another file`,
        );
      }
      db.exec(`CREATE TABLE ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
    }
    const applied = db.prepare(`SELECT version FROM ${MIGRATIONS_TABLE}`).pluck().all() as number[];
    for (const migration of pendingMigrations(location, applied, migrations)) {
      for (const sql of migration.sqlite) db.exec(sql);
      db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, description, applied_at) VALUES (?, ?, ?)`).run(migration.version, migration.description, new Date().toISOString());
    }
  }).immediate();
}

function assertWritable(file: string, location: string): void {
  const dir = path.dirname(file);
  const writable = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (fs.existsSync(file)) {
    if (!fs.statSync(file).isFile()) throw new CatalogError(`the catalog ${location} is not a file (it is a folder or a device): point the catalog at a file`);
    if (!writable(file)) {
      throw new CatalogReadOnlyError(`the catalog file ${file} is read-only for this user: make it writable (chmod u+w) or point ASSETFLOW_CATALOG_URL at a catalog this worker may write`);
    }
    const sidecars = [`${file}-wal`, `${file}-shm`];
    if (!writable(dir) && !sidecars.every((s) => fs.existsSync(s) && writable(s))) {
      throw new CatalogReadOnlyError(`the folder ${dir} of the catalog cannot be written: SQLite keeps its -wal and -shm files beside ${path.basename(file)}; make the folder writable`);
    }
    return;
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new CatalogReadOnlyError(`cannot create the folder ${dir} for the catalog ${location}: ${(err as Error).message}`, { cause: err });
  }
  if (!writable(dir)) throw new CatalogReadOnlyError(`cannot create the catalog ${file}: its folder ${dir} is read-only for this user`);
}

/**
 * Whether `err` is better-sqlite3's SqliteError, known by name and code: the native addon keeps
 * the SqliteError class of the first copy of better-sqlite3 loaded in the process, so under a
 * module registry per test file (jest) the errors of the second file fail `instanceof`.
 */
function isSqliteError(err: unknown): err is Error & { code: string } {
  return typeof err === 'object' && err !== null && (err as Error).name === 'SqliteError' && typeof (err as { code?: unknown }).code === 'string';
}

function translateSqliteError(err: unknown, file: string, location: string): unknown {
  if (err instanceof CatalogError || !isSqliteError(err)) return err;
  const code = err.code;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new CatalogCorruptError(
      `the catalog file ${file} is not a SQLite database or is damaged (${code}: ${err.message}). Restore it from a backup, or move it aside (with its -wal and -shm files) to start an empty catalog`,
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new CatalogReadOnlyError(`the catalog ${location} cannot be written (${code}: ${err.message}): make the file and its folder writable for this user`, { cause: err });
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY')) {
    return new CatalogError(`the catalog ${location} stayed locked by another process past the busy timeout (${code}); try again, or raise busyTimeoutMs`, { cause: err });
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN')) {
    return new CatalogError(`cannot open the catalog ${location} (${code}: ${err.message})`, { cause: err });
  }
  if (code === 'SQLITE_FULL') return new CatalogError(`the disk of the catalog ${location} is full (${err.message})`, { cause: err });
  return err;
}

function eventRow(row: Row): EventRow {
  row.id = String(row.id);
  row.metadata = JSON.parse(row.metadata as string);
  row.code_version ??= null;
  return row as unknown as EventRow;
}

function checkRow(row: Row): CheckRow {
  return { ...(row as unknown as CheckRow), id: String(row.id), passed: row.passed === 1, metadata: JSON.parse(row.metadata as string) as CheckRow['metadata'] };
}

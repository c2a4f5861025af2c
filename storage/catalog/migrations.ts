import { CatalogError, CatalogSchemaTooNewError } from './catalog-errors';

/**
 * One step of the catalog's schema, in both dialects. Migrations are applied in version order,
 * each at most once, inside the transaction that opens the store; the versions applied are kept
 * in the table `catalog_migrations` (version, description, applied_at). A migration, once
 * released, never changes: a later schema change is a new migration at the end of the list.
 */
export interface Migration {
  /** 1, 2, 3…: consecutive. */
  version: number;
  description: string;
  /** Statements for SQLite, run in order. */
  sqlite: readonly string[];
  /** Statements for PostgreSQL, given the quoted schema name (tables are always schema-qualified). */
  postgres: (schema: string) => readonly string[];
}

/** The table that records the migrations applied, in both dialects. */
export const MIGRATIONS_TABLE = 'catalog_migrations';

/**
 * The catalog's schema history. Two versions from the start, so that the upgrade path is real
 * and tested (a catalog created by version 1 opens under version 2 with its records intact):
 *
 * 1. `asset_events` (materializations and failed attempts of assets, one order of ids for both,
 *    so "the newest event of a partition" is one indexed lookup), `runs` and `run_assets`
 *    (so a partition can be known to be in progress).
 * 2. The asset's code version on each event; `check_results` (asset check outcomes); and
 *    `asset_partitions`, the newest event of each (asset, partition) kept beside the events in
 *    the same transaction (backfilled from version 1's events), so that partition status reads
 *    one row per partition instead of every event of the asset's history.
 *
 * Partition keys are stored as '' for "no partition" (partition keys cannot be empty), so that
 * the unique key and the indexes cover unpartitioned assets without NULL's special cases.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'asset events (materializations, failed attempts), runs and their assets',
    sqlite: [
      `CREATE TABLE asset_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('materialization', 'failure')),
        asset_key TEXT NOT NULL,
        partition_key TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        workflow_id TEXT,
        run_name TEXT,
        step_key TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        location TEXT,
        row_count INTEGER,
        metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
        error TEXT,
        recorded_at TEXT NOT NULL,
        CHECK ((kind = 'materialization' AND location IS NOT NULL) OR (kind = 'failure' AND error IS NOT NULL))
      ) STRICT`,
      `CREATE UNIQUE INDEX asset_events_attempt ON asset_events (run_id, step_key, attempt, asset_key, partition_key, kind)`,
      `CREATE INDEX asset_events_partition ON asset_events (asset_key, partition_key, id, kind)`,
      `CREATE INDEX asset_events_materialization ON asset_events (asset_key, id) WHERE kind = 'materialization'`,
      `CREATE INDEX asset_events_failure ON asset_events (asset_key, id) WHERE kind = 'failure'`,
      `CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        run_name TEXT,
        partition_key TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'success', 'failure', 'cancelled')),
        ended_at TEXT
      ) STRICT`,
      `CREATE INDEX runs_open ON runs (run_id) WHERE ended_at IS NULL`,
      `CREATE TABLE run_assets (
        run_id TEXT NOT NULL REFERENCES runs (run_id),
        asset_key TEXT NOT NULL,
        PRIMARY KEY (run_id, asset_key)
      ) STRICT, WITHOUT ROWID`,
      `CREATE INDEX run_assets_asset ON run_assets (asset_key, run_id)`,
    ],
    postgres: (s) => [
      `CREATE TABLE ${s}.asset_events (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('materialization', 'failure')),
        asset_key TEXT NOT NULL,
        partition_key TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        workflow_id TEXT,
        run_name TEXT,
        step_key TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        location TEXT,
        row_count BIGINT,
        metadata JSON NOT NULL DEFAULT '{}',
        error TEXT,
        recorded_at TIMESTAMPTZ NOT NULL,
        CHECK ((kind = 'materialization' AND location IS NOT NULL) OR (kind = 'failure' AND error IS NOT NULL))
      )`,
      `CREATE UNIQUE INDEX asset_events_attempt ON ${s}.asset_events (run_id, step_key, attempt, asset_key, partition_key, kind)`,
      `CREATE INDEX asset_events_partition ON ${s}.asset_events (asset_key, partition_key, id) INCLUDE (kind)`,
      `CREATE INDEX asset_events_materialization ON ${s}.asset_events (asset_key, id) WHERE kind = 'materialization'`,
      `CREATE INDEX asset_events_failure ON ${s}.asset_events (asset_key, id) WHERE kind = 'failure'`,
      `CREATE TABLE ${s}.runs (
        run_id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        run_name TEXT,
        partition_key TEXT NOT NULL DEFAULT '',
        started_at TIMESTAMPTZ NOT NULL,
        status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'success', 'failure', 'cancelled')),
        ended_at TIMESTAMPTZ
      )`,
      `CREATE INDEX runs_open ON ${s}.runs (run_id) WHERE ended_at IS NULL`,
      `CREATE TABLE ${s}.run_assets (
        run_id TEXT NOT NULL REFERENCES ${s}.runs (run_id),
        asset_key TEXT NOT NULL,
        PRIMARY KEY (run_id, asset_key)
      )`,
      `CREATE INDEX run_assets_asset ON ${s}.run_assets (asset_key, run_id)`,
    ],
  },
  {
    version: 2,
    description: 'code version of each event; asset check results; newest event per partition',
    sqlite: [
      `ALTER TABLE asset_events ADD COLUMN code_version TEXT`,
      `CREATE TABLE check_results (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        asset_key TEXT NOT NULL,
        check_name TEXT NOT NULL,
        partition_key TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        workflow_id TEXT,
        step_key TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        severity TEXT NOT NULL CHECK (severity IN ('error', 'warn')),
        metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
        checked_at TEXT NOT NULL
      ) STRICT`,
      `CREATE UNIQUE INDEX check_results_attempt ON check_results (run_id, step_key, attempt, asset_key, check_name, partition_key)`,
      `CREATE INDEX check_results_check ON check_results (asset_key, check_name, partition_key, id)`,
      `CREATE TABLE asset_partitions (
        asset_key TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        last_event_id INTEGER NOT NULL,
        last_kind TEXT NOT NULL CHECK (last_kind IN ('materialization', 'failure')),
        last_materialization_id INTEGER,
        PRIMARY KEY (asset_key, partition_key)
      ) STRICT, WITHOUT ROWID`,
      // SQLite takes the bare column `kind` from the row of max(id).
      `INSERT INTO asset_partitions (asset_key, partition_key, last_event_id, last_kind)
       SELECT asset_key, partition_key, max(id), kind FROM asset_events GROUP BY asset_key, partition_key`,
      `UPDATE asset_partitions SET last_materialization_id = (
         SELECT max(e.id) FROM asset_events e
         WHERE e.asset_key = asset_partitions.asset_key AND e.partition_key = asset_partitions.partition_key AND e.kind = 'materialization')`,
    ],
    postgres: (s) => [
      `ALTER TABLE ${s}.asset_events ADD COLUMN code_version TEXT`,
      `CREATE TABLE ${s}.check_results (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        asset_key TEXT NOT NULL,
        check_name TEXT NOT NULL,
        partition_key TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        workflow_id TEXT,
        step_key TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        passed BOOLEAN NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('error', 'warn')),
        metadata JSON NOT NULL DEFAULT '{}',
        checked_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE UNIQUE INDEX check_results_attempt ON ${s}.check_results (run_id, step_key, attempt, asset_key, check_name, partition_key)`,
      `CREATE INDEX check_results_check ON ${s}.check_results (asset_key, check_name, partition_key, id)`,
      // "C" (byte order): the primary key's order is the order partition status reads keys in, without a sort.
      `CREATE TABLE ${s}.asset_partitions (
        asset_key TEXT COLLATE "C" NOT NULL,
        partition_key TEXT COLLATE "C" NOT NULL,
        last_event_id BIGINT NOT NULL,
        last_kind TEXT NOT NULL CHECK (last_kind IN ('materialization', 'failure')),
        last_materialization_id BIGINT,
        PRIMARY KEY (asset_key, partition_key)
      )`,
      `INSERT INTO ${s}.asset_partitions (asset_key, partition_key, last_event_id, last_kind, last_materialization_id)
       SELECT asset_key, partition_key, max(id), (array_agg(kind ORDER BY id DESC))[1], max(id) FILTER (WHERE kind = 'materialization')
       FROM ${s}.asset_events GROUP BY asset_key, partition_key`,
    ],
  },
];

/**
 * The migrations still to apply to a database that has `applied` (its recorded versions), in
 * order. Throws {@link CatalogSchemaTooNewError} when the database knows a version this code
 * does not, and a CatalogError when the recorded versions do not match the list (a gap).
 */
export function pendingMigrations(location: string, applied: readonly number[], migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  assertConsecutive(migrations);
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  const newest = applied.length === 0 ? 0 : Math.max(...applied);
  if (newest > known) throw new CatalogSchemaTooNewError(location, newest, known);
  const done = new Set(applied);
  const missing = migrations.filter((m) => m.version < newest && !done.has(m.version));
  if (missing.length) {
    throw new CatalogError(
      `the catalog at ${location} records schema version ${newest} but not version(s) ${missing.map((m) => m.version).join(', ')}: ` +
        `its ${MIGRATIONS_TABLE} table was changed by hand. Restore it from a backup, or move it aside to start a new catalog.`,
    );
  }
  return migrations.filter((m) => !done.has(m.version));
}

/** The newest version a list of migrations reaches. */
export function schemaVersionOf(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

function assertConsecutive(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`catalog migrations must be numbered 1, 2, 3… in order; entry ${i} has version ${m.version}`);
  });
}

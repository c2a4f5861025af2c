import { escapeIdentifier, Pool, type PoolClient, type QueryResultRow } from 'pg';
import { CatalogConnectionError, CatalogError, CatalogInputError, CatalogUrlError, NotACatalogError } from './catalog-errors';
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

export interface PostgresCatalogOptions {
  /** `postgres://user:password@host:5432/database`; a `schema` query parameter is read as {@link schema}. */
  connectionString: string;
  /** The schema holding the catalog's tables (created when missing). Default `assetflow`. */
  schema?: string;
  /** Connections in the pool. Default 4. */
  maxConnections?: number;
  /** How long to wait for a connection before failing. Default 10 s. */
  connectionTimeoutMs?: number;
  /** The schema history to apply (tests open a catalog at an older version). Default: every migration. */
  migrations?: readonly Migration[];
}

const EVENT_COLUMNS = 'id, kind, asset_key, partition_key, run_id, workflow_id, run_name, step_key, attempt, location, row_count, metadata, error, recorded_at, code_version';
const CHECK_COLUMNS = 'id, asset_key, check_name, partition_key, run_id, workflow_id, step_key, attempt, passed, severity, metadata, checked_at';
const BATCH_ROWS = 5000;

/**
 * The shared catalog: PostgreSQL through a `pg` pool, for workers on several machines. Every
 * write is one statement or one transaction, idempotent per (run, step, attempt) through a
 * unique index (`ON CONFLICT DO NOTHING`), so a retried activity never records twice and two
 * workers writing at once never lose a record. Migrations run under an advisory lock, so
 * workers starting together upgrade the schema once.
 *
 * SQL is written by hand, as for {@link sqliteCatalog}: the fast queries differ by dialect on
 * purpose (`LATERAL`, `json_agg`, `DISTINCT ON`), and the shared contract suite keeps the two
 * honest. The pool connects on first use (or {@link CatalogStore.ready}); a server that cannot
 * be reached gives an error naming its host and database, never the password.
 *
 * @example
 * ```ts
 * // Or set ASSETFLOW_CATALOG_URL=postgres://assetflow:secret@db:5432/warehouse?schema=assetflow
 * const catalog = postgresCatalog({ connectionString: 'postgres://assetflow@db.internal:5432/catalog', schema: 'assetflow' });
 * export default new Definitions({ assets, catalog });
 * ```
 */
export function postgresCatalog(options: PostgresCatalogOptions): CatalogStore {
  const target = describePostgresUrl(options.connectionString);
  const schemaName = options.schema ?? target.schema ?? 'assetflow';
  if (schemaName.length === 0 || Buffer.byteLength(schemaName) > 63) {
    throw new CatalogUrlError(`the catalog schema must be a name of 1 to 63 bytes, got '${schemaName}'`);
  }
  const s = escapeIdentifier(schemaName);
  const location = `${target.display} (schema ${schemaName})`;
  const migrations = options.migrations ?? MIGRATIONS;
  const pool = new Pool({
    connectionString: target.connectionString,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    allowExitOnIdle: true,
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  let opening: Promise<void> | undefined;
  let closed = false;

  const connectionError = (err: unknown): CatalogConnectionError =>
    new CatalogConnectionError(
      `cannot connect to the catalog database '${target.database}' on ${target.host}:${target.port} as '${target.user}': ${target.redact(reasonOf(err))}. ` +
        'Check ASSETFLOW_CATALOG_URL (or Definitions({ catalog })) and that the server is running and accepts this user.',
      { cause: err },
    );
  const translate = (err: unknown): unknown => (err instanceof CatalogError ? err : isConnectionFailure(err) ? connectionError(err) : err);

  const ready = (): Promise<void> => {
    if (closed) return Promise.reject(new CatalogError(`the catalog at ${location} is closed`));
    opening ??= migrate(pool, s, schemaName, location, migrations, connectionError).catch((err) => {
      opening = undefined; // a later call tries again (the server may come back)
      throw translate(err);
    });
    return opening;
  };
  const query = async <R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<{ rows: R[]; rowCount: number }> => {
    await ready();
    try {
      const result = await pool.query<R>(text, values);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (err) {
      throw translate(err);
    }
  };
  const transaction = async <T>(fn: (client: PoolClient) => Promise<T>): Promise<T> => {
    await ready();
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw translate(err);
    }
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translate(err);
    } finally {
      client.release();
    }
  };

  const eventColumns = 'kind, asset_key, partition_key, run_id, workflow_id, run_name, step_key, attempt, location, row_count, metadata, error, recorded_at, code_version';
  /**
   * One statement: insert the events (skipping any recorded before) and fold the new ones into
   * their partitions' summary rows. Order-independent (max of ids), so two workers committing
   * in either order leave the same summary. Returns the number of new events.
   */
  const insertEventsSql = (source: string) => `WITH inserted AS (
      INSERT INTO ${s}.asset_events (${eventColumns}) ${source}
      ON CONFLICT (run_id, step_key, attempt, asset_key, partition_key, kind) DO NOTHING
      RETURNING id, asset_key, partition_key, kind
    ), folded AS (
      INSERT INTO ${s}.asset_partitions AS t (asset_key, partition_key, last_event_id, last_kind, last_materialization_id)
      SELECT asset_key, partition_key, max(id), (array_agg(kind ORDER BY id DESC))[1], max(id) FILTER (WHERE kind = 'materialization')
      FROM inserted GROUP BY asset_key, partition_key
      ON CONFLICT (asset_key, partition_key) DO UPDATE SET
        last_kind = CASE WHEN EXCLUDED.last_event_id > t.last_event_id THEN EXCLUDED.last_kind ELSE t.last_kind END,
        last_event_id = GREATEST(t.last_event_id, EXCLUDED.last_event_id),
        last_materialization_id = GREATEST(t.last_materialization_id, EXCLUDED.last_materialization_id)
    )
    SELECT count(*)::int AS recorded FROM inserted`;
  const insertEventSql = insertEventsSql('VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)');
  const insertBatchSql = insertEventsSql(
    'SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::bigint[], $11::json[], $12::text[], $13::timestamptz[], $14::text[])',
  );
  const eventValues = (w: EventWrite) => [w.kind, w.assetKey, w.partitionKey, w.runId, w.workflowId, w.runName, w.stepKey, w.attempt, w.location, w.rowCount, w.metadataJson, w.error, w.recordedAt, w.codeVersion];
  const insertEvent = async (w: EventWrite) => ({ recorded: (await query<{ recorded: number }>(insertEventSql, eventValues(w))).rows[0].recorded === 1 });
  const events = async (text: string, values: unknown[]): Promise<EventRow[]> => (await query(text, values)).rows.map(eventRow);

  const page = async <T>(assetKey: string, kind: 'materialization' | 'failure', q: HistoryQuery, convert: (row: EventRow) => T): Promise<Page<T>> => {
    const asset = assetKeyArgument(assetKey, 'history');
    const limit = pageLimit(q.limit);
    const before = q.before === undefined ? '9223372036854775807' : decodeCursor(q.before);
    const rows =
      q.partitionKey === undefined
        ? await events(`SELECT ${EVENT_COLUMNS} FROM ${s}.asset_events WHERE asset_key = $1 AND kind = $2 AND id < $3 ORDER BY id DESC LIMIT $4`, [asset, kind, before, limit + 1])
        : await events(`SELECT ${EVENT_COLUMNS} FROM ${s}.asset_events WHERE asset_key = $1 AND partition_key = $2 AND kind = $3 AND id < $4 ORDER BY id DESC LIMIT $5`, [
          asset,
          partitionColumn(q.partitionKey, 'history'),
          kind,
          before,
          limit + 1,
        ]);
    const items = rows.slice(0, limit);
    return { items: items.map(convert), ...(rows.length > limit ? { next: encodeCursor(items[items.length - 1].id) } : {}) };
  };

  const openRunsOf = async (asset: string, partition?: string): Promise<Set<string>> => {
    const { rows } = await query<{ partition_key: string }>(
      `SELECT DISTINCT r.partition_key FROM ${s}.runs r JOIN ${s}.run_assets ra ON ra.run_id = r.run_id AND ra.asset_key = $1
       WHERE r.ended_at IS NULL ${partition === undefined ? '' : 'AND r.partition_key = $2'}
         AND NOT EXISTS (SELECT 1 FROM ${s}.asset_events e WHERE e.run_id = r.run_id AND e.asset_key = ra.asset_key
                         AND e.partition_key = r.partition_key AND e.kind = 'materialization')`,
      partition === undefined ? [asset] : [asset, partition],
    );
    return new Set(rows.map((r) => r.partition_key));
  };

  const store: CatalogStore = {
    location,
    ready,

    recordMaterialization: async (input) => insertEvent(materializationWrite(input)),
    async recordMaterializations(inputs) {
      const writes = inputs.map(materializationWrite);
      if (writes.length === 0) return 0;
      return transaction(async (client) => {
        let recorded = 0;
        for (let i = 0; i < writes.length; i += BATCH_ROWS) {
          const chunk = writes.slice(i, i + BATCH_ROWS).map(eventValues);
          const columns = chunk[0].map((_, c) => chunk.map((row) => row[c]));
          const result = await client.query<{ recorded: number }>(insertBatchSql, columns);
          recorded += result.rows[0].recorded;
        }
        return recorded;
      });
    },
    recordFailure: async (input) => insertEvent(failureWrite(input)),
    async recordCheckResult(input) {
      const w = checkWrite(input);
      const { rowCount } = await query(
        `INSERT INTO ${s}.check_results (asset_key, check_name, partition_key, run_id, workflow_id, step_key, attempt, passed, severity, metadata, checked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (run_id, step_key, attempt, asset_key, check_name, partition_key) DO NOTHING`,
        [w.assetKey, w.checkName, w.partitionKey, w.runId, w.workflowId, w.stepKey, w.attempt, w.passed, w.severity, w.metadataJson, w.checkedAt],
      );
      return { recorded: rowCount === 1 };
    },
    async recordRunStarted(run) {
      const w = runWrite(run);
      const recorded = await transaction(async (client) => {
        const inserted = await client.query(
          `INSERT INTO ${s}.runs (run_id, workflow_id, run_name, partition_key, started_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id) DO NOTHING`,
          [w.runId, w.workflowId, w.runName, w.partitionKey, w.startedAt],
        );
        if (inserted.rowCount !== 1) return false;
        await client.query(`INSERT INTO ${s}.run_assets (run_id, asset_key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [w.runId, w.assetKeys]);
        return true;
      });
      return { recorded };
    },
    async recordRunEnded(runId, status, endedAt) {
      const w = runEnd(runId, status, endedAt);
      const { rowCount } = await query(`UPDATE ${s}.runs SET status = $1, ended_at = $2 WHERE run_id = $3 AND ended_at IS NULL`, [w.status, w.endedAt, w.runId]);
      return { recorded: rowCount === 1 };
    },

    async latestMaterialization(assetKey, partitionKey) {
      const asset = assetKeyArgument(assetKey, 'latest materialization');
      const rows =
        partitionKey === undefined
          ? await events(`SELECT ${EVENT_COLUMNS} FROM ${s}.asset_events WHERE asset_key = $1 AND kind = 'materialization' ORDER BY id DESC LIMIT 1`, [asset])
          : await events(`SELECT ${EVENT_COLUMNS} FROM ${s}.asset_events WHERE asset_key = $1 AND partition_key = $2 AND kind = 'materialization' ORDER BY id DESC LIMIT 1`, [
            asset,
            partitionColumn(partitionKey, 'latest materialization'),
          ]);
      return rows.length ? toMaterialization(rows[0]) : undefined;
    },
    async latestMaterializations(assetKeys) {
      const keys = assetKeys?.map((k) => assetKeyArgument(k, 'latest materializations'));
      const rows =
        keys === undefined
          ? await events(`SELECT ${EVENT_COLUMNS} FROM ${s}.asset_events WHERE id IN (SELECT max(last_materialization_id) FROM ${s}.asset_partitions GROUP BY asset_key)`, [])
          : await events(
            `SELECT e.* FROM unnest($1::text[]) AS k(asset_key)
             CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM ${s}.asset_events m WHERE m.asset_key = k.asset_key AND m.kind = 'materialization' ORDER BY m.id DESC LIMIT 1) e`,
            [keys],
          );
      return new Map(rows.map((row) => [row.asset_key, toMaterialization(row)]));
    },
    materializations: (assetKey, q = {}) => page(assetKey, 'materialization', q, toMaterialization),
    failures: (assetKey, q = {}): Promise<Page<StoredFailure>> => page(assetKey, 'failure', q, toFailure),
    async latestCheckResults(assetKey, partitionKey) {
      const asset = assetKeyArgument(assetKey, 'check results');
      const { rows } =
        partitionKey === undefined
          ? await query(`SELECT DISTINCT ON (check_name) ${CHECK_COLUMNS} FROM ${s}.check_results WHERE asset_key = $1 ORDER BY check_name, id DESC`, [asset])
          : await query(`SELECT DISTINCT ON (check_name) ${CHECK_COLUMNS} FROM ${s}.check_results WHERE asset_key = $1 AND partition_key = $2 ORDER BY check_name, id DESC`, [
            asset,
            partitionColumn(partitionKey, 'check results'),
          ]);
      return rows.map((row) => toCheckResult(checkRow(row))).sort((a, b) => (a.checkName < b.checkName ? -1 : a.checkName > b.checkName ? 1 : 0));
    },
    async run(runId) {
      const { rows } = await query(
        `SELECT r.run_id, r.workflow_id, r.run_name, r.partition_key, r.started_at, r.status, r.ended_at,
                COALESCE((SELECT json_agg(ra.asset_key) FROM ${s}.run_assets ra WHERE ra.run_id = r.run_id), '[]'::json) AS asset_keys
         FROM ${s}.runs r WHERE r.run_id = $1`,
        [runId],
      );
      if (!rows.length) return undefined;
      const row = rows[0];
      return toRun({ ...(row as unknown as RunRow), started_at: iso(row.started_at), ended_at: row.ended_at === null ? null : iso(row.ended_at) });
    },
    async partitionStatus(assetKey, partitionKeys) {
      const asset = assetKeyArgument(assetKey, 'partition status');
      if (!Array.isArray(partitionKeys)) throw new CatalogInputError(`partition status of '${asset}': partitionKeys must be the asset's list of partition keys`);
      // One row: the keys as one JSON array and their kinds as one string, far cheaper to parse than a row per partition.
      const [{ rows }, inProgress] = await Promise.all([
        query<{ keys: string[] | null; kinds: string | null }>(
          // Read in primary-key order (byte order, no sort); summarizePartitions checks the order and copes without it.
          `SELECT json_agg(partition_key) AS keys, string_agg(CASE last_kind WHEN 'failure' THEN 'f' ELSE 'm' END, '') AS kinds
           FROM (SELECT partition_key, last_kind FROM ${s}.asset_partitions WHERE asset_key = $1 ORDER BY partition_key) known`,
          [asset],
        ),
        openRunsOf(asset),
      ]);
      const latest = { keys: rows[0]?.keys ?? [], kinds: rows[0]?.kinds ?? '' };
      return summarizePartitions(partitionKeys, latest, inProgress);
    },
    async changeMark() {
      // The newest event and check result (index lookups), how many runs there are and how many are open.
      const { rows } = await query<{ mark: string }>(
        `SELECT concat_ws('|', (SELECT coalesce(max(id), 0) FROM ${s}.asset_events), (SELECT coalesce(max(id), 0) FROM ${s}.check_results), (SELECT count(*) FROM ${s}.runs), (SELECT count(*) FROM ${s}.runs WHERE ended_at IS NULL)) AS mark`,
      );
      return rows[0].mark;
    },
    async state(assetKey, partitionKey) {
      const asset = assetKeyArgument(assetKey, 'state');
      const partition = partitionColumn(partitionKey, 'state');
      const [{ rows }, inProgress] = await Promise.all([
        query<{ kind: 'materialization' | 'failure' }>(`SELECT last_kind AS kind FROM ${s}.asset_partitions WHERE asset_key = $1 AND partition_key = $2`, [asset, partition]),
        openRunsOf(asset, partition),
      ]);
      return stateOf(rows[0]?.kind, inProgress.size > 0);
    },

    // MaterializationCatalog, for the callers of the file catalog.
    async record(record) {
      await store.recordMaterialization(record);
    },
    latest: (assetKey, partitionKey) => store.latestMaterialization(assetKey, partitionKey),
    history: (assetKey, limit): Promise<StoredMaterialization[]> => historyOldestFirst((q) => store.materializations(assetKey, q), limit),
    async materializedPartitions(assetKey) {
      const asset = assetKeyArgument(assetKey, 'materialized partitions');
      const { rows } = await query<{ partition_key: string }>(
        `SELECT partition_key FROM ${s}.asset_partitions
         WHERE asset_key = $1 AND last_materialization_id IS NOT NULL AND partition_key <> '' ORDER BY partition_key`,
        [asset],
      );
      return rows.map((r) => r.partition_key);
    },

    async close() {
      if (closed) return;
      closed = true;
      await opening?.catch(() => undefined);
      await pool.end();
    },
  };
  return store;
}

/** Creates the schema when missing and applies pending migrations, once, under an advisory lock. */
async function migrate(
  pool: Pool,
  s: string,
  schemaName: string,
  location: string,
  migrations: readonly Migration[],
  connectionError: (err: unknown) => CatalogConnectionError,
): Promise<void> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw connectionError(err);
  }
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`assetflow catalog ${schemaName}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    const { rows: tables } = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schemaName]);
    const names = tables.map((t) => t.table_name);
    if (!names.includes(MIGRATIONS_TABLE)) {
      if (names.length) {
        throw new NotACatalogError(
          `the schema of ${location} holds the tables ${names.slice(0, 5).join(', ')}${names.length > 5 ? '…' : ''} but no ${MIGRATIONS_TABLE}: ` +
            'it is not an assetflow catalog. Choose another schema (?schema=name in the URL).',
        );
      }
      await client.query(`CREATE TABLE ${s}.${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    }
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${s}.${MIGRATIONS_TABLE}`);
    for (const migration of pendingMigrations(location, rows.map((r) => r.version), migrations)) {
      for (const sql of migration.postgres(s)) await client.query(sql);
      await client.query(`INSERT INTO ${s}.${MIGRATIONS_TABLE} (version, description) VALUES ($1, $2)`, [migration.version, migration.description]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** What a PostgreSQL URL names, for messages (never the password). */
export interface PostgresTarget {
  connectionString: string;
  host: string;
  port: number;
  database: string;
  user: string;
  schema?: string;
  /** `postgres://user@host:port/database` */
  display: string;
  /** Removes the password from a text, should a driver message ever contain it. */
  redact(text: string): string;
}

/** Reads a `postgres://` URL: the `schema` parameter is the catalog's, the rest goes to `pg`. */
export function describePostgresUrl(connectionString: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new CatalogUrlError(
      'the PostgreSQL catalog URL cannot be parsed (it is not shown: it may hold a password); expected postgres://user:password@host:5432/database',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new CatalogUrlError(`a PostgreSQL catalog URL starts with postgres:// or postgresql://, got ${url.protocol}//…`);
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  const password = decodeURIComponent(url.password);
  const host = url.searchParams.get('host') ?? (decodeURIComponent(url.hostname) || 'localhost');
  const port = Number(url.port || url.searchParams.get('port') || 5432);
  // pg's own defaults: PGUSER, else the login name; the database defaults to the user's name.
  const user = decodeURIComponent(url.username) || process.env.PGUSER || process.env.USER || 'postgres';
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || process.env.PGDATABASE || user;
  return {
    connectionString: url.toString(),
    host,
    port,
    database,
    user,
    ...(schema !== undefined ? { schema } : {}),
    display: `postgres://${user}@${host}:${port}/${database}`,
    redact: (text) => (password.length > 0 ? text.split(password).join('***') : text),
  };
}

/** A failure to reach or log in to the server, as opposed to an error in a statement. */
function isConnectionFailure(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (/^E[A-Z]+$/.test(code)) return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT'].includes(code);
    return code.startsWith('08') || code.startsWith('28') || code === '3D000' || code.startsWith('57P');
  }
  const message = err instanceof Error ? err.message : '';
  return /timeout exceeded when trying to connect|Connection terminated/i.test(message);
}

function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return err.errors.map(reasonOf).join('; ');
  const e = err as { code?: string; message?: string };
  const message = e?.message || String(err);
  return e?.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

function eventRow(row: QueryResultRow): EventRow {
  row.id = String(row.id);
  if (row.row_count !== null) row.row_count = Number(row.row_count);
  row.recorded_at = iso(row.recorded_at);
  row.code_version ??= null;
  return row as EventRow;
}

function checkRow(row: QueryResultRow): CheckRow {
  return { ...(row as CheckRow), id: String(row.id), checked_at: iso(row.checked_at) };
}

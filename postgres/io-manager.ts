import { Pool } from 'pg';
import { UnsupportedOutputError, MissingInputError, type InputContext, type IOManager, type OutputContext, type OutputRef, type StoredAsset, type StoredOutput } from '../storage/io-manager';
import { dataFrameMetadata } from '../execution/metadata';
import { resolveOption, type StringOrEnv } from '../assets/resources';
import { describeType, isDataFrame, isLazyFrame } from '../storage/values';
import { assetTableName, boundedTableName, tableIdentifier, unsafeIdentifierReason } from './identifiers';
import { PostgresWarehouse } from './warehouse';

export interface PostgresIOManagerOptions {
  /** `postgres://...`; pass `env('WAREHOUSE_URL')` to read it in the worker. */
  connectionString: StringOrEnv;
  /** Schema of the tables (default: the search path). */
  schema?: string;
  /** Key this manager is registered under, for error messages. Default `warehouse`. */
  key?: string;
  /**
   * Table of an output. Default: the asset key's parts joined by `__` (`sales/raw` → `sales__raw`,
   * `pg-hyphen` → `pg-hyphen`), or the op name; a name over 63 characters (PostgreSQL's limit)
   * keeps its first 46, `_` and 16 hex digits of its hash. Two assets given one table (`a/b` and
   * `a__b` by default) are refused when the Definitions are built, as is a table name that is not
   * letters, digits, `_` and `-`.
   */
  tableFor?: (ref: OutputRef) => string;
}

/** Column holding the slice of partitioned assets and of op outputs (one slice per run). */
export const PARTITION_COLUMN = '_assetflow_partition';
export const RUN_COLUMN = '_assetflow_run';

/**
 * Stores DataFrame outputs as PostgreSQL tables, idempotently: an unpartitioned asset replaces its
 * table, a partition replaces its rows (`_assetflow_partition`), an op output its run's rows
 * (`_assetflow_run`), each in one transaction, so a retry or re-run never duplicates rows.
 * The connection string is read when first used, in the worker; locations name no credentials.
 *
 * @example
 * ```ts
 * new Definitions({ assets, ioManagers: { warehouse: postgresIOManager({ connectionString: env('WAREHOUSE_URL') }) } });
 * asset({ key: 'daily_sales', ioManagerKey: 'warehouse', compute: ... });
 * ```
 */
export function postgresIOManager(options: PostgresIOManagerOptions): IOManager & { close(): Promise<void> } {
  const key = options.key ?? 'warehouse';
  if (options.schema !== undefined) tableIdentifier('schema', options.schema);
  let warehouse: PostgresWarehouse | undefined;
  let where = '';
  const connect = () => {
    if (!warehouse) {
      const connectionString = resolveOption(options.connectionString);
      warehouse = new PostgresWarehouse(new Pool({ connectionString, max: 4, allowExitOnIdle: true }), options.schema);
      where = describeDatabase(connectionString);
    }
    return warehouse;
  };
  const tableFor = (ref: OutputRef) => (options.tableFor ? options.tableFor(ref) : ref.assetKey ? assetTableName(ref.assetKey) : boundedTableName(ref.stepKey));
  const sliceFor = (ref: OutputRef) =>
    !ref.assetKey ? { column: RUN_COLUMN, value: ref.partitionKey === undefined ? ref.runId : `${ref.runId}/${ref.partitionKey}` }
    : ref.partitionKey !== undefined ? { column: PARTITION_COLUMN, value: ref.partitionKey }
    : undefined;
  return {
    checkAssets(assets: readonly StoredAsset[], ioManagerKey: string): string[] {
      const problems: string[] = [];
      const byTable = new Map<string, string>();
      for (const a of assets) {
        // As at run time: a partitioned asset's output always has a partition key.
        const partitionKey = a.partitions?.lastKey(new Date());
        let table: string;
        try {
          table = tableFor({ stepKey: a.key, assetKey: a.key, runId: '', ...(partitionKey !== undefined ? { partitionKey } : {}) });
        } catch {
          continue; // a tableFor that needs more than the key: checked when the output is stored
        }
        const unsafe = unsafeIdentifierReason('table', table);
        if (unsafe !== undefined) {
          problems.push(`asset '${a.key}' cannot be stored by IO manager '${ioManagerKey}': ${unsafe}`);
          continue;
        }
        const other = byTable.get(table);
        if (other === undefined) byTable.set(table, a.key);
        else problems.push(`assets '${other}' and '${a.key}' would both be stored in table ${options.schema ? `${options.schema}.` : ''}${table} by IO manager '${ioManagerKey}', each overwriting the other: give one of them another key (or a tableFor that tells them apart)`);
      }
      return problems;
    },
    async handleOutput(context: OutputContext, value: unknown): Promise<StoredOutput> {
      if (!isDataFrame(value) && !isLazyFrame(value)) throw new UnsupportedOutputError(context.stepKey, key, describeType(value), 'polars DataFrames and LazyDataFrames');
      const frame = isLazyFrame(value) ? await value.collect() : value;
      const db = connect();
      const table = tableFor(context);
      const slice = sliceFor(context);
      await db.replace({ table, rows: frame, ...(slice ? { slice } : {}) });
      return { location: `${where}/${options.schema ? `${options.schema}.` : ''}${table}${slice ? `?${slice.column}=${slice.value}` : ''}`, metadata: { ...dataFrameMetadata(frame), table } };
    },
    async loadInput(context: InputContext): Promise<unknown> {
      const db = connect();
      const table = tableFor(context.upstream);
      if (!(await db.exists(table))) throw new MissingInputError(context, `table ${options.schema ? `${options.schema}.` : ''}${table} in ${where}`);
      const slice = sliceFor(context.upstream);
      const frame = await db.read({ table, ...(slice ? { slice } : {}) });
      if (slice && frame.height === 0) throw new MissingInputError(context, `table ${table} (no rows with ${slice.column} = ${slice.value}) in ${where}`);
      return frame;
    },
    async close() {
      await warehouse?.close();
      warehouse = undefined;
    },
  };
}

/** `postgresql://host:port/db`, without user or password. */
function describeDatabase(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `postgresql://${url.host}${url.pathname}`;
  } catch {
    return 'postgresql://(database)';
  }
}

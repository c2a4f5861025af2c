/**
 * assetflow/postgres: the PostgreSQL integration. A warehouse resource for ops and assets that
 * write SQL themselves (`postgresResource` → `PostgresWarehouse`: query, upsert, replace, read), and
 * an IO manager that stores DataFrame outputs as tables (`postgresIOManager`). Both read their
 * connection string in the worker on first use (`env('WAREHOUSE_URL')`), so it never reaches a plan
 * or Temporal history; loads are idempotent, identifiers checked and quoted.
 *
 * @example
 * ```ts
 * import pl from 'nodejs-polars';
 * import { asset, Definitions, env, resourceParam } from 'assetflow';
 * import { postgresIOManager, postgresResource, type PostgresWarehouse } from 'assetflow/postgres';
 *
 * // Stored by the IO manager as the table daily_sales, replaced on each materialization.
 * const dailySales = asset({ key: 'daily_sales', ioManagerKey: 'postgres', compute: () => pl.DataFrame({ day: ['2026-11-01'], amount: [42.5] }) });
 * // Writes through the warehouse resource: one row per customer_id, however often it runs.
 * const customers = asset({
 *   key: 'customers',
 *   resources: { warehouse: resourceParam<PostgresWarehouse>() },
 *   async compute({ context }) {
 *     await context.resources.warehouse.upsert({ table: 'customers', rows: pl.DataFrame({ customer_id: [1, 2], name: ['Ada', 'Grace'] }), key: ['customer_id'] });
 *   },
 * });
 * export default new Definitions({
 *   assets: [dailySales, customers],
 *   ioManagers: { postgres: postgresIOManager({ connectionString: env('WAREHOUSE_URL') }) },
 *   resources: { warehouse: postgresResource({ connectionString: env('WAREHOUSE_URL') }) },
 * });
 * ```
 * @packageDocumentation
 */
export { postgresResource } from './postgres/resource';
export type { PostgresResourceOptions } from './postgres/resource';
export { PostgresWarehouse } from './postgres/warehouse';
export type { ReadOptions, ReplaceOptions, UpsertOptions } from './postgres/warehouse';
export { postgresIOManager, PARTITION_COLUMN, RUN_COLUMN } from './postgres/io-manager';
export type { PostgresIOManagerOptions } from './postgres/io-manager';
export { UnsafeIdentifierError } from './postgres/identifiers';

import { Pool } from 'pg';
import { defineResource, resolveOption, type ResourceDefinition, type StringOrEnv } from '../assets/resources';
import { tableIdentifier } from './identifiers';
import { PostgresWarehouse } from './warehouse';

export interface PostgresResourceOptions {
  /** `postgres://user:password@host:5432/db`; pass `env('WAREHOUSE_URL')` to keep it out of code. */
  connectionString: StringOrEnv;
  /** Schema of tables named without one (default: the search path). */
  schema?: string;
  /** Pool size. Default 4. */
  maxConnections?: number;
}

/**
 * A PostgreSQL warehouse resource. The connection string is read in the worker when a step first
 * uses the resource: it never reaches a plan, a workflow input or history.
 *
 * @example
 * ```ts
 * new Definitions({ jobs: [dailySalesEtl], resources: { warehouse: postgresResource({ connectionString: env('WAREHOUSE_URL') }) } });
 * ```
 */
export function postgresResource(options: PostgresResourceOptions): ResourceDefinition<PostgresWarehouse> {
  if (options.schema !== undefined) tableIdentifier('schema', options.schema);
  return defineResource({
    create: () =>
      new PostgresWarehouse(
        // allowExitOnIdle: an idle pool does not keep a finished process alive.
        new Pool({ connectionString: resolveOption(options.connectionString), max: options.maxConnections ?? 4, allowExitOnIdle: true }),
        options.schema,
      ),
    teardown: (warehouse) => warehouse.close(),
  });
}

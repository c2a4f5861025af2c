/**
 * The stable codes of assetflow's errors, one per error class. Match on the code (or the class
 * with `instanceof`), never on the message: messages say what to fix and may be reworded.
 *
 * - `DEFINITION_INVALID`: the Definitions (or a builder: asset, op, job, schedule, sensor) are
 *   wrong: duplicate keys, cycles, unknown deps, bad names. Fix the code.
 * - `SELECTION_INVALID`: a selection names an unknown asset, op or job, or is malformed.
 * - `PARTITION_INVALID`: a partition key or range the partitions definition does not have, or a
 *   partition where none belongs (or none where one is needed).
 * - `RUN_CONFIG_INVALID`: run config does not match the config schemas of what it configures.
 * - `RUN_CONFIG_TOO_LARGE`: run config over the 256 KiB (serialized) it may have, refused
 *   before anything is sent to Temporal.
 * - `RESOURCE_MISCONFIGURED`: a resource cannot be built as declared: unbound key, unset
 *   environment variable, bad option. (A resource whose service is down throws its own error,
 *   which is retried.)
 * - `OUTPUT_UNSUPPORTED`: a step returned a value its IO manager cannot store.
 * - `INPUT_MISSING`: an input's upstream output is not stored where its IO manager looks.
 * - `INPUT_CORRUPT`: an upstream output is stored but cannot be read.
 * - `NO_PARTITIONS_MATERIALIZED`: an unpartitioned asset reads every partition of an upstream
 *   of which none is materialized.
 * - `METADATA_OVERSIZE`: output metadata too large to travel through Temporal.
 * - `METADATA_UNSERIALIZABLE`: output metadata JSON cannot carry (a BigInt, a circular structure).
 * - `NON_ERROR_THROWN`: a compute threw something that is not an Error.
 * - `IDENTIFIER_UNSAFE`: a table, schema or column name refused before it reaches SQL.
 * - `SENSOR_RESULT_INVALID`: a sensor's evaluation returned something that cannot be right
 *   (bad run request, cursor, or too much).
 * - `SENSOR_UNKNOWN`: a sensor workflow names a sensor the worker's Definitions do not have.
 * - `STEP_FAILED`: an in-process run (assetflow/testing) raised a step's failure.
 * - `CATALOG_UNAVAILABLE`: the catalog cannot serve right now (locked past the busy timeout,
 *   closed, disk full); retried.
 * - `CATALOG_UNREACHABLE`: the PostgreSQL catalog cannot be reached or refuses the connection; retried.
 * - `CATALOG_URL_INVALID`: a catalog URL that is not `sqlite:<path>` or `postgres://…`.
 * - `CATALOG_CORRUPT`: the SQLite file is not a database, or is damaged.
 * - `CATALOG_NOT_A_CATALOG`: a database that is not an assetflow catalog.
 * - `CATALOG_SCHEMA_TOO_NEW`: the catalog was written by a newer assetflow.
 * - `CATALOG_READ_ONLY`: the catalog file (or its folder) cannot be written.
 * - `CATALOG_INPUT_INVALID`: a catalog write or query with bad arguments.
 * - `CATALOG_UNREADABLE`: the catalog exists but cannot be read (permissions, something in its
 *   place, an I/O error); retried, since an operator may fix it while the step backs off.
 * - `STORAGE_ROOT_UNUSABLE`: the storage root is not a folder this worker can write (a file in its
 *   place or above it, no permission).
 * - `STEP_TIMED_OUT`: a step ran past its `timeoutSeconds` and was stopped.
 * - `ATTEMPT_SUPERSEDED`: an attempt that was cancelled, timed out, or replaced by a newer
 *   attempt tried to publish its output; it was discarded (the fence around publishing).
 * - `DEFINITIONS_MODULE_UNKNOWN`: a worker cannot tell which module its Definitions come from
 *   (its step threads load them by path): pass `definitionsModule`.
 * - `SETTING_INVALID`: an environment variable or command-line option has a value assetflow
 *   does not know (`ASSETFLOW_LOG_FORMAT=xml`, a port that is not a number).
 * - `REEXECUTION_REFUSED`: a run or backfill cannot be re-executed or retried as asked: unknown,
 *   still running, nothing failed, or its steps are gone from the Definitions.
 */
export type AssetflowErrorCode =
  | 'DEFINITION_INVALID'
  | 'SELECTION_INVALID'
  | 'PARTITION_INVALID'
  | 'RUN_CONFIG_INVALID'
  | 'RUN_CONFIG_TOO_LARGE'
  | 'RESOURCE_MISCONFIGURED'
  | 'OUTPUT_UNSUPPORTED'
  | 'INPUT_MISSING'
  | 'INPUT_CORRUPT'
  | 'NO_PARTITIONS_MATERIALIZED'
  | 'METADATA_OVERSIZE'
  | 'METADATA_UNSERIALIZABLE'
  | 'STORAGE_ROOT_UNUSABLE'
  | 'NON_ERROR_THROWN'
  | 'IDENTIFIER_UNSAFE'
  | 'SENSOR_RESULT_INVALID'
  | 'SENSOR_UNKNOWN'
  | 'STEP_FAILED'
  | 'CATALOG_UNREADABLE'
  | 'CATALOG_UNAVAILABLE'
  | 'CATALOG_UNREACHABLE'
  | 'CATALOG_URL_INVALID'
  | 'CATALOG_CORRUPT'
  | 'CATALOG_NOT_A_CATALOG'
  | 'CATALOG_SCHEMA_TOO_NEW'
  | 'CATALOG_READ_ONLY'
  | 'CATALOG_INPUT_INVALID'
  | 'STEP_TIMED_OUT'
  | 'ATTEMPT_SUPERSEDED'
  | 'DEFINITIONS_MODULE_UNKNOWN'

  | 'SETTING_INVALID'
  | 'REEXECUTION_REFUSED'
  | 'MULTI_ASSET_OUTPUT_INVALID'
  | 'CHECK_RESULT_INVALID';

/** What every assetflow error states besides its message. */
export interface AssetflowErrorOptions {
  /** The error's stable code. */
  code: AssetflowErrorCode;
  /**
   * Whether another attempt could succeed. False for mistakes in code, config or data, which an
   * attempt cannot fix: executors then fail the step (or activity) at once instead of retrying.
   */
  retryable: boolean;
  /** The error this one explains, if any (kept as the standard `cause`). */
  cause?: unknown;
}

/**
 * The base of every error assetflow raises. Each subclass keeps its own `name` (which Temporal
 * shows as the failure type, e.g. `RunConfigError`), and states a stable `code` and whether it
 * is `retryable`. Activities turn it into a Temporal `ApplicationFailure` of that type,
 * non-retryable when `retryable` is false, with `{ code }` in its details.
 *
 * @example
 * ```ts
 * try {
 *   definitions.plan({ selection: 'itme' });
 * } catch (err) {
 *   if (err instanceof AssetflowError && err.code === 'SELECTION_INVALID') console.error(err.message);
 * }
 * ```
 */
export abstract class AssetflowError extends Error {
  /** The stable code of this kind of error. */
  readonly code: AssetflowErrorCode;
  /** Whether another attempt could succeed (see {@link AssetflowErrorOptions.retryable}). */
  readonly retryable: boolean;

  protected constructor(message: string, options: AssetflowErrorOptions) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.code = options.code;
    this.retryable = options.retryable;
  }
}

/**
 * Whether another attempt at what threw `err` could succeed: an AssetflowError says so itself;
 * anything else (a network error, a user's Error) is assumed transient and retried, as
 * Temporal does by default.
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof AssetflowError ? err.retryable : true;
}

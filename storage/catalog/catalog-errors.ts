import { AssetflowError, type AssetflowErrorCode } from '../../errors/assetflow-error';

/**
 * Errors of the catalog store. Each says which catalog (its location, never a password) and
 * what to do, so that a broken catalog never reads as "never materialized".
 */
export class CatalogError extends AssetflowError {
  /**
   * A catalog that cannot serve right now (closed, locked past the busy timeout, a full disk, an
   * open that failed): retried. Subclasses name their own code and whether a retry could help.
   */
  constructor(message: string, options?: { cause?: unknown }, kind: { code: AssetflowErrorCode; retryable: boolean } = { code: 'CATALOG_UNAVAILABLE', retryable: true }) {
    super(message, { ...kind, cause: options?.cause });
    this.name = new.target.name;
  }
}

/** `ASSETFLOW_CATALOG_URL` / `Definitions({ catalog })` is not a URL the catalog understands. */
export class CatalogUrlError extends CatalogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, { code: 'CATALOG_URL_INVALID', retryable: false });
  }
}

/** The PostgreSQL catalog cannot be reached or refuses the connection. */
export class CatalogConnectionError extends CatalogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, { code: 'CATALOG_UNREACHABLE', retryable: true });
  }
}

/** The SQLite file is not a database, or is damaged. */
export class CatalogCorruptError extends CatalogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, { code: 'CATALOG_CORRUPT', retryable: false });
  }
}

/** The database is a SQLite/PostgreSQL database, but not an assetflow catalog. */
export class NotACatalogError extends CatalogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, { code: 'CATALOG_NOT_A_CATALOG', retryable: false });
  }
}

/** The catalog was written by a newer assetflow (its schema version is unknown to this one). */
export class CatalogSchemaTooNewError extends CatalogError {
  constructor(
    readonly location: string,
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `the catalog at ${location} has schema version ${databaseVersion}, but this assetflow knows versions up to ${knownVersion}: ` +
        'a newer assetflow wrote it. Upgrade assetflow on this machine (every worker sharing a catalog needs the same or a newer version).',
      undefined,
      { code: 'CATALOG_SCHEMA_TOO_NEW', retryable: false },
    );
  }
}

/** The SQLite file (or its folder) cannot be written. */
export class CatalogReadOnlyError extends CatalogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, { code: 'CATALOG_READ_ONLY', retryable: false });
  }
}

/** A write or query with bad arguments (empty key, attempt 0, a cursor from elsewhere). */
export class CatalogInputError extends CatalogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, { code: 'CATALOG_INPUT_INVALID', retryable: false });
  }
}

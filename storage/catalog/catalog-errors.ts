/**
 * Errors of the catalog store. Each says which catalog (its location, never a password) and
 * what to do, so that a broken catalog never reads as "never materialized".
 */
export class CatalogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** `ASSETFLOW_CATALOG_URL` / `Definitions({ catalog })` is not a URL the catalog understands. */
export class CatalogUrlError extends CatalogError {}

/** The PostgreSQL catalog cannot be reached or refuses the connection. */
export class CatalogConnectionError extends CatalogError {}

/** The SQLite file is not a database, or is damaged. */
export class CatalogCorruptError extends CatalogError {}

/** The database is a SQLite/PostgreSQL database, but not an assetflow catalog. */
export class NotACatalogError extends CatalogError {}

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
    );
  }
}

/** The SQLite file (or its folder) cannot be written. */
export class CatalogReadOnlyError extends CatalogError {}

/** A write or query with bad arguments (empty key, attempt 0, a cursor from elsewhere). */
export class CatalogInputError extends CatalogError {}

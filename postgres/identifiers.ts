import { escapeIdentifier } from 'pg';
import { AssetflowError } from '../errors/assetflow-error';

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A table or schema name that is not a plain identifier. Not retried. */
export class UnsafeIdentifierError extends AssetflowError {
  constructor(what: string, name: string) {
    super(
      `${what} name ${JSON.stringify(name)} is refused: use letters, digits and '_' only, not starting with a digit, ` +
        `at most 63 characters (PostgreSQL's limit)`,
      { code: 'IDENTIFIER_UNSAFE', retryable: false },
    );
    this.name = 'UnsafeIdentifierError';
  }
}

/**
 * Table and schema names must be plain identifiers (a name from config never becomes SQL); they
 * are quoted as well. Column names come from data and may be anything: they are only quoted.
 */
export function tableIdentifier(what: 'table' | 'schema', name: string): string {
  if (typeof name !== 'string' || !PLAIN_IDENTIFIER.test(name) || name.length > 63) throw new UnsafeIdentifierError(what, String(name));
  return escapeIdentifier(name);
}

/** `"schema"."table"` (or `"table"`), both parts checked and quoted. */
export function qualifiedTable(table: string, schema?: string): string {
  return schema === undefined ? tableIdentifier('table', table) : `${tableIdentifier('schema', schema)}.${tableIdentifier('table', table)}`;
}

/** Any column name, quoted (embedded quotes doubled); NUL and over-long names are refused. */
export function columnIdentifier(name: string): string {
  if (name.length === 0 || name.includes('\0') || Buffer.byteLength(name) > 63) {
    throw new UnsafeIdentifierError('column', name);
  }
  return escapeIdentifier(name);
}

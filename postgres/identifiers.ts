import { escapeIdentifier } from 'pg';
import { keyPath } from '../assets/asset-key';
import { shortHash } from '../contract/short-hash';
import { AssetflowError } from '../errors/assetflow-error';

/** PostgreSQL's limit on an identifier, in bytes (`NAMEDATALEN - 1`): it truncates longer ones silently. */
export const MAX_IDENTIFIER_BYTES = 63;

/** Letters, digits, `_` and `-`, not starting with `-`: the characters of asset keys' parts (always quoted). */
const SAFE_IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** A table or schema name that is not a safe identifier. Not retried. */
export class UnsafeIdentifierError extends AssetflowError {
  constructor(what: string, name: string) {
    super(
      `${what} name ${JSON.stringify(name)} is refused: use letters, digits, '_' and '-' only, not starting with '-', ` +
        `at most 63 characters (PostgreSQL's limit)`,
      { code: 'IDENTIFIER_UNSAFE', retryable: false },
    );
    this.name = 'UnsafeIdentifierError';
  }
}

/** Why `name` cannot be a table or schema name (see {@link tableIdentifier}), or undefined when it can. */
export function unsafeIdentifierReason(what: 'table' | 'schema', name: unknown): string | undefined {
  if (typeof name !== 'string' || !SAFE_IDENTIFIER.test(name) || name.length > MAX_IDENTIFIER_BYTES) return new UnsafeIdentifierError(what, String(name)).message;
  return undefined;
}

/**
 * Table and schema names must be safe identifiers: letters, digits, `_` and `-` (not first), at
 * most 63 characters (a name from config never becomes SQL); they are quoted as well, so
 * `pg-hyphen` and `2026_sales` are fine. Column names come from data and may be anything: they
 * are only quoted.
 */
export function tableIdentifier(what: 'table' | 'schema', name: string): string {
  if (unsafeIdentifierReason(what, name) !== undefined) throw new UnsafeIdentifierError(what, String(name));
  return escapeIdentifier(name);
}

/**
 * The default table of an asset: its key's parts joined by `__` (`sales/raw` → `sales__raw`,
 * `pg-hyphen` → `pg-hyphen`). A name over 63 characters keeps its first 46, `_` and 16 hex digits
 * of its SHA-256 (63 in all), so it is never truncated by PostgreSQL into another asset's table.
 * Two keys can still share a name (`a/b` and `a__b`): the IO manager refuses that when the
 * Definitions are built.
 *
 * @example
 * ```ts
 * assetTableName('sales/raw'); // 'sales__raw'
 * assetTableName('x'.repeat(70)); // 'xxxx…x_9b1f…' (46 x, '_', 16 hex digits)
 * ```
 */
export function assetTableName(assetKey: string): string {
  return boundedTableName(keyPath(assetKey).join('__'));
}

/** `name` when it has at most 63 characters, else its first 46, `_` and 16 hex digits of its SHA-256. */
export function boundedTableName(name: string): string {
  return name.length <= MAX_IDENTIFIER_BYTES ? name : `${name.slice(0, MAX_IDENTIFIER_BYTES - 17)}_${shortHash(name)}`;
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

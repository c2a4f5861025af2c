/**
 * What any partition key must be, whatever its partitions: it names a file (`<asset>/<key>.parquet`),
 * a row slice, a Temporal search attribute value and part of a workflow id.
 *
 * Pure (no Node built-ins, no packages): the backfill workflow checks the keys it is handed.
 */

/**
 * The longest partition key, in characters: with `.parquet` it fits the 255-byte file names of
 * common file systems, and with a backfill id it fits Temporal's 1,000-character workflow ids.
 */
export const MAX_PARTITION_KEY_LENGTH = 200;

/** The characters of a partition key: letters, digits and `_ . : @ = + -` (`:` only in hourly keys). */
const KEY_CHARACTERS = /^[A-Za-z0-9_.:@=+-]+$/;

/** The rules, as error messages state them. */
export const PARTITION_KEY_RULES = `1 to ${MAX_PARTITION_KEY_LENGTH} characters, letters, digits and _ . @ = + - only, not '.' or '..'`;

/**
 * Why `key` cannot be a partition key (a sentence naming the rule it breaks), or undefined when
 * it can: 1 to 200 characters, letters, digits and `_ . : @ = + -` only, not `.` or `..`. No
 * empty key, no `/`, no whitespace or control characters, no `~`.
 *
 * @example
 * ```ts
 * invalidPartitionKeyReason('emea'); // undefined
 * invalidPartitionKeyReason('..'); // "partition key '..' is refused: ..."
 * ```
 */
export function invalidPartitionKeyReason(key: unknown): string | undefined {
  if (typeof key !== 'string') return `a partition key must be a string, got ${key === null ? 'null' : typeof key}`;
  const shown = key.length > 40 ? `'${key.slice(0, 40)}…' (${key.length} characters)` : JSON.stringify(key);
  if (key.length === 0) return `a partition key must not be empty: use ${PARTITION_KEY_RULES}`;
  if (key.length > MAX_PARTITION_KEY_LENGTH) return `partition key ${shown} is over the limit of ${MAX_PARTITION_KEY_LENGTH} characters: use ${PARTITION_KEY_RULES}`;
  if (!KEY_CHARACTERS.test(key)) return `partition key ${shown} has a character a partition key may not have: use ${PARTITION_KEY_RULES}`;
  if (key === '.' || key === '..') return `partition key '${key}' is refused (it would name a directory): use ${PARTITION_KEY_RULES}`;
  return undefined;
}

/**
 * Asset keys are `/`-separated paths of safe segments (`sales/raw_orders`), so a key maps
 * to a storage path without any chance of escaping the storage root.
 */
export const ASSET_KEY_SEPARATOR = '/';

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** Returns why `key` is not a valid asset (or op) key, or undefined when it is. */
export function invalidKeyReason(key: unknown): string | undefined {
  if (typeof key !== 'string') return `a key must be a string, got ${typeof key}`;
  if (key.length === 0) return 'a key must not be empty';
  if (key.length > 200) return `a key must be at most 200 characters (got ${key.length})`;
  for (const segment of key.split(ASSET_KEY_SEPARATOR)) {
    if (segment === '') return `key '${key}' has an empty part: use '/' only between parts`;
    if (segment === '..' || segment === '.') return `key '${key}' has a '${segment}' part`;
    if (!SEGMENT.test(segment)) {
      return `key '${key}' has part '${segment}': parts may contain letters, digits, '_' and '-' only (and not start with '-')`;
    }
  }
  return undefined;
}

/** The key's parts, e.g. `['sales', 'raw_orders']`. */
export function keyPath(key: string): string[] {
  return key.split(ASSET_KEY_SEPARATOR);
}

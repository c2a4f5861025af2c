import { sqliteCatalog } from '../storage/catalog/sqlite-store';
import type { CatalogStore } from '../storage/catalog/store';

/**
 * A catalog in memory (SQLite's `:memory:` database, in this process only): in-process test
 * runs record materializations, failures and runs without touching disk, and tests query it
 * through the full {@link CatalogStore} interface, as they would the worker's catalog.
 *
 * @example
 * ```ts
 * const catalog = memoryCatalog();
 * await catalog.recordMaterialization({ assetKey: 'a', runId: 'r', location: 'x', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() });
 * expect(await catalog.state('a')).toBe('materialized');
 * ```
 */
export function memoryCatalog(): CatalogStore {
  return sqliteCatalog(':memory:');
}

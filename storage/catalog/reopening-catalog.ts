import type { CatalogStore } from './store';

/** Every method of the store interface but `close` (and the `location` field). */
const METHODS = [
  'ready',
  'recordMaterialization',
  'recordMaterializations',
  'recordFailure',
  'recordCheckResult',
  'recordRunStarted',
  'recordRunEnded',
  'latestMaterialization',
  'latestMaterializations',
  'materializations',
  'failures',
  'latestCheckResults',
  'run',
  'partitionStatus',
  'state',
  'changeMark',
  'record',
  'latest',
  'history',
  'materializedPartitions',
] as const satisfies readonly (keyof CatalogStore)[];

// Compile-time check that METHODS lists every method: a new one added to CatalogStore fails here.
type Unlisted = Exclude<keyof CatalogStore, (typeof METHODS)[number] | 'location' | 'close'>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/**
 * A store that `Definitions` owns (made from a URL): `close()` releases the connection or file
 * handle, and the next call opens the same catalog again, as the Definitions' resources are
 * built again after `dispose()`. So a worker can close the catalog when it stops while the
 * Definitions stay usable (a test reads the catalog after its worker stopped).
 *
 * @param open makes a store, not yet opened (e.g. `() => catalogFromUrl(url)`); called now,
 * so that a bad URL fails at once, and again after each close.
 */
export function reopeningCatalog(open: () => CatalogStore): CatalogStore {
  let current: CatalogStore | undefined = open();
  const location = current.location;
  const store = (): CatalogStore => (current ??= open());
  const delegated = Object.fromEntries(
    METHODS.map((name) => [name, (...args: unknown[]) => (store()[name] as (...a: unknown[]) => unknown)(...args)]),
  ) as unknown as Omit<CatalogStore, 'location' | 'close'>;
  return {
    ...delegated,
    location,
    async close() {
      const closing = current;
      current = undefined;
      await closing?.close();
    },
  };
}

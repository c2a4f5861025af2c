import path from 'node:path';
import { defaultStorageRoot } from '../storage-path';
import { CatalogUrlError } from './catalog-errors';
import { postgresCatalog, type PostgresCatalogOptions } from './postgres-store';
import { sqliteCatalog, type SqliteCatalogOptions } from './sqlite-store';
import type { CatalogStore } from './store';

/** The environment variable that chooses the catalog: `sqlite:<path>` or `postgres://…`. */
export const CATALOG_URL_ENV = 'ASSETFLOW_CATALOG_URL';

/** The embedded catalog's file: `.catalog.sqlite` in the storage root (asset keys cannot start with '.'). */
export function defaultCatalogFile(storageRoot: string = defaultStorageRoot()): string {
  return path.join(storageRoot, '.catalog.sqlite');
}

/** `ASSETFLOW_CATALOG_URL` when set, else the embedded catalog in the storage root. */
export function catalogUrlFromEnv(storageRoot?: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = env[CATALOG_URL_ENV]?.trim();
  return url ? url : `sqlite:${defaultCatalogFile(storageRoot)}`;
}

export interface CatalogUrlOptions {
  sqlite?: Omit<SqliteCatalogOptions, 'migrations'>;
  postgres?: Omit<PostgresCatalogOptions, 'connectionString' | 'migrations'>;
}

/**
 * The catalog a URL names, not yet opened (it opens on first use, or on `ready()`):
 *
 * - `sqlite:<path>` (relative to the working directory, or absolute; `sqlite:///abs/path` and
 *   `sqlite::memory:` too): the embedded catalog, one file;
 * - `postgres://user:password@host:5432/database?schema=assetflow` (or `postgresql://`): the
 *   shared catalog, in the schema given (default `assetflow`).
 *
 * Synchronous, so that `new Definitions()` can hold one; {@link openCatalog} opens it at once.
 */
export function catalogFromUrl(url: string, options: CatalogUrlOptions = {}): CatalogStore {
  if (typeof url !== 'string' || url.trim() === '') throw new CatalogUrlError(`the catalog URL is empty: ${accepted}`);
  const text = url.trim();
  if (/^postgres(ql)?:\/\//i.test(text)) return postgresCatalog({ ...options.postgres, connectionString: text });
  if (/^sqlite:/i.test(text)) {
    let file = text.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2); // sqlite:///abs/path → /abs/path
    if (file === '') throw new CatalogUrlError(`the catalog URL '${text}' names no file: ${accepted}`);
    return sqliteCatalog(file, options.sqlite);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
  throw new CatalogUrlError(`the catalog URL ${scheme ? `scheme '${scheme}:'` : `'${text}'`} is not one the catalog knows: ${accepted}`);
}

/**
 * Opens the catalog a URL names (default: {@link catalogUrlFromEnv}) and checks it: connects,
 * applies pending migrations, and throws the catalog's clear errors (a server that cannot be
 * reached, a damaged or read-only file, a newer schema) here, at start, rather than at the first
 * materialization.
 *
 * @example
 * ```ts
 * const catalog = await openCatalog(process.env.ASSETFLOW_CATALOG_URL ?? 'sqlite:.assetflow/storage/.catalog.sqlite');
 * console.log(await catalog.latestMaterialization('daily_sales', '2026-11-05'));
 * await catalog.close();
 * ```
 */
export async function openCatalog(url: string = catalogUrlFromEnv(), options: CatalogUrlOptions = {}): Promise<CatalogStore> {
  const store = catalogFromUrl(url, options);
  try {
    await store.ready();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

const accepted = "expected sqlite:<path> (e.g. sqlite:.assetflow/catalog.sqlite) or postgres://user:password@host:5432/database (set ASSETFLOW_CATALOG_URL or Definitions({ catalog }))";

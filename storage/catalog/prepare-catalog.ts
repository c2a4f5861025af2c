import fs from 'node:fs/promises';
import path from 'node:path';
import { importFileCatalog, type FileCatalogImport } from './import-file-catalog';
import type { CatalogStore } from './store';

/** The file, inside a storage root's old `.catalog/` folder, that lists the catalogs it was imported into. */
export const IMPORTED_MARKER = 'imported-into.json';

/**
 * Makes a catalog ready for a worker: opens it (connects, applies pending migrations), so that a
 * bad URL, an unreachable server, a damaged, read-only or newer catalog fails here with the
 * store's error; then, when the storage root still has the JSON-lines catalog of earlier
 * versions (`<root>/.catalog/`), copies its records into the store once, so that assets
 * materialized before do not read as never materialized.
 *
 * "Once" per catalog: the import writes the store's location into `.catalog/imported-into.json`
 * and skips a catalog listed there. The import itself is idempotent, so a crash before the
 * marker is written (or two workers importing at once) only repeats it.
 *
 * @param log told what an import found.
 * @returns what was imported, or undefined when there was nothing to import.
 */
export async function prepareCatalog(store: CatalogStore, storageRoot: string, log?: { info(message: string): void }): Promise<FileCatalogImport | undefined> {
  await store.ready();
  const folder = path.join(storageRoot, '.catalog');
  const stat = await fs.stat(folder).catch(() => undefined);
  if (!stat?.isDirectory()) return undefined;
  const marker = path.join(folder, IMPORTED_MARKER);
  const imported = await readMarker(marker);
  if (imported.includes(store.location)) return undefined;
  const outcome = await importFileCatalog(storageRoot, store);
  const temp = `${marker}.${process.pid}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify({ importedInto: [...imported, store.location] }, null, 2)}\n`);
  await fs.rename(temp, marker);
  log?.info(`imported the JSON-lines catalog of ${storageRoot} into ${store.location}: ${outcome.read} records read, ${outcome.recorded} new${outcome.skipped ? `, ${outcome.skipped} torn lines skipped` : ''}`);
  return outcome;
}

async function readMarker(file: string): Promise<string[]> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { importedInto?: unknown };
    return Array.isArray(parsed.importedInto) ? parsed.importedInto.filter((l): l is string => typeof l === 'string') : [];
  } catch {
    return []; // no marker (or a damaged one): import again, which duplicates nothing
  }
}

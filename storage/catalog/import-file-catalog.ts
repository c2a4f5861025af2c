import fs from 'node:fs/promises';
import path from 'node:path';
import type { MaterializationRecord } from '../../contract/materialization';
import type { CatalogStore } from './store';

/** What {@link importFileCatalog} found and stored. */
export interface FileCatalogImport {
  /** Records read from the JSON-lines files. */
  read: number;
  /** Of those, how many the store did not have yet (an import run twice stores nothing the second time). */
  recorded: number;
  /** Lines that did not parse (a torn last line after a crash), skipped as the file catalog skipped them. */
  skipped: number;
}

/**
 * Copies the records of a file catalog (`<root>/.catalog/**.jsonl`, the catalog before the
 * database one) into a store, so that switching a storage root to the database catalog keeps
 * what was materialized. Idempotent: each record is keyed by (run, asset, attempt, partition)
 * like any other write, so importing again, or after new writes, duplicates nothing.
 */
export async function importFileCatalog(root: string, store: CatalogStore, batchSize = 5000): Promise<FileCatalogImport> {
  const files = await jsonlFiles(path.join(root, '.catalog'));
  const outcome: FileCatalogImport = { read: 0, recorded: 0, skipped: 0 };
  let batch: MaterializationRecord[] = [];
  const flush = async () => {
    if (batch.length) outcome.recorded += await store.recordMaterializations(batch);
    batch = [];
  };
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim().length === 0) continue;
      let record: MaterializationRecord;
      try {
        record = JSON.parse(line) as MaterializationRecord;
      } catch {
        outcome.skipped++;
        continue;
      }
      outcome.read++;
      batch.push(record);
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
  return outcome;
}

async function jsonlFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await jsonlFiles(full)));
    else if (entry.isFile() && entry.name.endsWith('.jsonl')) found.push(full);
  }
  return found;
}

import fs from 'node:fs/promises';
import path from 'node:path';
import { keyPath } from '../../assets/asset-key';
import { defaultStorageRoot } from '../storage-path';
import type { MaterializationCatalog, MaterializationRecord } from './catalog';
import { CatalogReadError } from './catalog-read-error';

/**
 * A catalog of JSON-lines files, one per asset, under `<root>/.catalog/` (asset keys cannot
 * start with '.', so it never collides with an asset's outputs). Each record is one append of
 * one line, which the OS writes whole. A missing file means no materializations; a file that
 * cannot be read throws CatalogReadError.
 */
export function fileCatalog(root: string = defaultStorageRoot()): MaterializationCatalog {
  const fileOf = (assetKey: string) => path.join(root, '.catalog', ...keyPath(assetKey)) + '.jsonl';
  const read = async (assetKey: string): Promise<MaterializationRecord[]> => {
    const file = fileOf(assetKey);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      // No file: never materialized. Any other failure must not read as that.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new CatalogReadError(assetKey, file, err);
    }
    return text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as MaterializationRecord];
        } catch {
          return []; // a torn last line after a crash is skipped, not fatal
        }
      });
  };
  return {
    async record(record) {
      const file = fileOf(record.assetKey);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.appendFile(file, `${JSON.stringify(record)}\n`);
    },
    async latest(assetKey, partitionKey) {
      const records = await read(assetKey);
      for (let i = records.length - 1; i >= 0; i--) {
        if (partitionKey === undefined || records[i].partitionKey === partitionKey) return records[i];
      }
      return undefined;
    },
    async history(assetKey, limit) {
      const records = await read(assetKey);
      return limit === undefined ? records : records.slice(-limit);
    },
    async materializedPartitions(assetKey) {
      const keys = new Set<string>();
      for (const r of await read(assetKey)) if (r.partitionKey !== undefined) keys.add(r.partitionKey);
      return [...keys].sort();
    },
  };
}

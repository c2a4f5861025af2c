import fs from 'node:fs/promises';
import path from 'node:path';
import { keyPath } from '../../assets/asset-key';
import { defaultStorageRoot } from '../storage-path';
import type { MaterializationCatalog, MaterializationRecord } from './catalog';

/**
 * A catalog of JSON-lines files, one per asset, under `<root>/.catalog/` (asset keys cannot
 * start with '.', so it never collides with an asset's outputs). Each record is one append of
 * one line, which the OS writes whole.
 */
export function fileCatalog(root: string = defaultStorageRoot()): MaterializationCatalog {
  const fileOf = (assetKey: string) => path.join(root, '.catalog', ...keyPath(assetKey)) + '.jsonl';
  const read = async (assetKey: string): Promise<MaterializationRecord[]> => {
    let text: string;
    try {
      text = await fs.readFile(fileOf(assetKey), 'utf8');
    } catch {
      return [];
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

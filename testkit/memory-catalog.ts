import type { MaterializationCatalog } from '../storage/catalog/catalog';
import type { MaterializationRecord } from '../contract/materialization';

/** A catalog in memory: in-process test runs record materializations without touching disk. */
export function memoryCatalog(): MaterializationCatalog & { readonly records: MaterializationRecord[] } {
  const records: MaterializationRecord[] = [];
  const of = (assetKey: string) => records.filter((r) => r.assetKey === assetKey);
  return {
    records,
    async record(record) {
      records.push(record);
    },
    async latest(assetKey, partitionKey) {
      return of(assetKey)
        .filter((r) => partitionKey === undefined || r.partitionKey === partitionKey)
        .at(-1);
    },
    async history(assetKey, limit) {
      const all = of(assetKey);
      return limit === undefined ? all : all.slice(-limit);
    },
    async materializedPartitions(assetKey) {
      return [...new Set(of(assetKey).flatMap((r) => (r.partitionKey !== undefined ? [r.partitionKey] : [])))].sort();
    },
  };
}

import type { AnyAsset } from '../assets/asset';
import { BUILT_IN_IO_MANAGER_KEYS } from '../storage/built-in-io-managers';
import type { IOManager, StoredAsset } from '../storage/io-manager';
import { fileStorageProblems } from '../storage/storage-path';

/**
 * Where the assets would be stored, checked when the Definitions are built: each IO manager that
 * can say (see `IOManager.checkAssets`) is handed the assets bound to it and reports two assets
 * stored in one place, or a key its storage cannot name. The built-in IO managers share one
 * storage root, so their assets are checked together. Unbound IO manager keys are reported
 * elsewhere (stepBindingProblems).
 *
 * @example storageProblems(assets, { warehouse: postgresIOManager({ connectionString }) });
 */
export function storageProblems(assets: Iterable<AnyAsset>, ioManagers: Readonly<Record<string, IOManager>>): string[] {
  const groups = new Map<IOManager | 'built-in', { keys: Set<string>; assets: StoredAsset[] }>();
  for (const a of assets) {
    const custom = Object.hasOwn(ioManagers, a.ioManagerKey) ? ioManagers[a.ioManagerKey] : undefined;
    if (!custom && !(BUILT_IN_IO_MANAGER_KEYS as readonly string[]).includes(a.ioManagerKey)) continue;
    const id = custom ?? 'built-in';
    const group = groups.get(id) ?? { keys: new Set<string>(), assets: [] };
    group.keys.add(a.ioManagerKey);
    group.assets.push({ key: a.key, ...(a.partitions ? { partitions: a.partitions } : {}) });
    groups.set(id, group);
  }
  const problems: string[] = [];
  for (const [id, group] of groups) {
    const name = [...group.keys].join("' / '");
    if (id === 'built-in') problems.push(...fileStorageProblems(group.assets, name));
    else if (typeof id?.checkAssets === 'function') {
      try {
        problems.push(...id.checkAssets(group.assets, name));
      } catch (err) {
        problems.push(`IO manager '${name}' could not check its assets: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return problems;
}

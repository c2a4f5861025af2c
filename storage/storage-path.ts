import path from 'node:path';
import { keyPath } from '../assets/asset-key';
import type { OutputRef, StoredAsset } from './io-manager';

/** The default storage root: ASSETFLOW_STORAGE, or `.assetflow/storage` under the working directory. */
export function defaultStorageRoot(): string {
  return path.resolve(process.env.ASSETFLOW_STORAGE ?? path.join('.assetflow', 'storage'));
}

/**
 * Where an output lives under `root`: `<asset key path>.<ext>` for an unpartitioned asset,
 * `<asset key path>/<partition>.<ext>` for a partition, `runs/<run id>/<op>.<ext>` for an op output.
 * Keys were validated as safe path segments, and partition keys are checked here again.
 */
export function outputPath(root: string, ref: OutputRef, extension: string): string {
  if (ref.assetKey) {
    const parts = keyPath(ref.assetKey);
    if (ref.partitionKey !== undefined) return path.join(root, ...parts, `${safeSegment(ref.partitionKey)}.${extension}`);
    return path.join(root, ...parts) + `.${extension}`;
  }
  const leaf = ref.partitionKey !== undefined ? `${ref.stepKey}/${safeSegment(ref.partitionKey)}` : ref.stepKey;
  return path.join(root, 'runs', safeSegment(ref.runId), `${leaf}.${extension}`);
}

function safeSegment(value: string): string {
  if (!/^[A-Za-z0-9_.:@=+-]+$/.test(value) || value === '.' || value === '..') {
    throw new Error(`'${value}' cannot be used in a storage path: use letters, digits and _ . : @ = + - only`);
  }
  return value.replace(/:/g, '_');
}

/**
 * Problems with assets stored as files under one storage root (by the built-in IO managers, or
 * one Parquet or JSON IO manager): a partitioned asset keeps its partitions as files in a folder
 * named after its key (`ev/emea.parquet`), where an unpartitioned asset one part longer keeps its
 * only file (`ev/emea` → `ev/emea.parquet`). When such an asset's last part is a key of the
 * partitioned one, both would write one file: refused, naming both. (Paths are kept as they are,
 * so outputs stored before are still found.)
 *
 * @example
 * ```ts
 * fileStorageProblems([{ key: 'ev', partitions: staticPartitions(['emea']) }, { key: 'ev/emea' }], 'io_manager');
 * // ["assets 'ev' (its partition 'emea') and 'ev/emea' would both be stored in 'ev/emea' (.parquet or .json) by IO manager 'io_manager': ..."]
 * ```
 */
export function fileStorageProblems(assets: readonly StoredAsset[], ioManagerKey: string): string[] {
  const partitioned = new Map(assets.filter((a) => a.partitions).map((a) => [a.key, a.partitions!]));
  const problems: string[] = [];
  for (const other of assets) {
    if (other.partitions) continue; // its own partitions are files one folder further down
    const parts = keyPath(other.key);
    if (parts.length < 2) continue;
    const folder = parts.slice(0, -1).join('/');
    const partitions = partitioned.get(folder);
    if (!partitions) continue;
    const partitionKey = partitionStoredAs(partitions, parts[parts.length - 1]);
    if (partitionKey === undefined) continue;
    problems.push(
      `assets '${folder}' (its partition '${partitionKey}') and '${other.key}' would both be stored in '${other.key}' (.parquet or .json) by IO manager '${ioManagerKey}', ` +
        `each overwriting the other: the partitions of '${folder}' are files in its folder; give '${other.key}' another key (or another IO manager)`,
    );
  }
  return problems;
}

/** The partition key of `partitions` whose file is `<segment>.<ext>`, or undefined when none is. */
function partitionStoredAs(partitions: NonNullable<StoredAsset['partitions']>, segment: string): string | undefined {
  if (partitions.kind === 'static') return partitions.keys(new Date()).find((key) => key.replace(/:/g, '_') === segment);
  // Time keys: any key of the format collides, whether or not its window has ended yet.
  for (const candidate of new Set([segment, segment.replace(/_/g, ':')])) {
    try {
      if (partitions.timeWindow(candidate)) return candidate;
    } catch {
      // not a key of this format
    }
  }
  return undefined;
}

import path from 'node:path';
import { keyPath } from '../assets/asset-key';
import type { OutputRef } from './io-manager';

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

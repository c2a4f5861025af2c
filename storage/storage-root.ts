import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AssetflowError } from '../errors/assetflow-error';

/** A storage root that cannot be a writable folder (a file in its place or above it, no permission). Not retried. */
export class StorageRootError extends AssetflowError {
  constructor(
    readonly root: string,
    reason: string,
  ) {
    super(`The storage root ${root} cannot be used: ${reason}. Point ASSETFLOW_STORAGE (or Definitions({ storageRoot })) at a folder this worker can write.`, {
      code: 'STORAGE_ROOT_UNUSABLE',
      retryable: false,
    });
    this.name = 'StorageRootError';
  }
}

/**
 * Makes sure `root` is a folder this process can write: creates it when missing, then writes and
 * removes a probe file. Throws StorageRootError saying what is in the way; a worker calls it when
 * it starts, so that a bad root fails there instead of in every step.
 */
export async function checkStorageRoot(root: string): Promise<void> {
  const blocker = await fileInTheWay(root);
  if (blocker) throw new StorageRootError(root, `${blocker} is a file, not a folder`);
  try {
    await fs.mkdir(root, { recursive: true });
    const probe = path.join(root, `.assetflow-probe-${randomUUID().slice(0, 8)}`);
    await fs.writeFile(probe, '');
    await fs.rm(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StorageRootError(root, code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `it is not writable by this process (${code})` : (err as Error).message);
  }
}

/** The nearest existing path at or above `target` that is not a folder, if any. */
async function fileInTheWay(target: string): Promise<string | undefined> {
  for (let at = path.resolve(target); ; at = path.dirname(at)) {
    const stat = await fs.stat(at).catch(() => undefined);
    if (stat) return stat.isDirectory() ? undefined : at;
    if (path.dirname(at) === at) return undefined;
  }
}

import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertPublishAllowed } from './publish-fence';

/**
 * A temp file of another writer older than this is taken for a dead writer's (whatever machine or
 * process its name gives) and removed by the next write of its target: no step attempt writes one
 * file this long (a step's own timeout is far shorter).
 */
export const STALE_TEMP_FILE_MS = 6 * 60 * 60 * 1000;

/** Names this machine in temp file names, so that a writer can tell its own machine's processes. */
const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/**
 * Writes a file so that readers see the old file or the complete new one, never a part:
 * `write` fills a temp file beside the target, which is then renamed over it.
 *
 * `writerId` names the writer (one step of one run, the same across its retries). Each
 * attempt writes its own temp file `.<file>.tmp-<writer tag>-<host tag>-<pid>-<random>`, and
 * first removes the temp files earlier attempts of the same writer left (a killed worker's), so
 * no stray temp file survives a retry. An earlier attempt still running (a worker that hung past
 * its heartbeat timeout and resumed) then writes into an unlinked file and fails to rename it:
 * it can never write into the file a later attempt published. Concurrent writers of the same
 * target (two runs) have different tags and leave each other alone; the last rename wins.
 *
 * Temp files other writers left behind are removed too once their writer is surely gone (a
 * killed last attempt, never retried): on this machine when their process no longer exists,
 * and in any case (another machine, an unnamed file, a process id a restarted worker reused)
 * once older than {@link STALE_TEMP_FILE_MS}.
 * Inside a step, the rename is fenced by the attempt (see ./publish-fence): an attempt that was
 * cancelled, timed out or superseded throws instead of renaming, and its temp file is removed.
 */
export async function writeAtomically(
  target: string,
  write: (tempPath: string) => Promise<void>,
  writerId: string = randomUUID(),
): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const tempPrefix = `.${path.basename(target)}.tmp-`;
  const writerTag = createHash('sha256').update(writerId).digest('hex').slice(0, 16);
  await removeLeftovers(dir, tempPrefix, writerTag);
  const temp = path.join(dir, `${tempPrefix}${writerTag}-${HOST_TAG}-${process.pid}-${randomUUID().slice(0, 8)}`);
  try {
    await write(temp);
    assertPublishAllowed();
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

/** `<writer tag>-<host tag>-<pid>-<random>` (or the older `<writer tag>-<random>`) after a temp prefix. */
const TEMP_SUFFIX = /^([0-9a-f]{16})(?:-([0-9a-f]{8})-(\d+))?(?:-[0-9a-f]{8})?$/;

/** Removes this writer's earlier temp files of the target, and those of other writers that are gone. */
async function removeLeftovers(dir: string, tempPrefix: string, writerTag: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((name) => name.startsWith(tempPrefix));
  await Promise.all(
    names.map(async (name) => {
      const match = TEMP_SUFFIX.exec(name.slice(tempPrefix.length));
      if (!match) return;
      const [, tag, host, pid] = match;
      if (tag === writerTag || (await writerIsGone(path.join(dir, name), host, pid))) await fs.rm(path.join(dir, name), { force: true });
    }),
  );
}

async function writerIsGone(file: string, host: string | undefined, pid: string | undefined): Promise<boolean> {
  if (host === HOST_TAG && pid !== undefined && !processExists(Number(pid))) return true;
  // Another machine's, or a live process id (possibly reused by a restarted worker): gone once old.
  const stat = await fs.stat(file).catch(() => undefined);
  return stat !== undefined && Date.now() - stat.mtimeMs > STALE_TEMP_FILE_MS;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, as another user's process.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that readers see the old file or the complete new one, never a part:
 * `write` fills a temp file beside the target, which is then renamed over it.
 *
 * `writerId` names the writer (one step of one run, the same across its retries): the temp
 * file's name derives from it, so a retry after a crash overwrites and then renames the
 * temp file the crashed attempt left, and no stray `.tmp-*` file survives. Concurrent
 * writers of the same target (two runs) use different temp files; the last rename wins.
 */
export async function writeAtomically(
  target: string,
  write: (tempPath: string) => Promise<void>,
  writerId: string = randomUUID(),
): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const tag = createHash('sha256').update(writerId).digest('hex').slice(0, 16);
  const temp = path.join(dir, `.${path.basename(target)}.tmp-${tag}`);
  try {
    await write(temp);
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertPublishAllowed } from './publish-fence';

/**
 * Writes a file so that readers see the old file or the complete new one, never a part:
 * `write` fills a temp file beside the target, which is then renamed over it.
 *
 * `writerId` names the writer (one step of one run, the same across its retries). Each
 * attempt writes its own temp file `.<file>.tmp-<writer tag>-<random>`, and first removes
 * the temp files earlier attempts of the same writer left (a killed worker's), so no stray
 * temp file survives a retry. An earlier attempt still running (a worker that hung past its
 * heartbeat timeout and resumed) then writes into an unlinked file and fails to rename it:
 * it can never write into the file a later attempt published. Concurrent writers of the same
 * target (two runs) have different tags and leave each other alone; the last rename wins.
 *
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
  const prefix = `.${path.basename(target)}.tmp-${createHash('sha256').update(writerId).digest('hex').slice(0, 16)}`;
  await removeEarlierAttempts(dir, prefix);
  const temp = path.join(dir, `${prefix}-${randomUUID().slice(0, 8)}`);
  try {
    await write(temp);
    assertPublishAllowed();
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

async function removeEarlierAttempts(dir: string, prefix: string): Promise<void> {
  const leftovers = (await fs.readdir(dir)).filter((name) => name === prefix || name.startsWith(`${prefix}-`));
  await Promise.all(leftovers.map((name) => fs.rm(path.join(dir, name), { force: true })));
}

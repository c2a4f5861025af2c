import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PublishFence } from '../storage/publish-fence';
import { SupersededAttemptError } from './step-errors';

/** The folder under a storage root where each running step's current attempt is claimed. */
export const ATTEMPTS_FOLDER = '.attempts';

/**
 * An attempt's claim on a step: the file `<storage root>/.attempts/<writer hash>` holds the
 * token of the attempt that started last. Every attempt claims before it computes; an older
 * attempt still running (a worker that hung past its timeout and resumed) then finds another
 * token there, and its fence refuses to publish.
 */
export interface AttemptClaim {
  readonly file: string;
  readonly token: string;
  readonly stepKey: string;
  readonly attempt: number;
}

/**
 * Claims the step for this attempt (writerId: the step in its run, the same across attempts),
 * replacing any earlier attempt's claim. Written with a rename, so a reader sees one token or the other.
 * The folder exists only while some step holds a claim.
 */
export async function claimAttempt(storageRoot: string, writerId: string, stepKey: string, attempt: number): Promise<AttemptClaim> {
  const dir = path.join(storageRoot, ATTEMPTS_FOLDER);
  const file = path.join(dir, createHash('sha256').update(writerId).digest('hex').slice(0, 32));
  const token = `${attempt}:${randomUUID()}`;
  const temp = `${file}.${token.replace(':', '-')}.tmp`;
  for (let tries = 1; ; tries++) {
    try {
      await fs.promises.mkdir(dir, { recursive: true });
      await fs.promises.writeFile(temp, token);
      await fs.promises.rename(temp, file);
      return { file, token, stepKey, attempt };
    } catch (err) {
      // Another step's release removed the (then empty) folder while this one made it or wrote
      // into it (many steps at once: a backfill): again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || tries >= 10) throw err;
    }
  }
}

/** Removes the claim once its attempt ended, unless a newer attempt holds it (then it is that one's to remove). */
export async function releaseAttempt(claim: AttemptClaim): Promise<void> {
  if (currentToken(claim.file) !== claim.token) return;
  await fs.promises.rm(claim.file, { force: true });
  // The folder goes too once no step holds a claim (it fails, harmlessly, while one does).
  await fs.promises.rmdir(path.dirname(claim.file)).catch(() => {});
}

/**
 * The fence of one attempt: it may publish while it was not stopped (cancelled or timed out:
 * `stopped()` says why) and its claim is still the current one. Checked synchronously right
 * before the rename and before the catalog record.
 */
export function attemptFence(claim: AttemptClaim | undefined, stepKey: string, attempt: number, stopped: () => string | undefined): PublishFence {
  return {
    assertCurrent() {
      const why = stopped();
      if (why) throw new SupersededAttemptError(stepKey, attempt, why);
      if (claim && currentToken(claim.file) !== claim.token) throw new SupersededAttemptError(stepKey, attempt, 'a newer attempt of this step started');
    },
  };
}

function currentToken(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

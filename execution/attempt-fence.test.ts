/**
 * The attempt fence on real files: a newer attempt's claim, or a stop, keeps an older attempt
 * from renaming its output into place; a released claim fences off every older attempt too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeAtomically } from '../storage/atomic-file';
import { withPublishFence } from '../storage/publish-fence';
import { attemptFence, claimAttempt, releaseAttempt } from './attempt-fence';
import { SupersededAttemptError } from './step-errors';

const root = () => fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-fence-'));

test('a superseded attempt cannot rename its output over the current one, and leaves no temp file', async () => {
  const dir = root();
  const target = path.join(dir, 'a.json');
  fs.writeFileSync(target, 'previous');
  const first = await claimAttempt(dir, 'run/materialize/a', 'a', 1);
  const second = await claimAttempt(dir, 'run/materialize/a', 'a', 2);
  const stale = attemptFence(first, 'a', 1, () => undefined);
  const write = withPublishFence(stale, () => writeAtomically(target, (temp) => fs.promises.writeFile(temp, 'stale'), 'run/materialize/a'));
  await expect(write).rejects.toThrow(SupersededAttemptError);
  await expect(write).rejects.toThrow("attempt 1 of 'a' may not publish its output (a newer attempt of this step started)");
  expect(fs.readFileSync(target, 'utf8')).toBe('previous');
  expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);

  const current = attemptFence(second, 'a', 2, () => undefined);
  await withPublishFence(current, () => writeAtomically(target, (temp) => fs.promises.writeFile(temp, 'current'), 'run/materialize/a'));
  expect(fs.readFileSync(target, 'utf8')).toBe('current');

  // Once the current attempt released its claim, the stale one still may not publish; its release leaves nothing to remove.
  await releaseAttempt(second);
  expect(() => stale.assertCurrent()).toThrow(SupersededAttemptError);
  await releaseAttempt(first);
  expect(fs.existsSync(path.join(dir, '.attempts'))).toBe(false);
});

test('a stopped attempt (cancelled, timed out) may not publish, even with its claim current', async () => {
  const dir = root();
  const claim = await claimAttempt(dir, 'run/materialize/b', 'b', 1);
  const state: { stopped?: string } = {};
  const fence = attemptFence(claim, 'b', 1, () => state.stopped);
  expect(() => fence.assertCurrent()).not.toThrow();
  state.stopped = 'cancelled';
  expect(() => fence.assertCurrent()).toThrow("attempt 1 of 'b' may not publish its output (cancelled)");
});

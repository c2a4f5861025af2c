import { randomBytes } from 'node:crypto';

/**
 * The unique end of a manual run's id (`runWorkflowId` in contract/ids.ts) and of a default
 * backfill id: time-sortable and random, `20261124T133512Z-9f3a1c`. Here rather than in the
 * contract room, which is pure and has no randomness.
 */
export function newRunSuffix(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

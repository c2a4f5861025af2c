import { randomBytes } from 'node:crypto';

/** `assetflow/run/<run name>/<sortable id>`: a run found at a glance in Temporal Web. */
export function runWorkflowId(runName: string, id = newRunSuffix()): string {
  return `assetflow/run/${runName.replace(/\s+/g, '')}/${id}`;
}

/** Time-sortable and unique: `20261124T133512Z-9f3a1c`. */
export function newRunSuffix(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

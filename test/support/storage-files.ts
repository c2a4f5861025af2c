import fs from 'node:fs';
import path from 'node:path';
import { decodeTimeoutType } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';

/** Every file under `dir`, relative to it (sorted). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Temp files a write left behind (writeAtomically names them `.<file>.tmp-<writer tag>-<host tag>-<pid>-<random>`). */
export function tempFilesUnder(dir: string): string[] {
  return filesUnder(dir).filter((f) => path.basename(f).includes('.tmp-'));
}

/**
 * Every string in a workflow's full history, payload bytes decoded as UTF-8 (the JSON form
 * of a history shows payloads base64-encoded, where a leaked secret would hide).
 */
export async function historyText(handle: WorkflowHandle): Promise<string> {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('utf8'));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(await handle.fetchHistory());
  return parts.join('\n');
}

/** Why each retried attempt of an activity started: the timeout (if any) that ended the attempt before it. */
export async function retriedAttemptCauses(handle: WorkflowHandle): Promise<Array<{ attempt: number; timeoutType?: string; message?: string }>> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((e) => e.activityTaskStartedEventAttributes)
    .filter((a) => (a?.attempt ?? 1) > 1)
    .map((a) => ({
      attempt: a!.attempt!,
      timeoutType: decodeTimeoutType(a!.lastFailure?.timeoutFailureInfo?.timeoutType),
      message: a!.lastFailure?.message ?? undefined,
    }));
}

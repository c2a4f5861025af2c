import type { Client } from '@temporalio/client';
import type { Definitions } from '../../planning/definitions';
import { noWorkerWarning, taskQueuePollers } from '../task-queue';
import pc from './colors';

/** The line commands print at start: this project's task queue and where its name comes from. */
export function taskQueueLine(definitions: Definitions): string {
  const { taskQueue, origin } = definitions.codeLocation();
  return `Task queue ${pc.bold(taskQueue)} ${pc.dim(`(from ${origin})`)}`;
}

/**
 * Prints a warning on stderr when no worker polls `taskQueue`; resolves with whether one does
 * (undefined when the server would not say: the check is advice, never a reason to fail).
 */
export async function warnWithoutWorker(client: Client, taskQueue: string): Promise<boolean | undefined> {
  let pollers;
  try {
    pollers = await taskQueuePollers(client, taskQueue);
  } catch {
    return undefined; // e.g. an API key without the permission to describe task queues
  }
  if (pollers.length === 0) console.error(pc.yellow(`Warning: ${noWorkerWarning(taskQueue)}`));
  return pollers.length > 0;
}

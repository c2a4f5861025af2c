import type { Client } from '@temporalio/client';
import type { Definitions } from '../../planning/definitions';
import { noWorkerWarning, taskQueuePollers } from '../task-queue';
import pc from './colors';

/** The line commands print at start: this project's task queue and where its name comes from. */
export function taskQueueLine(definitions: Definitions): string {
  const { taskQueue, origin } = definitions.codeLocation();
  return `Task queue ${pc.bold(taskQueue)} ${pc.dim(`(from ${origin})`)}`;
}

/** Prints a warning on stderr when no worker polls `taskQueue`; resolves with whether one does. */
export async function warnWithoutWorker(client: Client, taskQueue: string): Promise<boolean> {
  const pollers = await taskQueuePollers(client, taskQueue);
  if (pollers.length === 0) console.error(pc.yellow(`Warning: ${noWorkerWarning(taskQueue)}`));
  return pollers.length > 0;
}

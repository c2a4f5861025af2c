import type { Client } from '@temporalio/client';

/** A worker that polled a task queue recently, as Temporal saw it. */
export interface TaskQueuePoller {
  /** The worker's identity (`<pid>@<host>` by default). */
  identity: string;
  lastAccessTime?: Date;
}

/** temporal.api.enums.v1 values (the proto package is not a direct dependency). */
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/**
 * The workers polling `taskQueue` for workflow tasks (Temporal's `DescribeTaskQueue`): empty
 * when no worker for that code location is running, so whatever is started there waits.
 * Temporal forgets a poller a few minutes after it stops, so a worker stopped just now may
 * still be listed.
 *
 * @example
 * ```ts
 * if ((await taskQueuePollers(client, definitions.taskQueue)).length === 0) console.warn('no worker is running');
 * ```
 */
export async function taskQueuePollers(client: Client, taskQueue: string): Promise<TaskQueuePoller[]> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
    taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (response.pollers ?? []).map((p) => ({
    identity: p.identity ?? '',
    ...(p.lastAccessTime?.seconds != null ? { lastAccessTime: new Date(Number(p.lastAccessTime.seconds) * 1000) } : {}),
  }));
}

/** The warning a command prints when nothing polls the task queue it just started work on. */
export function noWorkerWarning(taskQueue: string): string {
  return `No worker polls task queue '${taskQueue}': nothing runs until one does. Start one for these Definitions (\`assetflow worker\` or \`assetflow dev\`).`;
}

/**
 * Where a run's time goes, read from its Temporal history: time spent waiting for and running
 * workflow tasks (the DAG walk on the worker), and waiting for and running activities
 * (the materializations), summed over the run.
 */
import type { WorkflowHandle } from '@temporalio/client';

/** temporal.api.enums.v1.EventType numbers (fixed by Temporal's API). */
const E = {
  EVENT_TYPE_WORKFLOW_TASK_STARTED: 6,
  EVENT_TYPE_WORKFLOW_TASK_COMPLETED: 7,
  EVENT_TYPE_ACTIVITY_TASK_STARTED: 11,
  EVENT_TYPE_ACTIVITY_TASK_COMPLETED: 12,
} as const;

export interface HistoryBreakdown {
  /** Workflow task scheduled → started (server and worker poll latency). */
  workflowTaskWaitMs: number;
  /** Workflow task started → completed (the workflow code and the SDK on the worker). */
  workflowTaskRunMs: number;
  /** Activity scheduled → started. */
  activityWaitMs: number;
  /** Activity started → completed (the activity on the worker, including SDK overhead). */
  activityRunMs: number;
  workflowTasks: number;
  activities: number;
}

export async function historyBreakdown(handle: WorkflowHandle): Promise<HistoryBreakdown> {
  const history = await handle.fetchHistory();
  const out: HistoryBreakdown = { workflowTaskWaitMs: 0, workflowTaskRunMs: 0, activityWaitMs: 0, activityRunMs: 0, workflowTasks: 0, activities: 0 };
  const at = new Map<number, number>();
  for (const event of history.events ?? []) {
    const id = Number(event.eventId);
    const time = Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
    at.set(id, time);
    const since = (other: unknown) => time - (at.get(Number(other)) ?? time);
    switch (Number(event.eventType)) {
      case E.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        out.workflowTaskWaitMs += since(event.workflowTaskStartedEventAttributes?.scheduledEventId);
        out.workflowTasks++;
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        out.workflowTaskRunMs += since(event.workflowTaskCompletedEventAttributes?.startedEventId);
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        out.activityWaitMs += since(event.activityTaskStartedEventAttributes?.scheduledEventId);
        out.activities++;
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        out.activityRunMs += since(event.activityTaskCompletedEventAttributes?.startedEventId);
        break;
    }
  }
  return out;
}

/** `per step: wf task wait 12 + run 20, activity wait 9 + run 15 ms`. */
export function describeBreakdown(b: HistoryBreakdown, steps: number): string {
  const per = (ms: number) => (ms / steps).toFixed(1);
  return `per step: workflow task wait ${per(b.workflowTaskWaitMs)} + run ${per(b.workflowTaskRunMs)} ms, activity wait ${per(b.activityWaitMs)} + run ${per(b.activityRunMs)} ms`;
}

import type { WorkflowExecutionInfo } from '@temporalio/client';
import { BACKFILL_WORKFLOW_TYPE } from '../../contract/backfill';
import { workflowKind } from '../../contract/ids';
import { RUN_WORKFLOW_TYPE } from '../../contract/run';
import { ASSETS, PARTITION, TRIGGER } from '../../contract/search-attributes';

/** One line of the runs page: a run or a backfill, as Temporal's visibility knows it. */
export interface RunSummary {
  workflowId: string;
  runId: string;
  kind: 'run' | 'backfill';
  /** Temporal's status in words: running, completed, failed, cancelled, terminated, timed out, continued as new. */
  status: string;
  /** manual, schedule, sensor, backfill (or test): the AssetflowTrigger search attribute, else read from the id. */
  trigger: string;
  assets: string[];
  partition?: string;
  startTime: Date;
  closeTime?: Date;
}

/**
 * The visibility query of the runs page: assetflow runs and backfills on the Definitions' task
 * queue (their code location), so that another project's runs on the same server stay out.
 */
export function runsVisibilityQuery(taskQueue: string): string {
  return `(WorkflowType = ${quoted(RUN_WORKFLOW_TYPE)} OR WorkflowType = ${quoted(BACKFILL_WORKFLOW_TYPE)}) AND TaskQueue = ${quoted(taskQueue)}`;
}

function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const TRIGGER_OF_KIND: Record<string, string> = { run: 'manual', 'sensor-run': 'sensor', 'backfill-run': 'backfill', 'scheduled-run': 'schedule', backfill: 'backfill' };

/** A visibility entry as a line of the runs page. */
export function runSummaryOf(info: Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'type' | 'status' | 'startTime' | 'closeTime' | 'typedSearchAttributes'>): RunSummary {
  const attributes = info.typedSearchAttributes;
  const partition = attributes.get(PARTITION);
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    kind: info.type === BACKFILL_WORKFLOW_TYPE ? 'backfill' : 'run',
    status: info.status.name.toLowerCase().replace(/_/g, ' '),
    trigger: attributes.get(TRIGGER) ?? TRIGGER_OF_KIND[workflowKind(info.workflowId) ?? ''] ?? '',
    assets: attributes.get(ASSETS) ?? [],
    ...(partition !== undefined ? { partition } : {}),
    startTime: info.startTime,
    ...(info.closeTime ? { closeTime: info.closeTime } : {}),
  };
}

/** A duration for people: `0.42 s`, `12.3 s`, `4 min 05 s`, `2 h 03 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`;
}

import fs from 'node:fs';
import path from 'node:path';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { historyFromJSON } from '../temporal/history-json';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { quietRuntime } from '../worker';
import { workflowBundlePath } from '../temporal/workflow-bundle';

export interface ReplayOutcome {
  /** The history file. */
  file: string;
  workflowId: string;
  runId: string;
  /** Set when replay failed: a DeterminismViolationError when the code no longer matches the history. */
  error?: Error;
}

/** Every `*.json` history under `dir` (sorted), with the file name (minus .json) as workflow id. */
export function readHistories(dir: string): Array<HistoryAndWorkflowId & { file: string }> {
  if (!fs.existsSync(dir)) throw new Error(`There is no history directory ${dir}: export histories first (assetflow histories export --out ${dir}).`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      return { file, workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(fs.readFileSync(file, 'utf8'))) };
    });
}

/**
 * Replays recorded histories against workflow code (by default assetflow's own workflows,
 * bundled as workers run them) and reports each one's outcome. Nothing talks to a server.
 */
export async function replayHistories(
  histories: ReadonlyArray<HistoryAndWorkflowId & { file?: string }>,
  options: Partial<Pick<ReplayWorkerOptions, 'workflowBundle' | 'workflowsPath'>> = {},
): Promise<ReplayOutcome[]> {
  quietRuntime();
  const code = options.workflowBundle || options.workflowsPath ? options : { workflowBundle: { codePath: await workflowBundlePath() } };
  const fileOf = new Map(histories.map((h) => [h.workflowId, h.file ?? h.workflowId]));
  const outcomes: ReplayOutcome[] = [];
  for await (const result of Worker.runReplayHistories({ ...code, replayName: 'assetflow-replay' }, histories)) {
    outcomes.push({ file: fileOf.get(result.workflowId) ?? result.workflowId, workflowId: result.workflowId, runId: result.runId, ...(result.error ? { error: result.error } : {}) });
  }
  return outcomes;
}

import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON, type History } from '../temporal/history-json';

export interface HistorySource {
  /** A visibility query, e.g. `WorkflowType = "assetflowRun" AND ExecutionStatus != "Running"`. */
  query?: string;
  /** Workflow ids; each one's runs are all exported (every run of a continue-as-new chain). */
  workflowIds?: readonly string[];
  /** Stop after this many executions. Default 1,000. */
  limit?: number;
}

export interface ExportedHistory {
  workflowId: string;
  runId: string;
  workflowType: string;
  status: string;
  startTime: Date;
  history: History;
}

/** Histories of closed executions matching a query or ids, newest first. Running ones are skipped. */
export async function fetchHistories(client: Client, source: HistorySource): Promise<ExportedHistory[]> {
  const clauses: string[] = [];
  if (source.query) clauses.push(`(${source.query})`);
  if (source.workflowIds?.length) clauses.push(`(${source.workflowIds.map((id) => `WorkflowId = ${quote(id)}`).join(' OR ')})`);
  if (clauses.length === 0) throw new TypeError('Say which runs to export: a visibility query (--query) or workflow ids (--workflow-id).');
  clauses.push('ExecutionStatus != "Running"');
  const limit = source.limit ?? 1000;
  const found: ExportedHistory[] = [];
  for await (const execution of client.workflow.list({ query: clauses.join(' AND ') })) {
    if (found.length >= limit) break;
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
    found.push({ workflowId: execution.workflowId, runId: execution.runId, workflowType: execution.type, status: execution.status.name, startTime: execution.startTime, history: await handle.fetchHistory() });
  }
  return found;
}

/**
 * Writes each history as `<dir>/<name>.json` in the JSON form `temporal workflow show --output
 * json` prints (so histories exported either way replay alike). The default name is the
 * workflow id and run id, made file-safe.
 */
export function writeHistories(dir: string, histories: readonly ExportedHistory[], nameOf: (h: ExportedHistory) => string = defaultHistoryName): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return histories.map((h) => {
    const file = path.join(dir, `${nameOf(h)}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${historyToJSON(h.history)}\n`);
    fs.renameSync(temp, file);
    return file;
  });
}

export function defaultHistoryName(h: Pick<ExportedHistory, 'workflowId' | 'runId'>): string {
  return `${fileSafe(h.workflowId)}--${h.runId.slice(0, 8)}`;
}

/** Fetches and writes histories: the `assetflow histories export` command. */
export async function exportHistories(client: Client, source: HistorySource & { outDir: string }): Promise<string[]> {
  return writeHistories(source.outDir, await fetchHistories(client, source));
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

import { checkStopsDownstream, type CheckOutcome, type PlanStep, type RunResult, type StepResult, type StepStatus } from '../contract/run';

/** Pure helpers over a run's step table (no I/O, safe in the workflow sandbox). */

const BLOCKING: ReadonlySet<StepStatus> = new Set(['failed', 'skipped', 'cancelled']);

/** Pending steps whose upstream failed, was skipped or cancelled: mark them skipped, naming why. */
export function skipBlockedSteps(steps: readonly PlanStep[], table: Map<string, StepResult>): void {
  for (const step of steps) {
    const row = table.get(step.key)!;
    if (row.status !== 'pending') continue;
    const blocked = step.upstream.filter((k) => BLOCKING.has(table.get(k)!.status));
    if (blocked.length) {
      row.status = 'skipped';
      row.error = `upstream ${blocked.map((k) => `'${k}' ${table.get(k)!.status}`).join(', ')}`;
    }
  }
}

/** Pending steps whose upstream all succeeded, in plan order. */
export function readySteps(steps: readonly PlanStep[], table: Map<string, StepResult>): PlanStep[] {
  return steps.filter((s) => table.get(s.key)!.status === 'pending' && s.upstream.every((k) => table.get(k)!.status === 'succeeded'));
}

/**
 * The step table row of a check step that ran: failed when the check failed with severity
 * `error` and is blocking (its asset's downstream steps wait for it, so they are skipped);
 * otherwise succeeded, a failure named in the row's error.
 */
export function checkRow(stepKey: string, check: CheckOutcome): Pick<StepResult, 'status' | 'check' | 'error'> {
  return {
    status: checkStopsDownstream(check) ? 'failed' : 'succeeded',
    check,
    ...(check.passed ? {} : { error: `check ${stepKey} failed (severity ${check.severity}${check.blocking ? ', blocking' : ''})` }),
  };
}

/** One line for Temporal Web and for failures: "3 succeeded, 1 failed (raw_sales), 2 skipped". */
export function summarize(result: Pick<RunResult, 'steps'>): string {
  const by = new Map<StepStatus, string[]>();
  for (const s of result.steps) by.set(s.status, [...(by.get(s.status) ?? []), s.key]);
  const parts: string[] = [];
  for (const status of ['succeeded', 'failed', 'skipped', 'cancelled', 'running', 'pending'] as StepStatus[]) {
    const keys = by.get(status);
    if (!keys) continue;
    parts.push(status === 'succeeded' ? `${keys.length} succeeded` : `${keys.length} ${status} (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''})`);
  }
  return parts.join(', ');
}

/** The longest error a table cell shows (longer ones end with `…`; the whole error is in the run's result). */
export const CELL_ERROR_LIMIT = 160;

/**
 * The step table as Markdown (GFM), for the workflow's current details in Temporal Web: a
 * heading with the run and its status, a one-line summary, and one row per step. Every text
 * from outside (run names, keys, errors, locations) is escaped, so `raw_sales` stays
 * `raw_sales` (not italics) and a `|` in an error stays in its cell; a multi-line error (a
 * polars plan dump) becomes one line, cut at {@link CELL_ERROR_LIMIT} characters.
 *
 * @example
 * ```ts
 * markdownTable({ runName: 'sales', status: 'failure', steps: [{ key: 'raw_sales', status: 'failed', attempts: 4, error: 'API | down' }] });
 * // ### Run sales: failure
 * //
 * // 1 failed (raw\_sales)
 * //
 * // | step | status | attempts | rows | duration | output or error |
 * // |:---|:---|---:|---:|---:|:---|
 * // | raw\_sales | failed | 4 |  |  | API \| down |
 * ```
 */
export function markdownTable(result: Pick<RunResult, 'steps' | 'status' | 'runName'> & { partitionKey?: string }): string {
  const title = `### Run ${escapeMarkdown(result.runName)}${result.partitionKey !== undefined ? ` [${escapeMarkdown(result.partitionKey)}]` : ''}: ${result.status}`;
  const lines = [title, '', escapeMarkdown(summarize(result)) || 'no steps', '', '| step | status | attempts | rows | duration | output or error |', '|:---|:---|---:|---:|---:|:---|'];
  for (const s of result.steps) {
    const output = s.check?.passed ? 'check passed' : (s.location ?? '');
    const detail = s.error !== undefined ? shorten(oneLine(s.error), CELL_ERROR_LIMIT) : `${s.reusedFrom ? `reused from ${s.reusedFrom.workflowId}: ` : ''}${output}`;
    const cells = [s.key, s.status, s.attempts ?? '', s.rows ?? '', s.durationMs !== undefined ? `${(s.durationMs / 1000).toFixed(2)} s` : '', detail];
    lines.push(`| ${cells.map((c) => escapeMarkdown(String(c))).join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * Text as literal Markdown inline content: a backslash before every character that could
 * start emphasis, code, a link (GFM autolinks `http://` and `a@b.c` included), HTML, an
 * entity, strikethrough or end a table cell, and line breaks turned into spaces (a cell is one line).
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>|~&#!:@]/g, (c) => `\\${c}`);
}

/** Lines joined with single spaces (tabs and runs of blanks collapsed too). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

import type { PlanStep, RunResult, StepResult, StepStatus } from '../contract/run';

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

/** A markdown table of the steps, for the workflow's current details in Temporal Web. */
export function markdownTable(result: Pick<RunResult, 'steps' | 'status' | 'runName'>): string {
  const lines = [`**${result.runName}**: ${result.status}`, '', '| step | status | rows | ms | output |', '|---|---|---|---|---|'];
  for (const s of result.steps) {
    lines.push(`| ${s.key} | ${s.status}${s.error ? `: ${s.error.slice(0, 80)}` : ''} | ${s.rows ?? ''} | ${s.durationMs ?? ''} | ${s.location ?? ''} |`);
  }
  return lines.join('\n');
}

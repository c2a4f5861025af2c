import Table from 'cli-table3';
import pc, { tableStyle } from './colors';
import type { RunResult, StepResult, StepStatus } from '../../contract/run';

const MARK: Record<StepStatus, string> = {
  pending: pc.dim('·'),
  running: pc.cyan('▶'),
  succeeded: pc.green('✓'),
  failed: pc.red('✗'),
  skipped: pc.yellow('↷'),
  cancelled: pc.yellow('■'),
};

/** One progress line for a step that changed status. */
export function stepLine(step: StepResult): string {
  const details = [
    step.rows !== undefined ? `${step.rows} rows` : '',
    step.durationMs !== undefined ? `${(step.durationMs / 1000).toFixed(2)} s` : '',
    step.attempts && step.attempts > 1 ? `attempt ${step.attempts}` : '',
    step.error ? step.error : '',
    step.reusedFrom ? `reused from ${step.reusedFrom.workflowId}` : '',
  ].filter(Boolean);
  return `  ${MARK[step.status]} ${step.key} ${pc.dim(step.status)}${details.length ? `  ${details.join('  ')}` : ''}`;
}

/** The run's step table: status, rows, duration and output location of every step. */
export function runTable(result: RunResult): string {
  const table = new Table({ head: ['step', 'status', 'rows', 'seconds', 'attempts', 'output'], style: tableStyle() });
  for (const s of result.steps) {
    table.push([
      s.key,
      `${MARK[s.status]} ${s.status}`,
      s.rows ?? '',
      s.durationMs !== undefined ? (s.durationMs / 1000).toFixed(2) : '',
      s.attempts ?? '',
      s.reusedFrom ? `reused from ${s.reusedFrom.workflowId}: ${s.location ?? ''}` : s.check ? (s.error ?? 'check passed') : (s.location ?? s.error ?? ''),
    ]);
  }
  const status = result.status === 'success' ? pc.green(result.status) : pc.red(result.status);
  const parent = result.parent ? `\nre-execution (${result.parent.mode}) of ${result.parent.workflowId}` : '';
  return `${table.toString()}\nrun ${result.runName}: ${status}${parent}`;
}

import pc from './colors';
import type { SensorState } from '../../contract/sensor';

/** A sensor's state as lines of text (`assetflow sensors status`). */
export function formatSensorState(state: SensorState): string {
  const last = state.lastEvaluation;
  const lines = [
    `${pc.bold(state.name)} (${state.type} sensor): ${state.status === 'paused' ? pc.yellow('paused') : pc.green('running')}${state.evaluating ? ', evaluating' : ''}`,
    `  cursor:           ${state.cursor ?? pc.dim('(none)')}`,
    `  interval:         ${state.minimumIntervalSeconds} s${state.nextEvaluationAt ? `, next evaluation ${state.nextEvaluationAt}` : state.type === 'asset' ? ', woken by materializations' : ''}`,
    `  evaluations:      ${state.evaluations}; runs started ${state.runsStarted}, deduped ${state.runsDeduped}`,
  ];
  if (last) {
    const outcome = last.status === 'failed' ? pc.red(`failed: ${last.error}`) : last.status === 'skipped' ? `skipped${last.skipReason ? ` (${last.skipReason})` : ''}` : `${last.started} started, ${last.deduped} deduped`;
    lines.push(`  last evaluation:  ${last.startedAt} ${outcome}`);
  }
  if (state.consecutiveFailures > 0) lines.push(pc.red(`  failing:          ${state.consecutiveFailures} evaluation(s) in a row; backing off`));
  if (state.pendingEvents > 0) lines.push(`  pending:          ${state.pendingEvents} materialization(s)`);
  if (state.recentRuns.length > 0) {
    lines.push('  recent runs:');
    for (const run of state.recentRuns.slice(-10)) {
      lines.push(`    ${run.requestedAt} ${run.workflowId}${run.deduped ? pc.dim(' (deduped: already started)') : ''}`);
    }
  }
  return lines.join('\n');
}

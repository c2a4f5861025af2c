import type { FC } from 'hono/jsx';
import type { RunResult } from '../../contract/run';
import { formatDuration } from '../routes/run-summary';

/**
 * A run's step table, as `assetflow materialize` prints it: status, rows, duration, attempts and
 * output location (or error) of every step (a check step: passed, or how it failed); a re-execution's reused steps name the run they come from. Each row carries `data-step` and each status
 * `data-status`, for stylesheets and tests.
 */
export const StepTable: FC<{ result: RunResult }> = ({ result }) => (
  <table class="steps">
    <thead>
      <tr><th>step</th><th>status</th><th>rows</th><th>duration</th><th>attempts</th><th>output</th></tr>
    </thead>
    <tbody>
      {result.steps.map((s) => (
        <tr data-step={s.key}>
          <td>{s.key}</td>
          <td class={`status status-${s.status}`} data-status={s.status}>{s.status}</td>
          <td>{s.rows ?? ''}</td>
          <td>{s.durationMs !== undefined ? formatDuration(s.durationMs) : ''}</td>
          <td>{s.attempts ?? ''}</td>
          <td class={s.error ? 'error' : 'location'}>{s.reusedFrom ? `reused from ${s.reusedFrom.workflowId}: ` : ''}{s.check ? (s.error ?? 'check passed') : (s.location ?? s.error ?? '')}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

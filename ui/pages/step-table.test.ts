import type { RunResult } from '../../contract/run';
import { StepTable } from './step-table';

test("a re-execution's reused step names the run it comes from; a step it ran does not", async () => {
  const result: RunResult = {
    runId: 'r2',
    workflowId: 'assetflow/run/etl/reexecution-2',
    runName: 'etl',
    status: 'success',
    startedAt: '2026-12-01T10:00:00Z',
    steps: [
      { key: 'clean', status: 'succeeded', location: '/s/clean.json', reusedFrom: { workflowId: 'assetflow/run/etl/1', runId: 'r1' } },
      { key: 'summary', status: 'succeeded', location: '/s/summary.json' },
    ],
  };
  const html = String(await StepTable({ result }));
  expect(html).toContain('<td class="location">reused from assetflow/run/etl/1: /s/clean.json</td>');
  expect(html).toContain('<td class="location">/s/summary.json</td>');
});

test('a check step says it passed, or how it failed', async () => {
  const result: RunResult = {
    runId: 'r1',
    workflowId: 'assetflow/run/sales/1',
    runName: 'sales',
    status: 'failure',
    startedAt: '2026-12-01T10:00:00Z',
    steps: [
      { key: 'cleaned_sales:row_count', status: 'succeeded', check: { passed: true, severity: 'error', blocking: true } },
      { key: 'cleaned_sales:fresh', status: 'failed', check: { passed: false, severity: 'error', blocking: true }, error: 'check cleaned_sales:fresh failed (severity error, blocking)' },
    ],
  };
  const html = String(await StepTable({ result }));
  expect(html).toContain('<td class="location">check passed</td>');
  expect(html).toContain('<td class="error">check cleaned_sales:fresh failed (severity error, blocking)</td>');
});

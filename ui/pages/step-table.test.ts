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

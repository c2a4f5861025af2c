import { TypedSearchAttributes } from '@temporalio/common';
import { WorkflowExecutionStatusName } from '@temporalio/client';
import { ASSETS, PARTITION, TRIGGER } from '../../contract/search-attributes';
import { formatDuration, runSummaryOf, runsVisibilityQuery } from './run-summary';

const started = new Date('2026-11-24T10:15:00Z');

function info(overrides: { workflowId: string; type?: string; status?: WorkflowExecutionStatusName; attributes?: TypedSearchAttributes }) {
  return {
    workflowId: overrides.workflowId,
    runId: 'r1',
    type: overrides.type ?? 'assetflowRun',
    status: { code: 1, name: overrides.status ?? 'RUNNING' } as never,
    startTime: started,
    closeTime: undefined,
    typedSearchAttributes: overrides.attributes ?? new TypedSearchAttributes(),
  };
}

test('a run reads trigger, assets and partition from its search attributes', () => {
  const attributes = new TypedSearchAttributes([
    { key: TRIGGER, value: 'manual' },
    { key: ASSETS, value: ['daily_sales', 'daily_cleaned_sales'] },
    { key: PARTITION, value: '2026-11-02' },
  ]);
  expect(runSummaryOf(info({ workflowId: 'assetflow/run/daily_sales+/x', status: 'CONTINUED_AS_NEW', attributes }))).toEqual({
    workflowId: 'assetflow/run/daily_sales+/x',
    runId: 'r1',
    kind: 'run',
    status: 'continued as new',
    trigger: 'manual',
    assets: ['daily_sales', 'daily_cleaned_sales'],
    partition: '2026-11-02',
    startTime: started,
  });
});

test('without search attributes the trigger comes from the id; backfills are backfills', () => {
  expect(runSummaryOf(info({ workflowId: 'assetflow/sensor-run/files/a.csv' })).trigger).toBe('sensor');
  expect(runSummaryOf(info({ workflowId: 'assetflow/scheduled-run/daily-2026-11-24T00:00:00Z' })).trigger).toBe('schedule');
  expect(runSummaryOf(info({ workflowId: 'not-ours' })).trigger).toBe('');
  const backfill = runSummaryOf(info({ workflowId: 'assetflow/backfill/b1', type: 'assetflowBackfill', status: 'COMPLETED' }));
  expect(backfill).toMatchObject({ kind: 'backfill', trigger: 'backfill', status: 'completed', assets: [] });
});

test('the runs query keeps to the code location and escapes quotes', () => {
  expect(runsVisibilityQuery('assetflow-sales')).toBe('(WorkflowType = "assetflowRun" OR WorkflowType = "assetflowBackfill") AND TaskQueue = "assetflow-sales"');
  expect(runsVisibilityQuery('a"b')).toContain('TaskQueue = "a\\"b"');
});

test('durations read as people say them', () => {
  expect(formatDuration(420)).toBe('0.42 s');
  expect(formatDuration(12_340)).toBe('12.3 s');
  expect(formatDuration(245_000)).toBe('4 min 05 s');
  expect(formatDuration(7_380_000)).toBe('2 h 03 min');
  expect(formatDuration(-1)).toBe('');
});

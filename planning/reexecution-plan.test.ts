import type { PlanStep, RunPlan, StepOutput } from '../contract/run';
import { ReexecutionError } from '../errors/reexecution-error';
import { reexecutionPlan, type PreviousRun } from './reexecution-plan';

const retry = { maxAttempts: 1, initialIntervalMs: 1000, backoffCoefficient: 2, maximumIntervalMs: 60_000 };
const step = (key: string, from: string[] = [], kind: PlanStep['kind'] = 'op'): PlanStep => ({
  key,
  kind,
  upstream: from,
  inputs: from.map((f) => ({ name: f, from: f, ioManagerKey: 'io_manager', fromAsset: kind === 'asset' })),
  ioManagerKey: 'io_manager',
  config: { n: key.length },
  retry,
  heartbeatTimeoutMs: 60_000,
  startToCloseTimeoutMs: 3_600_000,
});
const plan: RunPlan = {
  planVersion: 1,
  runName: 'etl',
  job: 'etl',
  steps: [step('a'), step('b', ['a']), step('c', ['b', 'a']), step('d', ['c'])],
  maxParallel: 2,
  partitionKey: '2026-11-05',
  trigger: 'schedule',
  tags: { team: 'data' },
};
const output = (location: string, inline?: unknown): StepOutput => ({ location, ioManagerKey: 'io_manager', durationMs: 5, attempt: 1, metadata: {}, ...(inline !== undefined ? { inline: { value: inline } } : {}) });
const failed: PreviousRun = { workflowId: 'assetflow/run/etl/1', runId: 'r1', plan, outputs: { a: output('inline', { count: 3 }), b: output('/s/runs/r1/b.json') } };
const everything = () => true;

test('from failure: the failed step and its downstream, inputs from reused steps read from the old run', () => {
  const next = reexecutionPlan(failed, 'from-failure', everything);
  expect(next.steps.map((s) => s.key)).toEqual(['c', 'd']);
  expect(next.steps[0].upstream).toEqual([]);
  expect(next.steps[0].inputs.map((i) => i.fromRun)).toEqual([{ workflowId: 'assetflow/run/etl/1', runId: 'r1' }, { workflowId: 'assetflow/run/etl/1', runId: 'r1', inline: { value: { count: 3 } } }]);
  expect(next.steps[1]).toEqual(plan.steps[3]);
  expect(next).toMatchObject({ runName: 'etl', job: 'etl', partitionKey: '2026-11-05', tags: { team: 'data' }, maxParallel: 2, trigger: 'manual', parent: { workflowId: 'assetflow/run/etl/1', runId: 'r1', mode: 'from-failure' } });
  expect(next.reusedSteps).toEqual([
    { key: 'a', status: 'succeeded', durationMs: 5, location: 'inline', attempts: 1, reusedFrom: { workflowId: 'assetflow/run/etl/1', runId: 'r1' } },
    { key: 'b', status: 'succeeded', durationMs: 5, location: '/s/runs/r1/b.json', attempts: 1, reusedFrom: { workflowId: 'assetflow/run/etl/1', runId: 'r1' } },
  ]);
});

test('a re-execution of a re-execution keeps what it reused from further back', () => {
  const second = reexecutionPlan(failed, 'from-failure', everything);
  // In the second run c succeeded and d failed.
  const again = reexecutionPlan({ workflowId: 'assetflow/run/etl/reexecution-2', runId: 'r2', plan: second, outputs: { c: output('/s/runs/r2/c.json') } }, 'from-failure', everything);
  expect(again.steps.map((s) => s.key)).toEqual(['d']);
  expect(again.steps[0].inputs[0].fromRun).toEqual({ workflowId: 'assetflow/run/etl/reexecution-2', runId: 'r2' });
  expect(again.reusedSteps!.map((r) => [r.key, r.reusedFrom!.runId])).toEqual([['a', 'r1'], ['b', 'r1'], ['c', 'r2']]);
  // --all of the second run re-runs its two steps, still reading a and b from the first.
  const all = reexecutionPlan({ workflowId: 'assetflow/run/etl/reexecution-2', runId: 'r2', plan: second, outputs: {} }, 'all', everything);
  expect(all.steps.map((s) => s.key)).toEqual(['c', 'd']);
  expect(all.steps[0].inputs.map((i) => i.fromRun?.runId)).toEqual(['r1', 'r1']);
  expect(all.parent).toEqual({ workflowId: 'assetflow/run/etl/reexecution-2', runId: 'r2', mode: 'all' });
});

test('all: every step of the plan as it was', () => {
  const all = reexecutionPlan(failed, 'all', everything);
  expect(all.steps).toEqual(plan.steps);
  expect(all.reusedSteps).toBeUndefined();
});

test('refused: nothing failed; steps gone from the Definitions, named', () => {
  const succeeded = { ...failed, outputs: Object.fromEntries(plan.steps.map((s) => [s.key, output('x')])) };
  expect(() => reexecutionPlan(succeeded, 'from-failure', everything)).toThrow(new ReexecutionError("run 'assetflow/run/etl/1' has no failed or skipped step: nothing to re-execute from failure (re-run every step with --all)"));
  expect(reexecutionPlan(succeeded, 'all', everything).steps).toHaveLength(4);
  expect(() => reexecutionPlan(failed, 'all', (s) => s.key !== 'b' && s.key !== 'd')).toThrow("its plan has op 'b', op 'd', which these Definitions no longer have");
});

test('from failure: a blocking check that failed runs again with the skipped steps after it; a check that passed is reused', () => {
  const check = (key: string, blocking: boolean): PlanStep => ({ ...step(key, ['a'], 'check'), check: { assetKey: 'a', name: key.split(':')[1], blocking } });
  const checked: RunPlan = { ...plan, steps: [step('a', [], 'asset'), check('a:ok', true), check('a:rows', true), step('b', ['a', 'a:ok', 'a:rows'], 'asset')] };
  const outcome = (passed: boolean) => ({ ...output(''), check: { passed, severity: 'error' as const, blocking: true } });
  const previous: PreviousRun = { workflowId: 'assetflow/run/etl/1', runId: 'r1', plan: checked, outputs: { a: output('/s/a.json'), 'a:ok': outcome(true), 'a:rows': outcome(false) } };
  const next = reexecutionPlan(previous, 'from-failure', everything);
  expect(next.steps.map((s) => [s.key, s.upstream])).toEqual([
    ['a:rows', []],
    ['b', ['a:rows']],
  ]);
  expect(next.reusedSteps!.map((s) => s.key)).toEqual(['a', 'a:ok']);
});

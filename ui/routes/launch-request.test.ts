import { z } from 'zod';
import { asset } from '../../assets/asset';
import { dailyPartitions } from '../../assets/partitions';
import { Definitions } from '../../planning/definitions';
import { checkLaunch, parseRunConfigText, readLaunchForm, shortRunName, type LaunchForm } from './launch-request';

const days = dailyPartitions({ start: '2026-11-01' });
const source = asset({ key: 'source', config: z.object({ url: z.string().url(), retries: z.number().int().default(2) }), compute: () => 1 });
const report = asset({ key: 'report', ins: { source }, compute: ({ source }) => source });
const daily = asset({ key: 'daily', partitions: days, compute: () => 1 });
const definitions = new Definitions({ assets: [source, report, daily], taskQueue: 'launch-request-test' });
const now = new Date('2026-11-10T12:00:00Z');

function form(fields: Partial<LaunchForm>): LaunchForm {
  return { ...readLaunchForm({}), ...fields };
}

test('a form body reads as strings; unknown modes are a single run', () => {
  expect(readLaunchForm({ select: ' report+ ', mode: 'weird', runConfig: '{}', partition: 7 })).toEqual({
    select: 'report+', mode: 'run', partition: '', from: '', to: '', maxConcurrent: '', runConfig: '{}',
  });
  expect(readLaunchForm({ mode: 'backfill' }).mode).toBe('backfill');
});

test('run config text: empty is none, bad JSON says so', () => {
  expect(parseRunConfigText('  ')).toEqual({ value: undefined });
  expect(parseRunConfigText('{"ops": {}}')).toEqual({ value: { ops: {} } });
  expect(parseRunConfigText('{ops')).toMatchObject({ error: { field: 'runConfig', path: '(JSON)' } });
});

test('a valid run config plans the run with the validated config', () => {
  const checked = checkLaunch(definitions, form({ select: '+report', runConfig: '{"ops": {"source": {"config": {"url": "http://x.test"}}}}' }), now);
  expect(checked.kind).toBe('run');
  if (checked.kind !== 'run') return;
  expect(checked.plan.steps.map((s) => s.key)).toEqual(['source', 'report']);
  expect(checked.plan.steps[0].config).toEqual({ url: 'http://x.test', retries: 2 });
  expect(checked.plan.trigger).toBe('manual');
});

test('a config of the wrong type is refused with every problem at its path', () => {
  const checked = checkLaunch(definitions, form({ select: 'source', runConfig: '{"ops": {"source": {"config": {"url": 42, "retries": "two"}}}}' }), now);
  expect(checked.kind).toBe('invalid');
  if (checked.kind !== 'invalid') return;
  expect(checked.errors.map((e) => [e.field, e.path])).toEqual([
    ['runConfig', 'ops.source.config.url'],
    ['runConfig', 'ops.source.config.retries'],
  ]);
});

test('selection and partition problems land on their fields', () => {
  expect(checkLaunch(definitions, form({ select: 'reprot' }), now)).toMatchObject({ kind: 'invalid', errors: [{ field: 'select', message: expect.stringMatching(/Did you mean 'report'/) }] });
  expect(checkLaunch(definitions, form({ select: '' }), now)).toMatchObject({ kind: 'invalid', errors: [{ field: 'select' }] });
  expect(checkLaunch(definitions, form({ select: 'daily' }), now)).toMatchObject({ kind: 'invalid', errors: [{ field: 'partition' }] });
  expect(checkLaunch(definitions, form({ select: 'daily', partition: '2027-01-01' }), now)).toMatchObject({ kind: 'invalid', errors: [{ field: 'partition' }] });
  expect(checkLaunch(definitions, form({ select: 'daily', partition: '2026-11-03' }), now)).toMatchObject({ kind: 'run', plan: { partitionKey: '2026-11-03' } });
});

test('a backfill range is checked and prepared; a bad range or concurrency is refused', () => {
  const checked = checkLaunch(definitions, form({ select: 'daily', mode: 'backfill', from: '2026-11-02', to: '2026-11-04', maxConcurrent: '2' }), now);
  expect(checked).toMatchObject({ kind: 'backfill', backfill: { keys: ['2026-11-02', '2026-11-03', '2026-11-04'], input: { maxConcurrent: 2 } } });
  expect(checkLaunch(definitions, form({ select: 'daily', mode: 'backfill', from: '2026-10-01' }), now)).toMatchObject({ kind: 'invalid', errors: [{ field: 'range' }] });
  expect(checkLaunch(definitions, form({ select: 'report', mode: 'backfill' }), now)).toMatchObject({ kind: 'invalid', errors: [{ field: 'range' }] });
  expect(checkLaunch(definitions, form({ select: 'daily', mode: 'backfill', maxConcurrent: '0' }), now)).toMatchObject({ kind: 'invalid', errors: [{ field: 'maxConcurrent' }] });
});

test('a long selection (many assets picked on the graph) names its run and backfill short', () => {
  expect(shortRunName('top_customers+')).toBeUndefined();
  const many = Array.from({ length: 30 }, (_, i) => `asset_number_${i}`).join(',');
  expect(shortRunName(many)).toBe('asset_number_0-and-29-more');
  const long = ['source', ...Array.from({ length: 20 }, () => 'report')].join(', ');
  expect(checkLaunch(definitions, form({ select: long, runConfig: '{"ops": {"source": {"config": {"url": "http://x.test"}}}}' }), now)).toMatchObject({ kind: 'run', plan: { runName: 'source-and-20-more' } });
  const days = Array.from({ length: 20 }, () => 'daily').join(',');
  const backfill = checkLaunch(definitions, form({ select: days, mode: 'backfill', from: '2026-11-02', to: '2026-11-02' }), now);
  expect(backfill.kind === 'backfill' && backfill.backfill.input.backfillId).toMatch(/^daily-and-19-more-2026\d{4}T\d{6}Z-[0-9a-f]{6}$/);
});

test('stale(): the keys resolved from the catalog are what the plan holds; the run is named by the selection as written', () => {
  const checked = checkLaunch(definitions, form({ select: 'stale()' }), now, ['report']);
  expect(checked.kind).toBe('run');
  if (checked.kind !== 'run') return;
  expect(checked.plan.steps.map((s) => s.key)).toEqual(['report']);
  expect(checked.plan.runName).toBe('stale()');
  // Not resolved beforehand: a clear error on the selection field, nothing planned.
  const unresolved = checkLaunch(definitions, form({ select: 'stale()' }), now);
  expect(unresolved).toMatchObject({ kind: 'invalid', errors: [{ field: 'select', message: expect.stringMatching(/stale\(\) reads the catalog/) }] });
  expect(checkLaunch(definitions, form({ select: 'fresh()' }), now)).toMatchObject({ kind: 'invalid', errors: [{ field: 'select', message: expect.stringMatching(/Functions: stale\(\)/) }] });
});

import { createHash } from 'node:crypto';
import { sha256Hex } from './short-hash';
import {
  ID_PREFIXES,
  MAX_ID_PART_LENGTH,
  MAX_WORKFLOW_ID_LENGTH,
  boundedIdPart,
  unboundedBackfillRunWorkflowId,
  backfillRunWorkflowId,
  backfillWorkflowId,
  legacyBackfillRunWorkflowId,
  legacySensorRunWorkflowId,
  runWorkflowId,
  reexecutionWorkflowId,
  isReexecutionWorkflowId,
  retryBackfillId,
  scheduleId,
  scheduleNameOf,
  scheduledRunWorkflowId,
  scheduledTimeFromWorkflowId,
  sensorNameOf,
  sensorRunWorkflowId,
  sensorWorkflowId,
  workflowKind,
  type IdKind,
} from './ids';

/** One id of each kind, built by its builder (a scheduled run's id as Temporal completes it). */
const built: Record<IdKind, string> = {
  run: runWorkflowId('daily sales', '20261124T133512Z-9f3a1c'),
  'sensor-run': sensorRunWorkflowId('new_files', 'sales.csv'),
  'backfill-run': backfillRunWorkflowId('daily_sales-20261124T133512Z-9f3a1c', '2026-11-01'),
  'scheduled-run': `${scheduledRunWorkflowId('daily')}-2026-11-24T00:00:00Z`,
  backfill: backfillWorkflowId('daily_sales-20261124T133512Z-9f3a1c'),
  sensor: sensorWorkflowId('new_files'),
  schedule: scheduleId('daily'),
};

test.each(Object.entries(built))('a %s id starts with its own prefix', (kind, id) => {
  expect(id.startsWith(ID_PREFIXES[kind as IdKind])).toBe(true);
  for (const [other, prefix] of Object.entries(ID_PREFIXES)) if (other !== kind) expect(id.startsWith(prefix)).toBe(false);
});

test('no prefix is a prefix of another, so no two kinds can share an id', () => {
  const prefixes = Object.entries(ID_PREFIXES);
  expect(new Set(prefixes.map(([, p]) => p)).size).toBe(prefixes.length);
  for (const [kind, prefix] of prefixes) {
    expect(prefix).toMatch(/^assetflow\/[a-z-]+\/$/);
    for (const [other, otherPrefix] of prefixes) if (other !== kind) expect(otherPrefix.startsWith(prefix)).toBe(false);
  }
});

test('the same names give different ids as a manual, sensor and backfill run', () => {
  const ids = [runWorkflowId('s', 'k'), sensorRunWorkflowId('s', 'k'), backfillRunWorkflowId('s', 'k')];
  expect(new Set(ids).size).toBe(3);
  // What they used to share: a sensor run and a backfill child took the manual-run shape.
  expect(legacySensorRunWorkflowId('s', 'k')).toBe(runWorkflowId('s', 'k'));
  expect(legacyBackfillRunWorkflowId('s', 'k')).toBe(runWorkflowId('s', 'k'));
});

test('ids read the way the builders document', () => {
  expect(built).toEqual({
    run: 'assetflow/run/dailysales/20261124T133512Z-9f3a1c',
    'sensor-run': 'assetflow/sensor-run/new_files/sales.csv',
    'backfill-run': 'assetflow/backfill-run/daily_sales-20261124T133512Z-9f3a1c/2026-11-01',
    'scheduled-run': 'assetflow/scheduled-run/daily-2026-11-24T00:00:00Z',
    backfill: 'assetflow/backfill/daily_sales-20261124T133512Z-9f3a1c',
    sensor: 'assetflow/sensor/new_files',
    schedule: 'assetflow/schedule/daily',
  });
});

test('workflowKind names the kind of every workflow id, and nothing for other ids', () => {
  for (const [kind, id] of Object.entries(built)) expect(workflowKind(id)).toBe(kind === 'schedule' ? undefined : kind);
  expect(workflowKind('test/manual/x')).toBeUndefined();
  expect(workflowKind('assetflow/sensorx/a')).toBeUndefined();
  // Ids of before the prefixes were split read as manual runs.
  expect(workflowKind(legacySensorRunWorkflowId('new_files', 'sales.csv'))).toBe('run');
});

test('sensor and schedule names come back out of their ids', () => {
  expect(sensorNameOf(sensorWorkflowId('new_files'))).toBe('new_files');
  expect(sensorNameOf(sensorRunWorkflowId('new_files', 'k'))).toBeUndefined();
  expect(sensorNameOf('other/sensor/new_files')).toBeUndefined();
  expect(scheduleNameOf(scheduleId('daily'))).toBe('daily');
  expect(scheduleNameOf('test/cron-agreement/1')).toBeUndefined();
});

describe('scheduledTimeFromWorkflowId', () => {
  test('reads the time Temporal appends to a scheduled run id', () => {
    expect(scheduledTimeFromWorkflowId(built['scheduled-run'])).toBe('2026-11-24T00:00:00.000Z');
    expect(scheduledTimeFromWorkflowId(`${scheduledRunWorkflowId('daily-report')}-2026-11-24T06:30:00.250Z`)).toBe('2026-11-24T06:30:00.250Z');
  });

  test('reads the older assetflow/run/<name>-<time> shape of committed histories', () => {
    expect(scheduledTimeFromWorkflowId('assetflow/run/recorded_daily-2026-11-05T00:00:00Z')).toBe('2026-11-05T00:00:00.000Z');
  });

  test('finds no time in ids that end without one', () => {
    expect(scheduledTimeFromWorkflowId(built.run)).toBeUndefined();
    expect(scheduledTimeFromWorkflowId(built['backfill-run'])).toBeUndefined();
    expect(scheduledTimeFromWorkflowId(scheduledRunWorkflowId('daily'))).toBeUndefined();
    expect(scheduledTimeFromWorkflowId('assetflow/scheduled-run/daily-2026-99-99T99:99:99Z')).toBeUndefined();
  });
});

describe('bounded ids', () => {
  const long = 'k'.repeat(1500);

  test('a part of at most 200 characters is kept as it is', () => {
    expect(boundedIdPart('2026-11-01')).toBe('2026-11-01');
    expect(boundedIdPart('x'.repeat(MAX_ID_PART_LENGTH))).toBe('x'.repeat(200));
  });

  test('a longer part keeps a readable head and ends in ~ and 16 hex digits of its SHA-256', () => {
    const part = boundedIdPart(long);
    expect(part).toHaveLength(MAX_ID_PART_LENGTH);
    expect(part).toBe(`${'k'.repeat(183)}~${createHash('sha256').update(long).digest('hex').slice(0, 16)}`);
    // Two long keys sharing their head still differ.
    expect(boundedIdPart(`${long}a`)).not.toBe(boundedIdPart(`${long}b`));
  });

  test('a 1,500-character partition key, a long backfill id and a 100,000-character run name give ids Temporal accepts, as do the longest sensor name and run key', () => {
    const ids = [backfillRunWorkflowId('b'.repeat(5000), long), backfillWorkflowId('b'.repeat(5000)), runWorkflowId('a,'.repeat(50_000), '20261124T133512Z-9f3a1c'), sensorRunWorkflowId('s'.repeat(200), 'r'.repeat(400))];
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(MAX_WORKFLOW_ID_LENGTH);
    expect(backfillRunWorkflowId('fill', long).startsWith(`assetflow/backfill-run/fill/${'k'.repeat(183)}~`)).toBe(true);
  });

  test('ids of short parts are the ids of before (replays of recorded histories build the same ids)', () => {
    expect(backfillRunWorkflowId('fill', '2026-11-01')).toBe(unboundedBackfillRunWorkflowId('fill', '2026-11-01'));
    expect(unboundedBackfillRunWorkflowId('fill', long)).toBe(`assetflow/backfill-run/fill/${long}`);
  });
});

describe('sha256Hex', () => {
  test.each(['', 'abc', 'assetflow/backfill-run/x', 'é🙂 日本', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'z'.repeat(100_000), '\ud800 lone'])(
    'equals node:crypto for %#',
    (text) => {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    },
  );
});

describe('re-execution and backfill retry ids', () => {
  test('a re-execution is a run whose last part says so', () => {
    const id = reexecutionWorkflowId('daily sales', '20261124T133512Z-9f3a1c');
    expect(id).toBe('assetflow/run/dailysales/reexecution-20261124T133512Z-9f3a1c');
    expect(workflowKind(id)).toBe('run');
    expect(isReexecutionWorkflowId(id)).toBe(true);
    expect(isReexecutionWorkflowId(runWorkflowId('daily sales', '20261124T133512Z-9f3a1c'))).toBe(false);
    expect(isReexecutionWorkflowId('assetflow/backfill/reexecution-x')).toBe(false);
  });

  test('a retried backfill keeps the old id as its head, bounded', () => {
    expect(retryBackfillId('sales-20261124', 'X1')).toBe('sales-20261124-retry-X1');
    expect(retryBackfillId('b'.repeat(500), 'X1').length).toBe(150 + '-retry-X1'.length);
  });
});

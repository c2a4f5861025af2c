import { summarizePartitions } from './partition-summary';

test('one pass over the keys builds counts and ranges; in progress wins over the newest event', () => {
  const latest = new Map<string, 'materialization' | 'failure'>([
    ['d1', 'materialization'],
    ['d2', 'materialization'],
    ['d3', 'failure'],
    ['d5', 'materialization'],
    ['gone', 'materialization'],
  ]);
  const summary = summarizePartitions(['d1', 'd2', 'd3', 'd4', 'd5', 'd6'], latest, new Set(['d5', 'd6']));
  expect(summary).toEqual({
    total: 6,
    counts: { materialized: 2, failed: 1, missing: 1, in_progress: 2 },
    ranges: [
      { state: 'materialized', first: 'd1', last: 'd2', count: 2 },
      { state: 'failed', first: 'd3', last: 'd3', count: 1 },
      { state: 'missing', first: 'd4', last: 'd4', count: 1 },
      { state: 'in_progress', first: 'd5', last: 'd6', count: 2 },
    ],
  });
});

test('100,000 keys make a handful of ranges', () => {
  const keys = Array.from({ length: 100_000 }, (_, i) => `k${String(i).padStart(6, '0')}`);
  const latest = new Map(keys.slice(0, 60_000).map((k) => [k, 'materialization' as const]));
  const summary = summarizePartitions(keys, latest, new Set());
  expect(summary.ranges).toEqual([
    { state: 'materialized', first: 'k000000', last: 'k059999', count: 60_000 },
    { state: 'missing', first: 'k060000', last: 'k099999', count: 40_000 },
  ]);
});

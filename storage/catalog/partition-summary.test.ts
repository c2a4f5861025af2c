import { summarizePartitions, type LatestKinds } from './partition-summary';

const latest: LatestKinds = { keys: ['d1', 'd2', 'd3', 'd5', 'gone'], kinds: 'mmfmm' };
const expected = {
  total: 6,
  counts: { materialized: 2, failed: 1, missing: 1, in_progress: 2 },
  ranges: [
    { state: 'materialized', first: 'd1', last: 'd2', count: 2 },
    { state: 'failed', first: 'd3', last: 'd3', count: 1 },
    { state: 'missing', first: 'd4', last: 'd4', count: 1 },
    { state: 'in_progress', first: 'd5', last: 'd6', count: 2 },
  ],
};

test('sorted keys: one merge walk builds counts and ranges; in progress wins over the newest event', () => {
  expect(summarizePartitions(['d1', 'd2', 'd3', 'd4', 'd5', 'd6'], latest, new Set(['d5', 'd6', 'not-listed']))).toEqual(expected);
});

test('keys in any other order give the same answer, in the definition\'s order', () => {
  const summary = summarizePartitions(['d6', 'd5', 'd4', 'd3', 'd2', 'd1'], latest, new Set(['d5', 'd6']));
  expect(summary.counts).toEqual(expected.counts);
  expect(summary.ranges).toEqual([
    { state: 'in_progress', first: 'd6', last: 'd5', count: 2 },
    { state: 'missing', first: 'd4', last: 'd4', count: 1 },
    { state: 'failed', first: 'd3', last: 'd3', count: 1 },
    { state: 'materialized', first: 'd2', last: 'd1', count: 2 },
  ]);
  // The catalog's list out of order too (a collation that disagrees with JS): still right.
  const shuffled: LatestKinds = { keys: ['gone', 'd5', 'd3', 'd2', 'd1'], kinds: 'mmfmm' };
  expect(summarizePartitions(['d1', 'd2', 'd3', 'd4', 'd5', 'd6'], shuffled, new Set(['d5', 'd6']))).toEqual(expected);
});

test('nothing known: all missing; no keys: nothing', () => {
  expect(summarizePartitions(['a', 'b'], { keys: [], kinds: '' }, new Set())).toEqual({
    total: 2,
    counts: { materialized: 0, failed: 0, missing: 2, in_progress: 0 },
    ranges: [{ state: 'missing', first: 'a', last: 'b', count: 2 }],
  });
  expect(summarizePartitions([], latest, new Set(['x'])).ranges).toEqual([]);
});

test('100,000 keys make a handful of ranges', () => {
  const keys = Array.from({ length: 100_000 }, (_, i) => `k${String(i).padStart(6, '0')}`);
  const known = keys.slice(0, 60_000);
  const summary = summarizePartitions(keys, { keys: known, kinds: 'm'.repeat(known.length) }, new Set(['k099999']));
  expect(summary.ranges).toEqual([
    { state: 'materialized', first: 'k000000', last: 'k059999', count: 60_000 },
    { state: 'missing', first: 'k060000', last: 'k099998', count: 39_999 },
    { state: 'in_progress', first: 'k099999', last: 'k099999', count: 1 },
  ]);
});

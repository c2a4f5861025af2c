import { summarizePartitions } from '../storage/catalog/partition-summary';
import { countsBar, healthBar, rangesIn, rangeText } from './partition-health';

const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${String(i).padStart(6, '0')}`);

test('consecutive keys in one state are one range; the bar has a segment per range with its share', () => {
  const all = keys(10);
  const summary = summarizePartitions(all, { keys: all.slice(0, 5), kinds: 'mmmmm' }, new Set());
  expect(summary.ranges.map(rangeText)).toEqual(['k000000 … k000004', 'k000005 … k000009']);
  expect(healthBar(summary)).toEqual([
    { state: 'materialized', share: 0.5 },
    { state: 'missing', share: 0.5 },
  ]);
  expect(rangesIn(summary, 'missing')).toEqual({ shown: [{ state: 'missing', first: 'k000005', last: 'k000009', count: 5 }], more: 0 });
  expect(rangeText({ state: 'failed', first: 'a', last: 'a', count: 1 })).toBe('a');
});

test('100,000 partitions alternating states: at most maxSegments segments, a lone failure still shows, shares add up to 1', () => {
  const all = keys(100_000);
  const materialized = all.filter((_, i) => i % 2 === 0 && i !== 50_000);
  // One failed key among them (its newest event kind 'f').
  const sorted = [...materialized, all[77_777]].sort();
  const withFailure = summarizePartitions(all, { keys: sorted, kinds: sorted.map((k) => (k === all[77_777] ? 'f' : 'm')).join('') }, new Set());
  expect(withFailure.ranges.length).toBeGreaterThan(1000);
  const bar = healthBar(withFailure, 200);
  expect(bar.length).toBeLessThanOrEqual(200);
  expect(bar.some((s) => s.state === 'failed')).toBe(true);
  expect(bar.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 9);
  // Every cell holds a missing partition, which outranks materialized: the bar is all missing but the failed cell.
  expect(bar.filter((s) => s.state === 'materialized')).toEqual([]);
  const failed = rangesIn(withFailure, 'failed');
  expect(failed.shown.map(rangeText)).toEqual([all[77_777]]);
  const missing = rangesIn(withFailure, 'missing', 50);
  expect(missing.shown).toHaveLength(50);
  expect(missing.more).toBe(withFailure.ranges.filter((r) => r.state === 'missing').length - 50);
});

test('no partitions: no segments; counts alone make a bar in a fixed order', () => {
  expect(healthBar({ total: 0, counts: { materialized: 0, failed: 0, missing: 0, in_progress: 0 }, ranges: [] })).toEqual([]);
  expect(countsBar({ total: 4, counts: { materialized: 1, failed: 1, missing: 2, in_progress: 0 } })).toEqual([
    { state: 'materialized', share: 0.25 },
    { state: 'failed', share: 0.25 },
    { state: 'missing', share: 0.5 },
  ]);
});

/**
 * Partition health as the UI draws it, from the catalog's summary (counts and ranges of
 * consecutive keys in one state, storage/catalog/partition-summary.ts): a bar of at most a few
 * hundred segments however many partitions there are, and the ranges of one state listed.
 */
import type { PartitionRange, PartitionState, PartitionStatusSummary } from '../storage/catalog/store';

/** One segment of the health bar: a share of the partitions (0..1) and the state it shows. */
export interface BarSegment {
  state: PartitionState;
  share: number;
}

/** Which state a segment covering several states shows: the one a user must see first. */
const PRECEDENCE: readonly PartitionState[] = ['failed', 'in_progress', 'missing', 'materialized'];

/**
 * The health bar's segments, in key order: one per range when there are at most `maxSegments`
 * ranges; otherwise the keys are cut into `maxSegments` equal cells, each showing the most
 * urgent state it holds (failed, then in progress, then missing), so a single failed partition
 * among 100,000 still shows. Neighbouring segments of one state are merged.
 */
export function healthBar(summary: PartitionStatusSummary, maxSegments = 200): BarSegment[] {
  const { total, ranges } = summary;
  if (total === 0) return [];
  const cells: BarSegment[] = [];
  if (ranges.length <= maxSegments) {
    for (const r of ranges) cells.push({ state: r.state, share: r.count / total });
  } else {
    const size = total / maxSegments;
    let r = 0;
    let offset = 0; // first key index of ranges[r]
    for (let cell = 0; cell < maxSegments; cell++) {
      const start = Math.floor(cell * size);
      const end = Math.floor((cell + 1) * size); // exclusive
      let best = PRECEDENCE.length;
      while (r < ranges.length && offset + ranges[r].count <= start) offset += ranges[r++].count;
      let i = r;
      let at = offset;
      while (i < ranges.length && at < end) {
        best = Math.min(best, PRECEDENCE.indexOf(ranges[i].state));
        at += ranges[i++].count;
      }
      cells.push({ state: PRECEDENCE[best] ?? 'missing', share: (end - start) / total });
    }
  }
  const merged: BarSegment[] = [];
  for (const c of cells) {
    const prev = merged[merged.length - 1];
    if (prev && prev.state === c.state) prev.share += c.share;
    else merged.push({ ...c });
  }
  return merged;
}

/** The ranges in `state`, the first `limit` of them, and how many more there are. */
export function rangesIn(summary: PartitionStatusSummary, state: PartitionState, limit = 50): { shown: PartitionRange[]; more: number } {
  const all = summary.ranges.filter((r) => r.state === state);
  return { shown: all.slice(0, limit), more: Math.max(0, all.length - limit) };
}

/** `2026-11-01 … 2026-11-05` for a range of several keys, the key alone for one. */
export function rangeText(range: PartitionRange): string {
  return range.count === 1 ? range.first : `${range.first} … ${range.last}`;
}

/** A bar from counts alone (no key order): materialized, in progress, failed, missing. */
export function countsBar(summary: Pick<PartitionStatusSummary, 'total' | 'counts'>): BarSegment[] {
  if (summary.total === 0) return [];
  return (['materialized', 'in_progress', 'failed', 'missing'] as const).filter((s) => summary.counts[s] > 0).map((state) => ({ state, share: summary.counts[state] / summary.total }));
}

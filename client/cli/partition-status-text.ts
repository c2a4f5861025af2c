import pc from './colors';
import type { PartitionState } from '../../storage/catalog/store';
import type { PartitionStatus } from '../partition-status';

const MARKS: Record<PartitionState, string> = { materialized: pc.green('✓'), failed: pc.red('✗'), in_progress: pc.yellow('…'), missing: pc.dim('·') };
const WORDS: Record<PartitionState, string> = { materialized: 'materialized', failed: 'failed', in_progress: 'in progress', missing: 'missing' };

/** `materialized` → `never materialized` etc., as a state reads to a person. */
export function stateWord(state: PartitionState, partitioned = true): string {
  return !partitioned && state === 'missing' ? 'never materialized' : WORDS[state];
}

/** `3 materialized, 1 failed, 2 missing` (states with no partition left out; `none` when there are none). */
export function countsText(counts: Record<PartitionState, number>): string {
  const parts = (Object.keys(WORDS) as PartitionState[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${WORDS[s]}`);
  return parts.length ? parts.join(', ') : 'no partitions';
}

/** `assetflow partitions <asset>` output: counts, then ranges of keys in one state. */
export function partitionStatusText(s: PartitionStatus): string {
  if (!s.partitioned) return `${pc.bold(s.assetKey)}: not partitioned: ${MARKS[s.state!]} ${stateWord(s.state!, false)}`;
  const lines = [`${pc.bold(s.assetKey)}: ${s.description}: ${s.counts.materialized} of ${s.total} partitions materialized (${countsText(s.counts)})`];
  for (const span of s.spans) {
    const range = span.count === 1 ? span.first : `${span.first} … ${span.last}`;
    lines.push(`  ${MARKS[span.state]} ${range} ${pc.dim(`${WORDS[span.state]} (${span.count})`)}`);
  }
  return lines.join('\n');
}

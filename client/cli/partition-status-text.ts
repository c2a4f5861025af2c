import pc from 'picocolors';
import type { PartitionStatus } from '../partition-status';

/** `assetflow partitions <asset>` output: spans of materialized and missing keys. */
export function partitionStatusText(s: PartitionStatus): string {
  const lines = [`${pc.bold(s.assetKey)}: ${s.description}: ${s.materialized} of ${s.total} partitions materialized`];
  for (const span of s.spans) {
    const mark = span.status === 'materialized' ? pc.green('✓') : pc.dim('·');
    const range = span.count === 1 ? span.first : `${span.first} … ${span.last}`;
    lines.push(`  ${mark} ${range} ${pc.dim(`${span.status} (${span.count})`)}`);
  }
  return lines.join('\n');
}

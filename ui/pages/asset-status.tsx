import type { FC } from 'hono/jsx';
import { staleReasonText, staleText, type AssetHealthKind, type AssetSummary, type StaleReason } from '../../client/asset-catalog';
import type { PartitionState, PartitionStatusSummary } from '../../storage/catalog/store';
import { countsBar, healthBar } from '../partition-health';

/** How each health reads on a page. */
export const HEALTH_WORDS: Record<AssetHealthKind, string> = {
  running: 'Running',
  failed: 'Failed',
  never_materialized: 'Never materialized',
  stale: 'Stale',
  materialized: 'Materialized',
};

/** How each partition state reads on a page. */
export const PARTITION_WORDS: Record<PartitionState, string> = { materialized: 'materialized', failed: 'failed', in_progress: 'in progress', missing: 'missing' };

/** The link to an asset's page (each part of a `/`-separated key encoded on its own). */
export function assetHref(key: string): string {
  return `/assets/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** `Dec 1, 22:41:07` in UTC: short and unambiguous (the title attribute has the full ISO time). */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${month} ${d.getUTCDate()}, ${d.toISOString().slice(11, 19)} UTC`;
}

/** A time as `<time>`: short UTC text, the full ISO time as its title and datetime. */
export const When: FC<{ iso: string }> = ({ iso }) => (
  <time datetime={iso} title={iso}>
    {shortTime(iso)}
  </time>
);

/** `22:41` (UTC) for a time today, `Nov 30` before: what fits on a node card. */
export function compactTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 10) === now.toISOString().slice(0, 10) ? d.toISOString().slice(11, 16) : `${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${d.getUTCDate()}`;
}

/**
 * The one-line status of an asset: its health word, then when and how many rows (or why stale).
 * `compact` (node cards): partitioned assets show their partition count instead, times are short.
 */
export const StatusLine: FC<{ asset: AssetSummary; compact?: boolean }> = ({ asset, compact }) => {
  const { health, last, status } = asset;
  if (compact) {
    const detail = status.partitioned
      ? `${status.counts.materialized.toLocaleString('en-US')}/${status.total.toLocaleString('en-US')} partitions`
      : health.kind === 'stale' && health.staleReasons?.length
        ? compactStaleText(health.staleReasons)
        : last
          ? `${compactTime(last.materializedAt)}${last.rows !== undefined ? ` · ${last.rows.toLocaleString('en-US')} rows` : ''}`
          : '';
    return (
      <span class={`status status-${health.kind}`} title={staleText(health) ?? (last ? `last materialized ${last.materializedAt}` : undefined)}>
        <span class="status-word">{HEALTH_WORDS[health.kind]}</span>
        {detail ? <span class="status-detail">{` · ${detail}`}</span> : null}
      </span>
    );
  }
  return (
    <span class={`status status-${health.kind}`}>
      <span class="status-word">{HEALTH_WORDS[health.kind]}</span>
      {health.kind === 'stale' && health.staleReasons?.length ? <span class="status-detail stale-reasons">{` · ${health.staleReasons.map(staleReasonText).join('; ')}`}</span> : null}
      {last && health.kind !== 'stale' ? (
        <span class="status-detail">
          {' · '}
          <When iso={last.materializedAt} />
          {last.rows !== undefined ? ` · ${last.rows.toLocaleString('en-US')} rows` : ''}
        </span>
      ) : null}
      {status.partitioned ? <span class="status-detail">{` · ${status.counts.materialized.toLocaleString('en-US')}/${status.total.toLocaleString('en-US')} partitions`}</span> : null}
    </span>
  );
};

/** What fits on a node card: `code v1 → v2`, `raw_sales newer` (both, joined). */
function compactStaleText(reasons: readonly StaleReason[]): string {
  const code = reasons.find((r) => r.kind === 'code_version');
  const upstream = reasons.flatMap((r) => (r.kind === 'upstream' ? [r.upstream] : []));
  return [...(code ? [`code ${code.recorded ?? '(none)'} → ${code.current}`] : []), ...(upstream.length ? [`${upstream.join(', ')} newer`] : [])].join(' · ');
}

/**
 * The partition health bar: coloured segments in key order (a few hundred at most however
 * many partitions), with the counts as its accessible label.
 */
export const HealthBar: FC<{ summary: Pick<PartitionStatusSummary, 'total' | 'counts'> & { ranges?: PartitionStatusSummary['ranges'] }; maxSegments?: number }> = ({ summary, maxSegments }) => {
  const label = `${summary.total.toLocaleString('en-US')} partitions: ${(Object.keys(PARTITION_WORDS) as PartitionState[])
    .filter((s) => summary.counts[s] > 0)
    .map((s) => `${summary.counts[s].toLocaleString('en-US')} ${PARTITION_WORDS[s]}`)
    .join(', ')}`;
  return (
    <div class="health-bar" role="img" aria-label={label} title={label}>
      {(summary.ranges ? healthBar({ ...summary, ranges: summary.ranges }, maxSegments) : countsBar(summary)).map((s) => (
        <span class={`seg seg-${s.state}`} style={`flex-grow:${s.share.toFixed(6)}`}></span>
      ))}
    </div>
  );
};

import type { FC } from 'hono/jsx';
import type { AssetSummary } from '../../client/asset-catalog';
import type { UiContext } from '../context';
import type { GraphLayout, LaidOutEdge } from '../graph-layout';
import { assetHref, HealthBar, StatusLine } from './asset-status';
import { Layout } from './layout';

export interface GraphFilter {
  /** The selection typed in (`+cleaned_sales`, `group:sales`), if any. */
  select?: string;
  /** The group chosen, if any. */
  group?: string;
  /** The selection both make together, passed on to the launch page. */
  combined?: string;
}

export interface GraphPageProps {
  ctx: UiContext;
  layout: GraphLayout;
  /** Status of the assets shown, by key. */
  summaries: ReadonlyMap<string, AssetSummary>;
  groups: readonly string[];
  filter: GraphFilter;
  /** Why the filter could not be applied (unknown key or group), shown above the full graph. */
  error?: string;
}

/** The element id of a node's card (by position, so that no key ever lands in an id). */
export const nodeId = (index: number) => `node-${index}`;

/** A node card's inside: key, status line, health bar (partitioned). Swapped by id when statuses change (`oob`). */
export const NodeCard: FC<{ id: string; summary: AssetSummary | undefined; assetKey: string; oob?: boolean }> = ({ id, summary, assetKey, oob }) => (
  <div id={id} class={`card health-${summary?.health.kind ?? 'never_materialized'}`} hx-swap-oob={oob ? 'true' : undefined}>
    <div class="card-key">{assetKey}</div>
    {summary ? <StatusLine asset={summary} compact /> : null}
    {summary?.status.partitioned ? <HealthBar summary={summary.status} /> : null}
  </div>
);

/** Every node's card, each marked for an out-of-band swap: the answer to the live refresh. */
export const NodeCards: FC<{ layout: GraphLayout; summaries: ReadonlyMap<string, AssetSummary> }> = ({ layout, summaries }) => (
  <>
    {layout.nodes.map((n, i) => (
      <NodeCard id={nodeId(i)} summary={summaries.get(n.key)} assetKey={n.key} oob />
    ))}
  </>
);

function edgePath(e: LaidOutEdge): string {
  const [first, ...rest] = e.points;
  if (e.points.length === 2) {
    const [a, b] = e.points;
    const dx = Math.max(40, (b.x - a.x) / 2);
    return `M${a.x.toFixed(1)},${a.y.toFixed(1)} C${(a.x + dx).toFixed(1)},${a.y.toFixed(1)} ${(b.x - dx).toFixed(1)},${b.y.toFixed(1)} ${b.x.toFixed(1)},${b.y.toFixed(1)}`;
  }
  return `M${first.x.toFixed(1)},${first.y.toFixed(1)} ${rest.map((p) => `L${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}`;
}

/** The query string that repeats the filter (for the live refresh and links). */
export function filterQuery(filter: GraphFilter): string {
  const q = new URLSearchParams();
  if (filter.select) q.set('select', filter.select);
  if (filter.group) q.set('group', filter.group);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * `/`: the asset graph. Group boxes, edges, and a card per asset (its key, status as text and,
 * partitioned, its health bar) drawn as HTML inside the SVG, so that they are real text; each
 * card links to the asset's page. svg-pan-zoom (ui/static/graph.js) pans and zooms it.
 */
export const GraphPage: FC<GraphPageProps> = ({ ctx, layout, summaries, groups, filter, error }) => {
  const launch = filter.combined ?? '*';
  return (
    <Layout ctx={ctx} title="Assets" section="/" scripts={['/static/svg-pan-zoom.min.js', '/static/graph.js']}>
      <div class="graph-toolbar">
        <form method="get" action="/" class="filter" role="search">
          <label>
            Group{' '}
            <select name="group">
              <option value="">all groups</option>
              {groups.map((g) => (
                <option value={g} selected={g === filter.group}>
                  {g}
                </option>
              ))}
            </select>
          </label>
          <label>
            Selection{' '}
            <input name="select" value={filter.select ?? ''} placeholder="+cleaned_sales, top_customers+, group:sales" size={34} aria-label="Selection" />
          </label>
          <button type="submit">Filter</button>
          {filter.select || filter.group ? <a href="/">Clear</a> : null}
        </form>
        <span class="count">
          {layout.nodes.length.toLocaleString('en-US')} asset{layout.nodes.length === 1 ? '' : 's'}
        </span>
        <a class="button primary" href={`/launch?select=${encodeURIComponent(launch)}`}>
          {filter.combined ? `Materialize selection (${layout.nodes.length})` : 'Materialize all…'}
        </a>
        <a class="button" href={`/launch?select=${encodeURIComponent('stale()')}`} title="the assets whose code version changed or whose upstream was materialized after them">
          Materialize stale…
        </a>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="graph-frame">
        <svg id="asset-graph" role="group" aria-label="Asset graph" xmlns="http://www.w3.org/2000/svg" width="100%" height="100%" viewBox={`0 0 ${layout.width.toFixed(0)} ${layout.height.toFixed(0)}`}>
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
            </marker>
          </defs>
          <g class="graph-content">
            {layout.groups.map((g) => (
              <g class="group-box" aria-label={`group ${g.name}`}>
                <rect x={g.x} y={g.y} width={g.width} height={g.height} rx="10" />
                <text x={g.x + 14} y={g.y + 20}>
                  {g.name}
                </text>
              </g>
            ))}
            <g class="edges" aria-hidden="true">
              {layout.edges.map((e) => (
                <path d={edgePath(e)} marker-end="url(#arrow)" />
              ))}
            </g>
            {layout.nodes.map((n, i) => (
              <foreignObject x={n.x} y={n.y} width={n.width} height={n.height} class="node">
                <a href={assetHref(n.key)} class="node-link" data-key={n.key}>
                  <NodeCard id={nodeId(i)} summary={summaries.get(n.key)} assetKey={n.key} />
                </a>
              </foreignObject>
            ))}
          </g>
        </svg>
        <div class="legend" aria-label="Legend">
          <span class="dot health-materialized"></span>materialized <span class="dot health-stale"></span>stale <span class="dot health-failed"></span>failed{' '}
          <span class="dot health-running"></span>running <span class="dot health-never_materialized"></span>never materialized
        </div>
      </div>
      <div hidden hx-get={`/graph/cards${filterQuery(filter)}`} hx-trigger="sse:changed" hx-swap="none"></div>
    </Layout>
  );
};

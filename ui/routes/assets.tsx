import { Hono } from 'hono';
import { listAssets, showAsset, type AssetSummary } from '../../client/asset-catalog';
import { closeMatches } from '../../errors/did-you-mean';
import type { SelectionFunctionKeys } from '../../planning/selection';
import type { StoredRun } from '../../storage/catalog/store';
import type { UiContext } from '../context';
import { layoutGraph } from '../graph-layout';
import { AssetLive, AssetPage, UnknownAssetPage } from '../pages/asset-page';
import { GraphPage, NodeCards, type GraphFilter } from '../pages/graph-page';

/** How many materializations the asset page lists. */
const HISTORY_LIMIT = 20;

/**
 * The selection a graph filter stands for, and the keys it selects: the typed selection (the
 * selection syntax of planning/selection.ts) and the group, together meaning both. `functions`:
 * the keys of the selection functions (`stale()`), from the statuses the page shows anyway.
 */
export function applyFilter(ctx: UiContext, filter: GraphFilter, functions?: SelectionFunctionKeys): { keys: string[]; combined?: string; error?: string } {
  const all = ctx.definitions.select('*').filter((k) => ctx.definitions.assets.has(k));
  const parts = [filter.select?.trim(), filter.group ? `group:${filter.group}` : undefined].filter((p): p is string => Boolean(p));
  if (parts.length === 0) return { keys: all };
  try {
    let keys = ctx.definitions.select(parts[0], functions);
    if (parts.length === 2) {
      const inGroup = new Set(ctx.definitions.select(parts[1]));
      keys = keys.filter((k) => inGroup.has(k));
    }
    keys = keys.filter((k) => ctx.definitions.assets.has(k));
    // The launch page takes one selection: the keys, when the two parts had to be intersected.
    return { keys, combined: parts.length === 2 ? keys.join(',') : parts[0] };
  } catch (err) {
    return { keys: all, error: `${err instanceof Error ? err.message : String(err)} Showing every asset.` };
  }
}

function filterFrom(query: (name: string) => string | undefined): GraphFilter {
  const select = query('select')?.trim() || undefined;
  const group = query('group')?.trim() || undefined;
  return { ...(select ? { select } : {}), ...(group ? { group } : {}) };
}

/** The graph's keys for a filter and their statuses: every status is read once, and `stale()` selects from them. */
async function filteredSummaries(ctx: UiContext, filter: GraphFilter): Promise<ReturnType<typeof applyFilter> & { summaries: Map<string, AssetSummary> }> {
  const all = await listAssets(ctx.definitions);
  const filtered = applyFilter(ctx, filter, { stale: all.filter((a) => a.health.kind === 'stale').map((a) => a.key) });
  const wanted = new Set(filtered.keys);
  return { ...filtered, summaries: new Map(all.filter((a) => wanted.has(a.key)).map((a) => [a.key, a])) };
}

async function runsOf(ctx: UiContext, runIds: readonly string[]): Promise<Map<string, StoredRun>> {
  const unique = [...new Set(runIds)];
  const runs = await Promise.all(unique.map((id) => ctx.definitions.catalog.run(id)));
  return new Map(runs.flatMap((r) => (r ? [[r.runId, r] as const] : [])));
}

/**
 * The asset section: `/` (the graph, filtered by `?group=` and `?select=`), `/graph/cards` (its
 * node cards for the live refresh) and `/assets/<key>` (an asset's page; `?part=live` for its
 * live part). Unknown keys get a 404 page with the close matches.
 */
export function assetRoutes(ctx: UiContext): Hono {
  const app = new Hono();
  const groups = () => [...new Set([...ctx.definitions.assets.values()].map((a) => a.group))].sort();

  app.get('/', async (c) => {
    const filter = filterFrom((n) => c.req.query(n));
    const { keys, combined, error, summaries } = await filteredSummaries(ctx, filter);
    const layout = layoutGraph(ctx.definitions, keys);
    return c.html(<GraphPage ctx={ctx} layout={layout} summaries={summaries} groups={groups()} filter={{ ...filter, ...(combined ? { combined } : {}) }} {...(error ? { error } : {})} />);
  });

  app.get('/graph/cards', async (c) => {
    const { keys, summaries } = await filteredSummaries(ctx, filterFrom((n) => c.req.query(n)));
    const layout = layoutGraph(ctx.definitions, keys);
    c.header('cache-control', 'no-store');
    return c.html(<NodeCards layout={layout} summaries={summaries} />);
  });

  app.get('/assets/:key{.+}', async (c) => {
    const key = c.req.param('key');
    if (!ctx.definitions.assets.has(key)) {
      return c.html(<UnknownAssetPage ctx={ctx} assetKey={key} suggestions={closeMatches(key, ctx.definitions.assets.keys())} />, 404);
    }
    const asset = await showAsset(ctx.definitions, key, { limit: HISTORY_LIMIT, failures: 5 });
    const runs = await runsOf(ctx, asset.materializations.map((m) => m.runId));
    if (c.req.query('part') === 'live') {
      c.header('cache-control', 'no-store');
      return c.html(<AssetLive ctx={ctx} asset={asset} runs={runs} />);
    }
    return c.html(<AssetPage ctx={ctx} asset={asset} runs={runs} />);
  });
  return app;
}

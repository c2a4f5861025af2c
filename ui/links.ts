import { runUrl } from '../client/runs';
import { ID_PREFIXES, workflowKind } from '../contract/ids';
import type { UiContext } from './context';

/**
 * The UI's own addresses of runs and backfills. Workflow ids contain `/`, so they travel as one
 * encoded path segment (`/runs/assetflow%2Frun%2F...`); the routes read them back decoded.
 */
export function runPagePath(workflowId: string): string {
  return `/runs/${encodeURIComponent(workflowId)}`;
}

/** The page of a backfill, by backfill id (the part of its workflow id after `assetflow/backfill/`). */
export function backfillPagePath(backfillId: string): string {
  return `/backfills/${encodeURIComponent(backfillId)}`;
}

/** The UI page of any assetflow workflow id: a backfill's page for backfills, else the run page. */
export function workflowPagePath(workflowId: string): string {
  return workflowKind(workflowId) === 'backfill' ? backfillPagePath(workflowId.slice(ID_PREFIXES.backfill.length)) : runPagePath(workflowId);
}

/** The launch page for a selection (what the asset graph's "materialize selected" links to). */
export function launchPath(selection: string): string {
  return `/launch?select=${encodeURIComponent(selection)}`;
}

/** The execution's page in Temporal Web, or undefined when the UI does not know where Temporal Web is. */
export function temporalWebRunLink(ctx: Pick<UiContext, 'temporalWebUrl' | 'namespace'>, workflowId: string, runId: string): string | undefined {
  return ctx.temporalWebUrl ? runUrl(ctx.temporalWebUrl, ctx.namespace, workflowId, runId) : undefined;
}

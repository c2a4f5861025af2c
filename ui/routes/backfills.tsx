import { WorkflowNotFoundError } from '@temporalio/client';
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { backfillResultOf, getBackfill } from '../../client/backfills';
import type { BackfillProgress } from '../../contract/backfill';
import { backfillRunWorkflowId } from '../../contract/ids';
import type { UiContext } from '../context';
import { backfillPagePath, runPagePath, temporalWebRunLink } from '../links';
import { Layout } from '../pages/layout';
import { messageOf, seeOther } from './respond';

/**
 * `/backfills/<backfill id>`: a backfill's progress (partitions done of total, failures, runs in
 * flight), live while it runs, with Cancel; what `assetflow backfill start` shows as a bar.
 */
export function backfillsRoutes(ctx: UiContext): Hono {
  const app = new Hono();
  app.get('/backfills/:backfillId/live', async (c) => {
    const view = await loadBackfill(ctx, c.req.param('backfillId'));
    if (!view) return c.html(<p role="alert">There is no backfill {c.req.param('backfillId')}.</p>, 404);
    return c.html(<BackfillLive ctx={ctx} view={view} />);
  });
  app.post('/backfills/:backfillId/cancel', async (c) => {
    const backfillId = c.req.param('backfillId');
    try {
      await getBackfill(ctx.client, backfillId).cancel();
    } catch (err) {
      const view = await loadBackfill(ctx, backfillId);
      if (!view) return c.html(<NoSuchBackfill ctx={ctx} backfillId={backfillId} />, 404);
      return c.html(<BackfillPage ctx={ctx} view={view} error={`Could not cancel the backfill: ${messageOf(err)}`} />, 409);
    }
    return seeOther(c, backfillPagePath(backfillId));
  });
  app.get('/backfills/:backfillId{.+}', async (c) => {
    const backfillId = c.req.param('backfillId');
    const view = await loadBackfill(ctx, backfillId);
    if (!view) return c.html(<NoSuchBackfill ctx={ctx} backfillId={backfillId} />, 404);
    return c.html(<BackfillPage ctx={ctx} view={view} />);
  });
  return app;
}

interface BackfillView {
  backfillId: string;
  workflowId: string;
  /** The current execution of the continue-as-new chain. */
  runId: string;
  running: boolean;
  progress?: BackfillProgress;
  note?: string;
}

async function loadBackfill(ctx: UiContext, backfillId: string): Promise<BackfillView | undefined> {
  const backfill = getBackfill(ctx.client, backfillId);
  let description;
  try {
    description = await backfill.handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  const running = description.status.name === 'RUNNING' || description.status.name === 'CONTINUED_AS_NEW';
  const view: BackfillView = { backfillId, workflowId: backfill.workflowId, runId: description.runId, running };
  try {
    return { ...view, progress: running ? await backfill.progress() : await backfillResultOf(backfill.handle) };
  } catch (err) {
    return {
      ...view,
      note: running
        ? `No progress yet: no worker has answered for task queue '${description.taskQueue}'.`
        : `No progress: the backfill ${description.status.name.toLowerCase()} (${messageOf(err)}).`,
    };
  }
}

const BackfillPage: FC<{ ctx: UiContext; view: BackfillView; error?: string }> = ({ ctx, view, error }) => (
  <Layout ctx={ctx} title={`Backfill ${view.backfillId}`} section="/runs">
    <h1>Backfill <code>{view.backfillId}</code></h1>
    {error ? <p role="alert" class="notice error">{error}</p> : null}
    <BackfillLive ctx={ctx} view={view} />
  </Layout>
);

/** Refreshes itself every second while the backfill runs; stops when it ends. */
const BackfillLive: FC<{ ctx: UiContext; view: BackfillView }> = ({ ctx, view }) => {
  const p = view.progress;
  const web = temporalWebRunLink(ctx, view.workflowId, view.runId);
  const polling = view.running ? { 'hx-get': `${backfillPagePath(view.backfillId)}/live`, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' } : {};
  const status = p?.status ?? (view.running ? 'running' : 'ended');
  return (
    <section id="backfill-live" aria-live="polite" data-running={String(view.running)} {...polling}>
      <p class="run-facts">
        Status: <strong class={`status status-${status}`} data-testid="backfill-status">{status}</strong>
        {web ? <> · <a href={web} target="_blank" rel="noreferrer">Temporal Web ↗</a></> : null}
      </p>
      {p ? (
        <>
          <p>
            <progress max={Math.max(p.total, 1)} value={p.finished} aria-label="partitions done"></progress>{' '}
            <span data-testid="backfill-done">{p.finished} / {p.total} partitions</span>
            {' · '}{p.succeeded} succeeded, {p.failed} failed, {p.alreadyRun} already run, {p.running} running
            {p.execution > 1 ? ` · execution ${p.execution}` : ''}
          </p>
          {p.failures.length ? (
            <table class="failures">
              <thead><tr><th>partition</th><th>error</th></tr></thead>
              <tbody>
                {p.failures.map((f) => (
                  <tr><td><a href={runPagePath(backfillRunWorkflowId(view.backfillId, f.partitionKey))}>{f.partitionKey}</a></td><td class="error">{f.error}</td></tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : (
        <p class="notice">{view.note}</p>
      )}
      {view.running ? (
        <form method="post" action={`${backfillPagePath(view.backfillId)}/cancel`} class="cancel">
          <button type="submit">Cancel backfill</button>
        </form>
      ) : null}
    </section>
  );
};

const NoSuchBackfill: FC<{ ctx: UiContext; backfillId: string }> = ({ ctx, backfillId }) => (
  <Layout ctx={ctx} title="No such backfill" section="/runs">
    <h1>No such backfill</h1>
    <p role="alert">Temporal has no backfill <code>{backfillId}</code> in namespace <code>{ctx.namespace}</code>. See the <a href="/runs">recent runs</a>.</p>
  </Layout>
);

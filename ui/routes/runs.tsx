import { WorkflowNotFoundError, type WorkflowExecutionDescription } from '@temporalio/client';
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { cancelRun, runResultOf } from '../../client/runs';
import { BACKFILL_WORKFLOW_TYPE } from '../../contract/backfill';
import { ID_PREFIXES } from '../../contract/ids';
import { runProgressQuery, type RunResult } from '../../contract/run';
import type { UiContext } from '../context';
import { runPagePath, temporalWebRunLink, workflowPagePath } from '../links';
import { Layout } from '../pages/layout';
import { StepTable } from '../pages/step-table';
import { messageOf, seeOther } from './respond';
import { formatDuration, runSummaryOf, runsVisibilityQuery, type RunSummary } from './run-summary';

/** How many runs the runs page lists (newest first). */
export const RUNS_PAGE_SIZE = 50;
/** How long a cancel request waits for the run to end before showing the page (it goes on ending there, live). */
const CANCEL_WAIT_MS = 10_000;

/**
 * `/runs`: recent runs and backfills of the Definitions' code location, from Temporal's
 * visibility; `/runs/<workflow id>`: a run's step table, live while it runs, with Cancel.
 */
export function runsRoutes(ctx: UiContext): Hono {
  const app = new Hono();

  app.get('/runs', async (c) => {
    const runs = await recentRuns(ctx);
    if (c.req.query('partial') === 'table') return c.html(<RunList ctx={ctx} runs={runs} />);
    return c.html(
      <Layout ctx={ctx} title="Runs" section="/runs">
        <h1>Runs</h1>
        <RunList ctx={ctx} runs={runs} />
      </Layout>,
    );
  });

  // The UI's links carry a workflow id as one encoded segment (links.ts), so the live part and
  // Cancel match a plain parameter; the page itself also takes an id typed with raw slashes.
  // (A `{.+}` parameter followed by more path would lose to the page's route in Hono's router.)
  app.get('/runs/:workflowId/live', async (c) => {
    const view = await loadRun(ctx, c.req.param('workflowId'));
    if (!view) return c.html(<p role="alert">There is no run {c.req.param('workflowId')}.</p>, 404);
    return c.html(<RunLive ctx={ctx} view={view} />);
  });

  app.post('/runs/:workflowId/cancel', async (c) => {
    const workflowId = c.req.param('workflowId');
    try {
      const cancelling = cancelRun(ctx.client, workflowId);
      cancelling.catch(() => undefined); // when the wait below ends first, the page shows the rest
      await Promise.race([cancelling, new Promise((resolve) => setTimeout(resolve, CANCEL_WAIT_MS).unref())]);
    } catch (err) {
      const view = await loadRun(ctx, workflowId);
      if (!view) return c.html(<NoSuchRun ctx={ctx} workflowId={workflowId} />, 404);
      return c.html(<RunPage ctx={ctx} view={view} error={`Could not cancel the run: ${messageOf(err)}`} />, 409);
    }
    return seeOther(c, runPagePath(workflowId));
  });

  app.get('/runs/:workflowId{.+}', async (c) => {
    const workflowId = c.req.param('workflowId');
    const view = await loadRun(ctx, workflowId);
    if (!view) return c.html(<NoSuchRun ctx={ctx} workflowId={workflowId} />, 404);
    if (view.type === BACKFILL_WORKFLOW_TYPE) return c.redirect(workflowPagePath(workflowId), 302);
    return c.html(<RunPage ctx={ctx} view={view} />);
  });

  return app;
}

async function recentRuns(ctx: UiContext): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  for await (const info of ctx.client.workflow.list({ query: runsVisibilityQuery(ctx.definitions.taskQueue), pageSize: RUNS_PAGE_SIZE })) {
    runs.push(runSummaryOf(info));
    if (runs.length >= RUNS_PAGE_SIZE) break;
  }
  return runs;
}

/** The runs table; it refreshes itself every 2 seconds (new runs appear, running ones end). */
const RunList: FC<{ ctx: UiContext; runs: RunSummary[] }> = ({ ctx, runs }) => {
  return (
    <section id="run-list" hx-get="/runs?partial=table" hx-trigger="every 2s" hx-swap="outerHTML">
      {runs.length === 0 ? (
        <p>No runs yet on task queue <code>{ctx.definitions.taskQueue}</code>: materialize assets from the asset graph, or with <code>assetflow materialize</code>.</p>
      ) : (
        <table class="runs">
          <thead>
            <tr><th>run</th><th>status</th><th>trigger</th><th>assets</th><th>partition</th><th>started</th><th>duration</th><th>Temporal Web</th></tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const web = temporalWebRunLink(ctx, r.workflowId, r.runId);
              const end = r.closeTime?.getTime() ?? Date.now();
              return (
                <tr data-workflow-id={r.workflowId}>
                  <td><a href={workflowPagePath(r.workflowId)}>{r.kind === 'backfill' ? `backfill ${r.workflowId.slice(ID_PREFIXES.backfill.length)}` : r.workflowId}</a></td>
                  <td class={`status status-${r.status.replace(/ /g, '-')}`}>{r.status}</td>
                  <td>{r.trigger}</td>
                  <td>{r.assets.length <= 6 ? r.assets.join(', ') : `${r.assets.slice(0, 5).join(', ')} and ${r.assets.length - 5} more`}</td>
                  <td>{r.partition ?? ''}</td>
                  <td><time datetime={r.startTime.toISOString()}>{r.startTime.toISOString().replace('T', ' ').slice(0, 19)}</time></td>
                  <td>{formatDuration(end - r.startTime.getTime())}</td>
                  <td>{web ? <a href={web} target="_blank" rel="noreferrer">history ↗</a> : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
};

/** What the run page shows: Temporal's description of the execution and, when there is one, its step table. */
interface RunView {
  workflowId: string;
  runId: string;
  type: string;
  /** Temporal's status in words (running, completed, failed, cancelled, terminated, timed out). */
  status: string;
  running: boolean;
  taskQueue: string;
  startTime: Date;
  closeTime?: Date;
  result?: RunResult;
  /** Why there is no step table. */
  note?: string;
}

/** The run's description and step table: the progress query while it runs, its result (or memo) once it ended. */
async function loadRun(ctx: UiContext, workflowId: string): Promise<RunView | undefined> {
  const handle = ctx.client.workflow.getHandle(workflowId);
  let description: WorkflowExecutionDescription;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  const running = description.status.name === 'RUNNING';
  const view: RunView = {
    workflowId,
    runId: description.runId,
    type: description.type,
    status: description.status.name.toLowerCase().replace(/_/g, ' '),
    running,
    taskQueue: description.taskQueue,
    startTime: description.startTime,
    ...(description.closeTime ? { closeTime: description.closeTime } : {}),
  };
  if (description.type === BACKFILL_WORKFLOW_TYPE) return view;
  try {
    return { ...view, result: running ? await handle.query(runProgressQuery) : await runResultOf(handle) };
  } catch (err) {
    const note = running
      ? `No step table yet: no worker has answered for task queue '${description.taskQueue}' (start one with \`assetflow worker\` or \`assetflow dev\`).`
      : `No step table: the run ${view.status} (${messageOf(err)}).`;
    return { ...view, note };
  }
}

const RunPage: FC<{ ctx: UiContext; view: RunView; error?: string }> = ({ ctx, view, error }) => (
  <Layout ctx={ctx} title={`Run ${view.workflowId}`} section="/runs">
    <h1>Run <code class="workflow-id">{view.workflowId}</code></h1>
    {error ? <p role="alert" class="notice error">{error}</p> : null}
    <RunLive ctx={ctx} view={view} />
  </Layout>
);

/** The part of the run page that refreshes itself every second while the run goes on, and stops when it ends. */
const RunLive: FC<{ ctx: UiContext; view: RunView }> = ({ ctx, view }) => {
  const web = temporalWebRunLink(ctx, view.workflowId, view.runId);
  const polling = view.running ? { 'hx-get': `${runPagePath(view.workflowId)}/live`, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' } : {};
  const runStatus = view.result && view.result.status !== 'running' ? view.result.status : view.status;
  const end = view.closeTime?.getTime() ?? Date.now();
  return (
    <section id="run-live" aria-live="polite" data-running={String(view.running)} {...polling}>
      <p class="run-facts">
        Status: <strong class={`status status-${runStatus}`} data-testid="run-status">{runStatus}</strong>
        {' · '}started <time datetime={view.startTime.toISOString()}>{view.startTime.toISOString().replace('T', ' ').slice(0, 19)}</time>
        {' · '}{formatDuration(end - view.startTime.getTime())}
        {view.result?.partitionKey !== undefined ? <> · partition <code>{view.result.partitionKey}</code></> : null}
        {web ? <> · <a href={web} target="_blank" rel="noreferrer">Temporal Web ↗</a></> : null}
      </p>
      {view.running ? (
        <form method="post" action={`${runPagePath(view.workflowId)}/cancel`} class="cancel">
          <button type="submit">Cancel run</button>
        </form>
      ) : null}
      {view.result ? <StepTable result={view.result} /> : <p class="notice">{view.note}</p>}
    </section>
  );
};

const NoSuchRun: FC<{ ctx: UiContext; workflowId: string }> = ({ ctx, workflowId }) => (
  <Layout ctx={ctx} title="No such run" section="/runs">
    <h1>No such run</h1>
    <p role="alert">Temporal has no workflow <code>{workflowId}</code> in namespace <code>{ctx.namespace}</code>. See the <a href="/runs">recent runs</a>.</p>
  </Layout>
);

import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { PartitionsDefinition } from '../../assets/partitions';
import { startPreparedBackfill } from '../../client/backfills';
import { nothingSelectedMessage, resolveCatalogSelection } from '../../client/catalog-selection';
import { startPlannedRun } from '../../client/runs';
import type { UiContext } from '../context';
import { backfillPagePath, runPagePath } from '../links';
import { Layout } from '../pages/layout';
import { checkLaunch, launchErrorsOf, readLaunchForm, type CheckedLaunch, type LaunchError, type LaunchField, type LaunchForm } from './launch-request';
import { messageOf, seeOther } from './respond';

/** Up to this many partitions the pickers are a `<select>`; above, a text field checked on submit. */
export const PARTITION_SELECT_LIMIT = 1000;

/**
 * `/launch?select=<selection>`: materialize the selected assets — the selection resolved to its
 * keys, a partition (or, for a backfill, a range) for partitioned ones, run config as JSON.
 * The POST checks everything against the Definitions first (errors by field and path, nothing
 * started), then starts the run or backfill and goes to its page.
 */
export function launchRoutes(ctx: UiContext): Hono {
  const app = new Hono();
  app.get('/launch', async (c) => {
    const form: LaunchForm = { select: (c.req.query('select') ?? '').trim(), mode: 'run', partition: '', from: '', to: '', maxConcurrent: '4', runConfig: '' };
    const chosen = await catalogKeys(ctx, form.select);
    return c.html(<LaunchPage ctx={ctx} form={form} errors={chosen.errors} selectedKeys={chosen.keys} />);
  });
  app.post('/launch', async (c) => {
    const form = readLaunchForm(await c.req.parseBody());
    const chosen = await catalogKeys(ctx, form.select);
    const checked: CheckedLaunch = chosen.errors.length ? { kind: 'invalid', errors: chosen.errors } : checkLaunch(ctx.definitions, form, new Date(), chosen.keys);
    if (checked.kind === 'invalid') return c.html(<LaunchPage ctx={ctx} form={form} errors={checked.errors} selectedKeys={chosen.keys} />, 400);
    try {
      if (checked.kind === 'run') return seeOther(c, runPagePath((await startPlannedRun(ctx.client, ctx.definitions, checked.plan)).workflowId));
      return seeOther(c, backfillPagePath((await startPreparedBackfill(ctx.client, checked.backfill)).backfillId));
    } catch (err) {
      return c.html(<LaunchPage ctx={ctx} form={form} errors={[{ field: 'form', message: `Temporal did not start it: ${messageOf(err)}` }]} />, 502);
    }
  });
  return app;
}

/**
 * The keys a selection that calls a function (`stale()`) selects now, read from the catalog;
 * none for a selection without functions (or an empty one); a bad function, or nothing selected, as an error.
 */
async function catalogKeys(ctx: UiContext, select: string): Promise<{ keys?: string[]; errors: LaunchError[] }> {
  if (select === '') return { errors: [] };
  try {
    const chosen = await resolveCatalogSelection(ctx.definitions, select);
    if (!chosen.resolved) return { errors: [] };
    const keys = [...chosen.selection];
    return { keys, errors: keys.length ? [] : [{ field: 'select', message: nothingSelectedMessage(chosen.written) }] };
  } catch (err) {
    return { errors: launchErrorsOf(err, 'run') };
  }
}

/** The selection's keys and partitions (`selectedKeys`: already resolved from the catalog), or why the selection cannot be launched. */
function resolveSelection(ctx: UiContext, select: string, selectedKeys?: readonly string[]): { keys: string[]; partitions?: PartitionsDefinition; errors: LaunchError[] } {
  if (select === '' || selectedKeys?.length === 0) return { keys: [], errors: [] };
  try {
    const keys = ctx.definitions.select(selectedKeys ?? select);
    const partitions = ctx.definitions.partitionsOf(selectedKeys ?? select);
    return { keys, ...(partitions ? { partitions } : {}), errors: [] };
  } catch (err) {
    return { keys: [], errors: launchErrorsOf(err, 'run') };
  }
}

const LaunchPage: FC<{ ctx: UiContext; form: LaunchForm; errors: LaunchError[]; selectedKeys?: readonly string[] }> = ({ ctx, form, errors, selectedKeys }) => {
  const resolved = resolveSelection(ctx, form.select, selectedKeys);
  const all = [...errors, ...resolved.errors.filter((e) => !errors.some((x) => x.message === e.message))];
  const at = (field: LaunchField) => all.filter((e) => e.field === field);
  const configurable = resolved.keys.filter((k) => ctx.definitions.getAsset(k).config);
  const now = new Date();
  const keys = resolved.partitions?.keys(now);
  return (
    <Layout ctx={ctx} title="Materialize">
      <h1>Materialize</h1>
      <form method="get" action="/launch" class="selection">
        <label>Selection <input name="select" value={form.select} size={40} placeholder="top_customers+, group:sales, stale(), *" /></label>
        <button type="submit">Resolve</button>
        <FieldErrors id="select-errors" errors={at('select')} />
      </form>
      {resolved.keys.length > 0 ? (
        <form method="post" action="/launch" class="launch">
          <FieldErrors id="form-errors" errors={at('form')} />
          <input type="hidden" name="select" value={form.select} />
          <fieldset>
            <legend>{resolved.keys.length} asset{resolved.keys.length === 1 ? '' : 's'}</legend>
            <ul class="selected-assets">{resolved.keys.map((k) => <li data-asset={k}><a href={`/assets/${encodeURIComponent(k)}`}>{k}</a></li>)}</ul>
          </fieldset>
          {resolved.partitions && keys ? (
            <fieldset class="partitions">
              <legend>Partitions: {resolved.partitions.description}, {keys.length} now</legend>
              <div>
                <label><input type="radio" name="mode" value="run" checked={form.mode === 'run'} /> one partition</label>{' '}
                <PartitionPicker name="partition" label="Partition" keys={keys} value={form.partition || (keys[keys.length - 1] ?? '')} />
                <FieldErrors id="partition-errors" errors={at('partition')} />
              </div>
              <div>
                <label><input type="radio" name="mode" value="backfill" checked={form.mode === 'backfill'} /> backfill a range</label>{' '}
                <PartitionPicker name="from" label="From" keys={keys} value={form.from} blank={`first (${keys[0] ?? 'none'})`} />{' '}
                <PartitionPicker name="to" label="To" keys={keys} value={form.to} blank={`newest (${keys[keys.length - 1] ?? 'none'})`} />{' '}
                <label>at once <input type="number" name="maxConcurrent" min="1" value={form.maxConcurrent || '4'} size={3} /></label>
                <FieldErrors id="range-errors" errors={[...at('range'), ...at('maxConcurrent')]} />
              </div>
            </fieldset>
          ) : (
            <FieldErrors id="partition-errors" errors={at('partition')} />
          )}
          <fieldset>
            <legend><label for="runConfig">Run config (JSON)</label></legend>
            <textarea id="runConfig" name="runConfig" rows={8} cols={70} spellcheck={false} placeholder={configurable.length ? JSON.stringify({ ops: { [configurable[0]]: { config: {} } } }) : '{}'}>{form.runConfig}</textarea>
            <p class="hint">{configurable.length ? <>Takes config: {configurable.join(', ')}. Checked against their zod schemas before anything starts.</> : 'No asset of this selection takes config.'}</p>
            <FieldErrors id="runConfig-errors" errors={at('runConfig')} />
          </fieldset>
          <button type="submit">Launch</button>
        </form>
      ) : null}
    </Layout>
  );
};

const PartitionPicker: FC<{ name: string; label: string; keys: string[]; value: string; blank?: string }> = ({ name, label, keys, value, blank }) =>
  keys.length <= PARTITION_SELECT_LIMIT ? (
    <label>
      {label}{' '}
      <select name={name}>
        {blank !== undefined ? <option value="" selected={value === ''}>{blank}</option> : null}
        {keys.map((k) => <option value={k} selected={k === value}>{k}</option>)}
      </select>
    </label>
  ) : (
    <label>{label} <input name={name} value={value} placeholder={blank ?? `${keys[0]} … ${keys[keys.length - 1]}`} /></label>
  );

const FieldErrors: FC<{ id: string; errors: LaunchError[] }> = ({ id, errors }) =>
  errors.length ? (
    <ul class="field-errors" id={id} role="alert">
      {errors.map((e) => <li>{e.path !== undefined ? <><code class="path">{e.path}</code>: </> : null}{e.message}</li>)}
    </ul>
  ) : null;

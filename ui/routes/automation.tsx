import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { SensorDefinition } from '../../assets/sensor';
import { listSchedules, pauseSchedule, unpauseSchedule, type ScheduleRow } from '../../client/schedules';
import { isSensorState, lookupSensor, sensorHandle, sensorTarget, type SensorLookup } from '../../client/sensors';
import { DefinitionError, didYouMean } from '../../errors/errors';
import type { UiContext } from '../context';
import { Layout } from '../pages/layout';
import { messageOf, seeOther } from './respond';

/** The note Temporal Web shows on a schedule paused from here. */
const PAUSED_FROM_UI = 'paused from the asset UI';

/**
 * `/automation`: the code's schedules (cron in words, next fire times, paused or active) and
 * sensors (running or paused, cursor, last evaluation, last error), each with Pause / Resume,
 * doing what `assetflow schedules pause|unpause` and `assetflow sensors pause|resume` do.
 */
export function automationRoutes(ctx: UiContext): Hono {
  const app = new Hono();
  const page = async (error?: string) => {
    const [schedules, sensors] = await Promise.all([listSchedules(ctx.client, ctx.definitions), sensorRows(ctx)]);
    return <AutomationPage ctx={ctx} schedules={schedules} sensors={sensors} error={error} />;
  };
  const act = (what: (name: string) => Promise<void>) => async (c: Context) => {
    const name = c.req.param('name')!;
    try {
      await what(name);
    } catch (err) {
      return c.html(await page(messageOf(err)), 409);
    }
    return seeOther(c, '/automation');
  };

  app.get('/automation', async (c) => c.html(await page()));
  app.post('/automation/schedules/:name/pause', act((name) => pauseSchedule(ctx.client, ctx.definitions, name, PAUSED_FROM_UI)));
  app.post('/automation/schedules/:name/unpause', act((name) => unpauseSchedule(ctx.client, ctx.definitions, name)));
  app.post('/automation/sensors/:name/pause', act((name) => sensorHandle(ctx.client, knownSensor(ctx, name)).pause()));
  app.post('/automation/sensors/:name/resume', act((name) => sensorHandle(ctx.client, knownSensor(ctx, name)).resume()));
  return app;
}

/** Only the Definitions' own sensors are controlled from here (a signal to any other id would start nothing, but says nothing either). */
function knownSensor(ctx: UiContext, name: string): string {
  if (!ctx.definitions.sensors.has(name)) throw new DefinitionError([`there is no sensor '${name}' in these Definitions.${didYouMean(name, ctx.definitions.sensors.keys())}`]);
  return name;
}

interface SensorRow {
  sensor: SensorDefinition;
  found: SensorLookup;
}

async function sensorRows(ctx: UiContext): Promise<SensorRow[]> {
  return Promise.all([...ctx.definitions.sensors.values()].map(async (sensor) => ({ sensor, found: await lookupSensor(ctx.client, sensor.name) })));
}

const AutomationPage: FC<{ ctx: UiContext; schedules: ScheduleRow[]; sensors: SensorRow[]; error?: string }> = ({ ctx, schedules, sensors, error }) => (
  <Layout ctx={ctx} title="Schedules & sensors" section="/automation">
    <h1>Schedules &amp; sensors</h1>
    {error ? <p role="alert" class="notice error">{error}</p> : null}
    <h2>Schedules</h2>
    {schedules.length === 0 ? (
      <p>No schedules: add <code>schedule({'{...}'})</code> values to <code>Definitions({'{ schedules }'})</code> and run <code>assetflow deploy</code>.</p>
    ) : (
      <table class="schedules">
        <thead><tr><th>schedule</th><th>cron</th><th>when</th><th>status</th><th>next fire times</th><th>note</th><th></th></tr></thead>
        <tbody>
          {schedules.map((s) => (
            <tr data-schedule={s.name}>
              <td>{s.name}</td>
              <td><code>{s.cron ?? ''}</code>{s.timezone && s.timezone !== 'UTC' ? ` (${s.timezone})` : ''}</td>
              <td>{s.description ?? ''}</td>
              <td class={`status status-${s.status.replace(/ /g, '-')}`} data-status={s.status}>{s.status}</td>
              <td>{s.nextFireTimes.map((d) => <div><time datetime={d.toISOString()}>{d.toISOString()}</time></div>)}</td>
              <td>{s.note ?? ''}</td>
              <td>
                {s.status === 'active' ? <ControlButton action={`/automation/schedules/${encodeURIComponent(s.name)}/pause`} label={`Pause ${s.name}`} text="Pause" /> : null}
                {s.status === 'paused' ? <ControlButton action={`/automation/schedules/${encodeURIComponent(s.name)}/unpause`} label={`Resume ${s.name}`} text="Resume" /> : null}
                {s.status === 'not deployed' ? <span class="hint">run <code>assetflow deploy</code></span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    <h2>Sensors</h2>
    {sensors.length === 0 ? (
      <p>No sensors in these Definitions.</p>
    ) : (
      <table class="sensors">
        <thead><tr><th>sensor</th><th>type</th><th>target</th><th>status</th><th>cursor</th><th>last evaluation</th><th>last error</th><th></th></tr></thead>
        <tbody>
          {sensors.map(({ sensor, found }) => {
            const state = isSensorState(found) ? found : undefined;
            const status = state ? state.status : found === 'not deployed' ? 'not deployed' : 'no worker answering';
            const last = state?.lastEvaluation;
            const lastError = state?.lastError ?? (last?.status === 'failed' ? last.error : undefined);
            return (
              <tr data-sensor={sensor.name}>
                <td title={sensor.description}>{sensor.name}</td>
                <td>{sensor.type === 'asset' ? `asset (${sensor.assetKeys.join(', ')})` : `every ${sensor.minimumIntervalSeconds} s`}</td>
                <td>{sensorTarget(sensor)}</td>
                <td class={`status status-${status.replace(/ /g, '-')}`} data-status={status}>
                  {status}
                  {state && state.consecutiveFailures > 0 ? `, failing (${state.consecutiveFailures} in a row)` : ''}
                  {typeof found === 'object' && 'noWorkerOn' in found ? <div class="hint">start a worker for task queue <code>{found.noWorkerOn}</code></div> : null}
                </td>
                <td><code>{state?.cursor ?? ''}</code></td>
                <td>
                  {last ? (
                    <>
                      <time datetime={last.startedAt}>{last.startedAt}</time>{' '}
                      {last.status === 'skipped' ? `skipped${last.skipReason ? ` (${last.skipReason})` : ''}` : last.status === 'failed' ? 'failed' : `${last.started} started, ${last.deduped} deduped`}
                    </>
                  ) : ''}
                </td>
                <td class="error">{lastError ?? ''}</td>
                <td>
                  {state?.status === 'running' ? <ControlButton action={`/automation/sensors/${encodeURIComponent(sensor.name)}/pause`} label={`Pause ${sensor.name}`} text="Pause" /> : null}
                  {state?.status === 'paused' ? <ControlButton action={`/automation/sensors/${encodeURIComponent(sensor.name)}/resume`} label={`Resume ${sensor.name}`} text="Resume" /> : null}
                  {found === 'not deployed' ? <span class="hint">run <code>assetflow deploy</code></span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    )}
  </Layout>
);

const ControlButton: FC<{ action: string; label: string; text: string }> = ({ action, label, text }) => (
  <form method="post" action={action} class="control">
    <button type="submit" aria-label={label}>{text}</button>
  </form>
);

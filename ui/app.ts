import { Hono } from 'hono';
import type { UiContext } from './context';
import { uiGuards, type UiBinding } from './guards';
import { assetRoutes } from './routes/assets';
import { eventRoutes } from './routes/events';
import { staticRoutes } from './static-files';
import { automationRoutes } from './routes/automation';
import { backfillsRoutes } from './routes/backfills';
import { launchRoutes } from './routes/launch';
import { runsRoutes } from './routes/runs';

/**
 * The asset UI as a Hono app: every section is a sub-app of its own file under routes/, mounted
 * here; /static serves the client files. The guards (ui/guards.ts: Host, token, Origin for
 * anything but GET and HEAD) wrap every route, so a section's POST routes are protected by
 * being mounted here. `binding` is where the server listens (its port filled in once it does);
 * without one, loopback names on any port.
 */
export function createUiApp(ctx: UiContext, binding: UiBinding = { host: '127.0.0.1' }): Hono {
  const app = new Hono();
  app.use('*', uiGuards(binding));
  app.route('/static', staticRoutes());
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.route('/events', eventRoutes(ctx));
  app.route('/', assetRoutes(ctx));
  app.route('/', runsRoutes(ctx));
  app.route('/', backfillsRoutes(ctx));
  app.route('/', automationRoutes(ctx));
  app.route('/', launchRoutes(ctx));
  return app;
}

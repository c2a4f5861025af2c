import { Hono } from 'hono';
import type { UiContext } from './context';
import { staticRoutes } from './static-files';
import { automationRoutes } from './routes/automation';
import { backfillsRoutes } from './routes/backfills';
import { launchRoutes } from './routes/launch';
import { runsRoutes } from './routes/runs';

/**
 * The asset UI as a Hono app: every section is a sub-app of its own file under routes/, mounted
 * here; /static serves the client files. Guards for where requests come from (Host, Origin,
 * token) wrap everything.
 */
export function createUiApp(ctx: UiContext): Hono {
  const app = new Hono();
  app.route('/static', staticRoutes());
  app.get('/healthz', (c) => c.text('ok'));
  app.route('/', runsRoutes(ctx));
  app.route('/', backfillsRoutes(ctx));
  app.route('/', automationRoutes(ctx));
  app.route('/', launchRoutes(ctx));
  return app;
}

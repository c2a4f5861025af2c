import { Hono } from 'hono';
import type { UiContext } from './context';
import { staticRoutes } from './static-files';

/**
 * The asset UI as a Hono app: every section is a sub-app of its own file under routes/, mounted
 * here; /static serves the client files. Guards for where requests come from (Host, Origin,
 * token) wrap everything.
 */
export function createUiApp(ctx: UiContext): Hono {
  const app = new Hono();
  app.route('/static', staticRoutes());
  app.get('/healthz', (c) => c.text('ok'));
  void ctx;
  return app;
}

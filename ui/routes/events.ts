import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { UiContext } from '../context';
import { watchCatalog } from '../catalog-watch';

/** SSE event every page listens for: `changed`, its data the changed asset keys as a JSON array. */
export const CHANGED_EVENT = 'changed';

/**
 * `/events`: a server-sent event stream that says `changed` (with the changed asset keys) when
 * the catalog's view of any asset changes. Pages connect to it with htmx's SSE extension
 * (`hx-ext="sse" sse-connect="/events"` on the body, done by the layout) and refresh their live
 * parts with `hx-trigger="sse:changed"`.
 */
export function eventRoutes(ctx: UiContext): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    c.header('cache-control', 'no-store');
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      const pending: string[][] = [];
      const stop = watchCatalog(ctx.definitions, (keys) => {
        pending.push(keys);
        wake?.();
      });
      stream.onAbort(() => {
        stop();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      let beat = 0;
      while (!stream.aborted && !stream.closed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 15_000).unref();
        });
        wake = undefined;
        if (stream.aborted) break;
        if (!pending.length) await stream.writeSSE({ event: 'ping', data: String(++beat) }); // keeps proxies from closing an idle stream
        while (pending.length) await stream.writeSSE({ event: CHANGED_EVENT, data: JSON.stringify(pending.shift()) });
      }
      stop();
    });
  });
  return app;
}

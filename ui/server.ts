import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createUiApp } from './app';
import type { UiContext } from './context';
import { layoutGraph } from './graph-layout';
import { resolveBinding } from './guards';

/** The port `assetflow dev` and `npm start` serve the UI on when it is free (else any free port). */
export const DEFAULT_UI_PORT = 3300;

export interface AssetUiOptions extends UiContext {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind: 127.0.0.1 by default. Anything but loopback requires `token`. */
  host?: string;
  /** The token every request must carry (default ASSETFLOW_UI_TOKEN); required off loopback. */
  token?: string;
  /** When `port` is taken, listen on a free port instead of failing (`assetflow dev`'s default port). */
  fallbackToFreePort?: boolean;
}

export interface AssetUi {
  /** The UI's address, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The address to open first: `url`, with `?token=…` when a token is required (visiting it sets the cookie). */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the asset UI for the Definitions until `close()`.
 *
 * @example
 * ```ts
 * const ui = await startAssetUi({ definitions, client, namespace: 'default', temporalWebUrl: 'http://127.0.0.1:8233' });
 * console.log(`Asset UI: ${ui.url}`);
 * ```
 */
export async function startAssetUi(options: AssetUiOptions): Promise<AssetUi> {
  const { port = 0, host = '127.0.0.1', token, fallbackToFreePort = false, ...ctx } = options;
  const binding = resolveBinding(host, token);
  const app = createUiApp(ctx, binding);
  const listen = (p: number) =>
    new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: p, hostname: host }, () => resolve(s));
      s.once('error', reject);
    });
  let server: ReturnType<typeof serve>;
  try {
    server = await listen(port);
  } catch (err) {
    if (!fallbackToFreePort || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    server = await listen(0);
  }
  const bound = (server.address() as AddressInfo).port;
  binding.port = bound;
  // Lay the whole graph out now, off the first request's path (cached per Definitions).
  setImmediate(() => {
    try {
      layoutGraph(ctx.definitions, ctx.definitions.select('*').filter((k) => ctx.definitions.assets.has(k)));
    } catch {
      // Not Definitions one can lay out (a test's stand-in): the first page request says why.
    }
  });
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${bound}`;
  return {
    url,
    openUrl: binding.token ? `${url}/?token=${encodeURIComponent(binding.token)}` : url,
    port: bound,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createUiApp } from './app';
import type { UiContext } from './context';

export interface AssetUiOptions extends UiContext {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind: 127.0.0.1 by default. */
  host?: string;
}

export interface AssetUi {
  /** The UI's address, e.g. `http://127.0.0.1:3000`. */
  url: string;
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
  const { port = 0, host = '127.0.0.1', ...ctx } = options;
  const app = createUiApp(ctx);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${bound}`,
    port: bound,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}

/** Serving the asset UI beside a worker (`assetflow dev`, `npm start`) and saying where it is. */
import type { Client } from '@temporalio/client';
import type { Definitions } from '../../planning/definitions';
import { DEFAULT_UI_PORT, startAssetUi, type AssetUi } from '../../ui/server';
import pc from './colors';

export interface CliAssetUiOptions {
  definitions: Definitions;
  client: Client;
  namespace: string;
  temporalWebUrl?: string;
  /** A port asked for: it must be free. Without one: {@link DEFAULT_UI_PORT} when free, else a free port. */
  port?: number;
  /** Interface to bind (127.0.0.1 by default; anything else needs ASSETFLOW_UI_TOKEN). */
  host?: string;
}

/**
 * Starts the asset UI and returns it with the line to print: `Asset UI: http://127.0.0.1:3300`
 * (with a note when the default port was taken and another was used).
 */
export async function startCliAssetUi(options: CliAssetUiOptions): Promise<{ ui: AssetUi; line: string }> {
  const { port, ...ctx } = options;
  const ui = await startAssetUi({ ...ctx, port: port ?? DEFAULT_UI_PORT, fallbackToFreePort: port === undefined });
  const note = port === undefined && ui.port !== DEFAULT_UI_PORT ? pc.dim(` (port ${DEFAULT_UI_PORT} is taken; --ui-port picks another)`) : '';
  return { ui, line: `Asset UI: ${pc.underline(ui.openUrl)}${note}` };
}

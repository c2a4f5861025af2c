import { Client, Connection } from '@temporalio/client';
import { connectionOptions, temporalTargetFromEnv, type TemporalTarget } from '../../temporal/connection';
import { ensureDevServer, type DevServer } from '../../temporal/dev-server';

export interface ResolvedTarget {
  target: TemporalTarget;
  /** Set when assetflow manages a local dev server for this command. */
  server?: DevServer;
  uiUrl?: string;
}

/**
 * The Temporal service a command talks to: TEMPORAL_ADDRESS when set, else the local dev
 * server, started (detached, so Temporal Web stays up) or reused. `dbFile`: the database of a
 * server started here (default ASSETFLOW_DEV_DB or .assetflow/temporal.db).
 */
export async function resolveTarget(options: { detached?: boolean; dbFile?: string } = {}): Promise<ResolvedTarget> {
  const fromEnv = temporalTargetFromEnv();
  if (fromEnv) return { target: fromEnv, uiUrl: process.env.TEMPORAL_UI_URL };
  const server = await ensureDevServer({ detached: options.detached ?? true, dbFile: options.dbFile });
  return { target: { address: server.address, namespace: server.namespace }, server, uiUrl: server.uiUrl };
}

export async function connectClient(target: TemporalTarget): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect(connectionOptions(target));
  return { client: new Client({ connection, namespace: target.namespace }), close: () => connection.close() };
}

/** Runs `fn` with a client on the resolved Temporal service, closing the connection after. */
export async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const { target } = await resolveTarget();
  const { client, close } = await connectClient(target);
  try {
    return await fn(client);
  } finally {
    await close();
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDevServer, freePort } from '../../temporal/dev-server';
import { workflowBundlePath } from '../../temporal/workflow-bundle';

/**
 * One real Temporal dev server (headless, its own SQLite file and ports) for the whole suite,
 * and the workflow bundle built once. Tests find the server through ASSETFLOW_TEST_ADDRESS.
 */
export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-test-'));
  const port = await freePort();
  const server = await ensureDevServer({ port, headless: true, dbFile: path.join(dir, 'temporal.db'), startTimeoutMs: 90_000 });
  const bundle = await workflowBundlePath();
  process.env.ASSETFLOW_TEST_ADDRESS = server.address;
  process.env.ASSETFLOW_TEST_BUNDLE = bundle;
  process.env.ASSETFLOW_TEST_DIR = dir;
  process.env.ASSETFLOW_LOG_LEVEL ??= 'warn';
  (globalThis as { __assetflowServer?: { stop(): Promise<void>; dir: string } }).__assetflowServer = { stop: server.stop, dir };
}

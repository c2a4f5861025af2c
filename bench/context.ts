import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ensureDevServer, freePort } from '../client/dev-server';
import { workflowBundlePath } from '../worker-bundle';
import type { BenchContext, BenchOptions } from './types';

export const DATA_DIR = path.join(__dirname, '.data');

/**
 * Starts the bench's own headless dev server (fresh SQLite file, free ports) and builds the
 * workflow bundle once. `close()` stops the server and deletes the scratch directory.
 */
export async function createBenchContext(options: BenchOptions): Promise<BenchContext & { close(): Promise<void> }> {
  const workDir = fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'assetflow-bench-'));
  const log = (message: string) => {
    if (options.verbose) process.stderr.write(`[bench] ${message}\n`);
  };
  log(`starting a dev server (work dir ${workDir})`);
  const server = await ensureDevServer({ port: await freePort(), headless: true, dbFile: path.join(workDir, 'temporal.db'), startTimeoutMs: 90_000 });
  const bundle = await workflowBundlePath();
  const connection = await Connection.connect({ address: server.address });
  fs.mkdirSync(DATA_DIR, { recursive: true });
  return {
    options,
    target: { address: server.address, namespace: server.namespace },
    client: new Client({ connection, namespace: server.namespace }),
    workflowBundlePath: bundle,
    workDir,
    dataDir: DATA_DIR,
    newTaskQueue: (name) => `bench-${name}-${randomUUID().slice(0, 8)}`,
    log,
    shared: new Map(),
    async close() {
      await connection.close();
      await server.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

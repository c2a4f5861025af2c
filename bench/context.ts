import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TemporalTarget } from '../temporal/connection';
import { ensureDevServer, freePort } from '../temporal/dev-server';
import { workflowBundlePath } from '../temporal/workflow-bundle';
import type { BenchContext, BenchOptions } from './types';

export const DATA_DIR = path.join(__dirname, '.data');

export const DEFAULT_OPTIONS: BenchOptions = { rows: 10_000_000, repeat: 3, chain: 100, wide: 200, scaleAssets: 10_000, partitions: 1000, catalogPartitions: 100_000, verbose: false };

type ClosableContext = BenchContext & { close(): Promise<void> };

/**
 * Starts the bench's own headless dev server (fresh SQLite file, free ports) and builds the
 * workflow bundle once. `close()` stops the server and deletes the scratch directory.
 */
export async function createBenchContext(options: BenchOptions): Promise<ClosableContext> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-bench-'));
  if (options.verbose) process.stderr.write(`[bench] starting a dev server (work dir ${workDir})\n`);
  const server = await ensureDevServer({ port: await freePort(), headless: true, dbFile: path.join(workDir, 'temporal.db'), startTimeoutMs: 90_000 });
  const ctx = await benchContextOn({ address: server.address, namespace: server.namespace }, options, { workDir });
  return {
    ...ctx,
    ...(server.pid ? { serverCpuMs: () => processCpuMs(server.pid!) } : {}),
    async close() {
      await ctx.close();
      await server.stop();
    },
  };
}

/** A bench context on an existing server (the test suite's, for the smoke test). */
export async function benchContextOn(target: TemporalTarget, options: BenchOptions, dirs: { workDir?: string; dataDir?: string; bundle?: string } = {}): Promise<ClosableContext> {
  const workDir = dirs.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-bench-'));
  const dataDir = dirs.dataDir ?? DATA_DIR;
  fs.mkdirSync(dataDir, { recursive: true });
  const bundle = dirs.bundle ?? (await workflowBundlePath());
  const connection = await Connection.connect({ address: target.address });
  return {
    options,
    target,
    client: new Client({ connection, namespace: target.namespace }),
    workflowBundlePath: bundle,
    workDir,
    dataDir,
    newTaskQueue: (name) => `bench-${name}-${randomUUID().slice(0, 8)}`,
    log: (message) => {
      if (options.verbose) process.stderr.write(`[bench] ${message}\n`);
    },
    shared: new Map(),
    async close() {
      await connection.close();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** user + system CPU of a process, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Definitions } from '../../planning/definitions';
import type { TemporalTarget } from '../../temporal/connection';
import { createWorker } from '../../worker';
import { findDefinitionsModule } from '../../execution/definitions-module';

// Failures are expected in these tests; the SDK's warnings about them are noise.
process.env.ASSETFLOW_TEMPORAL_LOG_LEVEL ??= 'ERROR';

/** The suite's dev server (started by global-setup). */
export function testTarget(): TemporalTarget {
  const address = process.env.ASSETFLOW_TEST_ADDRESS;
  if (!address) throw new Error('ASSETFLOW_TEST_ADDRESS is not set: run the tests through jest (global-setup starts the dev server).');
  return { address, namespace: 'default' };
}

/** A fresh directory for one test's outputs. */
export function tempStorage(name: string): string {
  const dir = path.join(process.env.ASSETFLOW_TEST_DIR ?? '/tmp', `${name}-${randomUUID().slice(0, 8)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export interface TestEnv {
  client: Client;
  taskQueue: string;
  target: TemporalTarget;
  close(): Promise<void>;
}

/** A client on the suite's server and a task queue no other test file uses. */
export async function connectTestEnv(): Promise<TestEnv> {
  const target = testTarget();
  const connection = await Connection.connect({ address: target.address });
  return {
    client: new Client({ connection, namespace: target.namespace }),
    taskQueue: `test-${randomUUID()}`,
    target,
    close: () => connection.close(),
  };
}

/** Runs `fn` while a real worker for `definitions` polls the env's task queue. */
export async function withWorker<T>(env: TestEnv, definitions: Definitions, fn: () => Promise<T>): Promise<T> {
  const definitionsModule = findDefinitionsModule(definitions);
  const worker = await createWorker({
    definitions,
    target: env.target,
    taskQueue: env.taskQueue,
    workflowBundlePath: process.env.ASSETFLOW_TEST_BUNDLE,
    // Definitions a module exports run their steps in step threads, as in production; those a
    // test builds inline (no module exports them, so no thread can load them) on the worker's thread.
    ...(definitionsModule ? { definitionsModule } : { stepThreads: false }),
  });
  return worker.runUntil(fn);
}

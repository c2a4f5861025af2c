/**
 * A worker checks its storage root when it starts: a root that cannot be a writable directory
 * (here: under a regular file) stops createWorker with an error naming the root and the cause,
 * instead of failing every step three times later. A root that does not exist yet is created.
 */
import fs from 'node:fs';
import path from 'node:path';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { createWorker } from '../worker';
import { connectTestEnv, tempStorage, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const numbers = asset({ key: 'numbers', compute: () => [1, 2, 3] });

test('a storage root under a regular file stops the worker at start, saying why', async () => {
  const dir = tempStorage('storage-root-file');
  fs.writeFileSync(path.join(dir, 'not-a-folder'), 'a regular file');
  const storageRoot = path.join(dir, 'not-a-folder', 'storage');
  // The catalog lives elsewhere, so that only the storage root is wrong.
  const definitions = new Definitions({ assets: [numbers], storageRoot, catalog: `sqlite:${path.join(dir, 'catalog.sqlite')}` });
  const starting = createWorker({ definitions, target: env.target, taskQueue: env.taskQueue, workflowBundlePath: process.env.ASSETFLOW_TEST_BUNDLE });
  await expect(starting).rejects.toMatchObject({
    name: 'StorageRootError',
    code: 'STORAGE_ROOT_UNUSABLE',
    message: expect.stringContaining(`The storage root ${storageRoot} cannot be used: ${path.join(dir, 'not-a-folder')} is a file, not a folder`),
  });
  await definitions.dispose();
});

test('a storage root that does not exist yet is created at start', async () => {
  const storageRoot = path.join(tempStorage('storage-root-new'), 'a', 'b');
  const definitions = new Definitions({ assets: [numbers], storageRoot });
  // Inline Definitions: steps on the worker's own thread (this test only starts the worker).
  const worker = await createWorker({ definitions, target: env.target, taskQueue: env.taskQueue, workflowBundlePath: process.env.ASSETFLOW_TEST_BUNDLE, stepThreads: false });
  expect(fs.statSync(storageRoot).isDirectory()).toBe(true);
  await worker.runUntil(Promise.resolve());
});

/** The file catalog on real files: a missing file is an asset never materialized; an unreadable one is an error, never "empty". */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogReadError } from './catalog-read-error';
import { fileCatalog } from './file-catalog';

const record = { assetKey: 'sales/daily', partitionKey: '2026-11-05', runId: 'r1', location: '/x', metadata: {}, attempt: 1, materializedAt: '2026-11-06T00:00:00.000Z' };

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'file-catalog-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('an asset with no catalog file has no materializations', async () => {
  const catalog = fileCatalog(root);
  expect(await catalog.history('sales/daily')).toEqual([]);
  expect(await catalog.latest('sales/daily')).toBeUndefined();
  expect(await catalog.materializedPartitions('sales/daily')).toEqual([]);
  await catalog.record(record);
  expect(await catalog.history('sales/daily')).toEqual([record]);
});

test('a catalog file that cannot be read throws, naming the asset and the file, in every read', async () => {
  // Tests run as root, where chmod 000 does not stop a read: a directory in the file's place does.
  const file = path.join(root, '.catalog', 'sales', 'daily.jsonl');
  fs.mkdirSync(file, { recursive: true });
  const catalog = fileCatalog(root);
  const err = await catalog.history('sales/daily').then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CatalogReadError);
  expect(err).toMatchObject({ assetKey: 'sales/daily', file, cause: expect.objectContaining({ code: 'EISDIR' }) });
  expect((err as Error).message).toBe(
    `cannot read the catalog of asset 'sales/daily' at ${file} (EISDIR: illegal operation on a directory, read): something else is in its place (a directory): move it away; its materializations are recorded there, so assetflow will not treat them as missing`,
  );
  await expect(catalog.latest('sales/daily')).rejects.toThrow(CatalogReadError);
  await expect(catalog.materializedPartitions('sales/daily')).rejects.toThrow(CatalogReadError);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogUrlError } from './catalog-errors';
import { catalogFromUrl } from './open-catalog';
import { reopeningCatalog } from './reopening-catalog';

test('a closed catalog opens again on next use, with what it had', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reopening-')), 'catalog.sqlite');
  let opened = 0;
  const store = reopeningCatalog(() => {
    opened++;
    return catalogFromUrl(`sqlite:${file}`);
  });
  expect(store.location).toBe(`sqlite:${file}`);
  await store.recordMaterialization({ assetKey: 'a', runId: 'r', location: 'x', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() });
  await store.close();
  await store.close(); // twice is fine
  expect(await store.state('a')).toBe('materialized');
  expect(opened).toBe(2);
  await store.close();
});

test('a bad URL fails when the catalog is made, not at first use', () => {
  expect(() => reopeningCatalog(() => catalogFromUrl('mysql://h/db'))).toThrow(CatalogUrlError);
});

/** Choosing a catalog by URL: the forms accepted, and clear errors for the others. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogUrlError } from './catalog-errors';
import { catalogFromUrl, catalogUrlFromEnv, defaultCatalogFile, openCatalog } from './open-catalog';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'open-catalog-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('sqlite: URLs name a file, relative or absolute', async () => {
  expect(catalogFromUrl(`sqlite:${dir}/a.sqlite`).location).toBe(`sqlite:${dir}/a.sqlite`);
  expect(catalogFromUrl(`sqlite://${dir}/b.sqlite`).location).toBe(`sqlite:${dir}/b.sqlite`);
  expect(catalogFromUrl('sqlite:rel/c.sqlite').location).toBe(`sqlite:${path.resolve('rel/c.sqlite')}`);
  expect(catalogFromUrl('SQLITE::memory:').location).toBe('sqlite::memory:');
  const store = await openCatalog(`sqlite:${dir}/nested/folder/d.sqlite`);
  expect(fs.existsSync(path.join(dir, 'nested', 'folder', 'd.sqlite'))).toBe(true);
  await store.close();
});

test('postgres:// and postgresql:// URLs name a server, database and schema (no password shown)', async () => {
  const store = catalogFromUrl('postgresql://me:secret@db.example:6543/warehouse?schema=cat&sslmode=disable');
  expect(store.location).toBe('postgres://me@db.example:6543/warehouse (schema cat)');
  await store.close();
  const plain = catalogFromUrl('postgres://127.0.0.1/test');
  expect(plain.location).toBe(`postgres://${process.env.PGUSER || process.env.USER || 'postgres'}@127.0.0.1:5432/test (schema assetflow)`);
  await plain.close();
});

test('other URLs are refused with the forms that work', () => {
  expect(() => catalogFromUrl('')).toThrow(CatalogUrlError);
  expect(() => catalogFromUrl('mysql://x/y')).toThrow(/the catalog URL scheme 'mysql:' is not one the catalog knows: expected sqlite:<path> .* or postgres:\/\/user:password@host:5432\/database/);
  expect(() => catalogFromUrl('catalog.sqlite')).toThrow(/'catalog.sqlite' is not one the catalog knows/);
  expect(() => catalogFromUrl('sqlite:')).toThrow(/names no file/);
  expect(() => catalogFromUrl('postgres://u:pw@[bad/x')).toThrow(/cannot be parsed \(it is not shown: it may hold a password\)/);
  try {
    catalogFromUrl('postgres://u:pw-s3cret@[bad/x');
  } catch (err) {
    expect((err as Error).message).not.toContain('pw-s3cret');
  }
});

test('ASSETFLOW_CATALOG_URL chooses the catalog; else the embedded file in the storage root', () => {
  expect(catalogUrlFromEnv('/data/storage', {})).toBe('sqlite:/data/storage/.catalog.sqlite');
  expect(catalogUrlFromEnv('/data/storage', { ASSETFLOW_CATALOG_URL: ' postgres://h/db ' })).toBe('postgres://h/db');
  expect(defaultCatalogFile('/r')).toBe('/r/.catalog.sqlite');
});

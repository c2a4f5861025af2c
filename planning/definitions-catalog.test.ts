import path from 'node:path';
import { asset } from '../assets/asset';
import { fileCatalog } from '../storage/catalog/file-catalog';
import { sqliteCatalog } from '../storage/catalog/sqlite-store';
import { Definitions } from './definitions';

const a = asset({ key: 'a', compute: () => 1 });

describe('Definitions({ catalog })', () => {
  test('default: the SQLite file beside the storage root; ASSETFLOW_CATALOG_URL overrides it', () => {
    const saved = process.env.ASSETFLOW_CATALOG_URL;
    try {
      delete process.env.ASSETFLOW_CATALOG_URL;
      expect(new Definitions({ assets: [a], storageRoot: '/tmp/root' }).catalog.location).toBe('sqlite:/tmp/root/.catalog.sqlite');
      process.env.ASSETFLOW_CATALOG_URL = 'postgres://u:pw@db.example:5433/assets?schema=team_a';
      const location = new Definitions({ assets: [a], storageRoot: '/tmp/root' }).catalog.location;
      expect(location).toMatch(/db\.example:5433\/assets.*\(schema team_a\)/);
      expect(location).not.toContain('pw');
    } finally {
      if (saved === undefined) delete process.env.ASSETFLOW_CATALOG_URL;
      else process.env.ASSETFLOW_CATALOG_URL = saved;
    }
  });

  test('a URL or a store', () => {
    expect(new Definitions({ assets: [a], catalog: 'sqlite:relative/cat.sqlite' }).catalog.location).toBe(`sqlite:${path.resolve('relative/cat.sqlite')}`);
    const store = sqliteCatalog(':memory:');
    expect(new Definitions({ assets: [a], catalog: store }).catalog).toBe(store);
  });

  test('the old file catalog, or a bad URL, is refused saying what to pass', () => {
    expect(() => new Definitions({ assets: [a], catalog: fileCatalog('/tmp/x') as never })).toThrow(/catalog must be a catalog URL .* or a catalog store \(sqliteCatalog\(file\)/);
    expect(() => new Definitions({ assets: [a], catalog: 'mysql://h/db' })).toThrow(/scheme 'mysql:' is not one the catalog knows/);
  });
});

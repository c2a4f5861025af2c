import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileCatalog } from './file-catalog';
import { importFileCatalog } from './import-file-catalog';
import { sqliteCatalog } from './sqlite-store';

test('a file catalog moves into a store with its history, once, torn lines skipped', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'import-catalog-'));
  try {
    const files = fileCatalog(root);
    const at = (i: number) => new Date(Date.UTC(2026, 10, 1, i)).toISOString();
    await files.record({ assetKey: 'raw_sales', runId: 'r1', location: '/a', metadata: { rows: 1 }, attempt: 1, materializedAt: at(1) });
    await files.record({ assetKey: 'raw_sales', runId: 'r2', location: '/b', metadata: { rows: 2 }, attempt: 2, materializedAt: at(2) });
    await files.record({ assetKey: 'sales/daily', partitionKey: '2026-11-01', runId: 'r3', location: '/c', metadata: {}, attempt: 1, materializedAt: at(3) });
    fs.appendFileSync(path.join(root, '.catalog', 'raw_sales.jsonl'), '{"assetKey":"raw_sa'); // a crash mid-append

    const store = sqliteCatalog(path.join(root, '.catalog.sqlite'));
    expect(await importFileCatalog(root, store)).toEqual({ read: 3, recorded: 3, skipped: 1 });
    expect(await importFileCatalog(root, store)).toEqual({ read: 3, recorded: 0, skipped: 1 });
    expect((await store.history('raw_sales')).map((r) => [r.runId, r.attempt, r.location])).toEqual([
      ['r1', 1, '/a'],
      ['r2', 2, '/b'],
    ]);
    expect(await store.materializedPartitions('sales/daily')).toEqual(['2026-11-01']);
    await store.close();
    expect(await importFileCatalog(path.join(root, 'nowhere'), sqliteCatalog(':memory:'))).toEqual({ read: 0, recorded: 0, skipped: 0 });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** Keeps figure 8 (bench/catalog.ts) from rotting: it runs once at a tiny size. No timing is asserted. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCatalog } from '../bench/catalog';
import { TEST_DATABASE_URL } from './support/postgres';

test('figure 8 measures both catalogs and reports every row', async () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bench-'));
  try {
    const rows = await measureCatalog({ partitions: 500, assets: 30, repeat: 1, workDir, databaseUrl: TEST_DATABASE_URL, log: () => undefined });
    expect(rows.map((r) => r.figure)).toEqual([
      '8 catalog partition status (SQLite)',
      '8 catalog record, 2 writers at once (SQLite)',
      '8 catalog latest of every asset (SQLite)',
      '8 catalog partition status (PostgreSQL)',
      '8 catalog record, 2 writers at once (PostgreSQL)',
      '8 catalog latest of every asset (PostgreSQL)',
    ]);
    for (const row of rows) expect(Number.isFinite(row.value)).toBe(true);
    expect(rows[0].note).toContain('500 partitions, 1,500 records of the asset (1,590 in the catalog): 380 materialized, 20 failed, 20 in progress, 80 missing');
    expect(rows[2].note).toContain('30 assets (30 with a materialization)');
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
});
